import { isPlanName, plans } from '../mocks/plans.js';
import type { ScenarioDocument } from '../scenarios/scenario-arbitrary.js';
import { orderedWindow, type OrderedWindowOptions } from './ordered-window.js';

/** The bucket, in calls, {@link fewerOrders} may shrink a shop's to (the smallest the arbitrary makes). */
const smallestBucket = 10;

/** Candidates {@link fewerOrders} tries at most. */
const fewerOrdersBudget = 200;

/**
 * A second shrinking pass after fast-check's, on the order counts (delta debugging): fast-check shrinks
 * each field toward its minimum alone, so it stops at a local minimum such as ten orders of which a 5 %
 * redelivery share picks one. This tries, until none breaks any more or 200 candidates are spent: dropping
 * a phase (alone, or with every fault made certain); a phase of 1 order, half its orders, one fewer; every
 * webhook redelivered or late, a 10-call bucket, a fault rule that fires on every request it matches (so a few orders suffice); and keeps the first candidate that
 * still breaks. Each step lowers the order count or turns a share or a chance to 1, so it ends.
 * Deterministic, so the seed and path still reproduce its result.

 */
export async function fewerOrders(
  document: ScenarioDocument,
  breaks: (candidate: ScenarioDocument, abandoned: AbortSignal) => Promise<boolean>,
  window: Omit<OrderedWindowOptions, 'batch'>,
): Promise<ScenarioDocument> {
  let best = document;
  let tried = 0;
  for (let improved = true; improved && tried < fewerOrdersBudget;) {
    improved = false;
    // Candidates run side by side on a pool, but the first one in order that breaks wins, and the budget
    // counts the candidates up to it: the same result as trying them one after another.
    await orderedWindow(
      take(smallerDocuments(best), fewerOrdersBudget - tried),
      breaks,
      (breaking, candidate) => {
        tried++;
        if (!breaking) return true;
        best = candidate;
        improved = true;
        return false;
      },
      window,
    );
  }
  return best;
}

/** The first `count` items of `items`. */
function* take<T>(items: Iterable<T>, count: number): Generator<T> {
  if (count <= 0) return;
  let taken = 0;
  for (const item of items) {
    yield item;
    if (++taken >= count) return;
  }
}

/** The candidates of one {@link fewerOrders} step, smallest first. */
function* smallerDocuments(document: ScenarioDocument): Generator<ScenarioDocument> {
  // First what makes the failure certain — a fault rule firing every time, every webhook redelivered or
  // late, a 10-call bucket — so that fewer orders can still meet it; then fewer orders.
  const rules = document.faults?.rules ?? [];
  for (let i = 0; i < rules.length; i++) {
    const probability = rules[i]?.probability;
    if (probability === undefined || probability <= 0 || probability >= 1) continue;
    const certain = rules.map((rule, j) => (j === i ? { ...rule, probability: 1 } : rule));
    yield { ...document, faults: { ...document.faults, rules: certain } };
  }
  const { traffic } = document;
  const { webhooks } = traffic;
  if (webhooks?.duplicateShare !== undefined && webhooks.duplicateShare > 0 && webhooks.duplicateShare < 1)
    yield { ...document, traffic: { ...traffic, webhooks: { ...webhooks, duplicateShare: 1 } } };
  if (webhooks?.lateShare !== undefined && webhooks.lateShare > 0 && webhooks.lateShare < 1)
    yield { ...document, traffic: { ...traffic, webhooks: { ...webhooks, lateShare: 1 } } };
  // A smaller bucket: a 429 storm then needs fewer orders. Ten calls, the smallest bucket generated.
  const limits = isPlanName(document.shop.plan) ? plans[document.shop.plan] : document.shop;
  if ((limits.bucketSize ?? 0) > smallestBucket)
    yield {
      ...document,
      shop: { plan: 'custom', bucketSize: smallestBucket, leakPerSecond: limits.leakPerSecond },
    };
  const phases = traffic.phases;
  const withPhases = (next: typeof phases): ScenarioDocument => ({
    ...document,
    traffic: { ...traffic, phases: next },
  });
  if (phases.length > 1)
    for (let i = 0; i < phases.length; i++) yield withPhases(phases.filter((_, j) => j !== i));
  // Two steps at once, where neither alone still breaks: a phase dropped with every fault made certain
  // (the orders that met the failure by chance then meet it for sure).
  const chance = (rule: (typeof rules)[number]) => rule.probability !== undefined && rule.probability > 0;
  if (phases.length > 1 && rules.some((rule) => chance(rule) && rule.probability !== 1)) {
    const faults = {
      ...document.faults,
      rules: rules.map((rule) => (chance(rule) ? { ...rule, probability: 1 } : rule)),
    };
    for (let i = 0; i < phases.length; i++) yield { ...withPhases(phases.filter((_, j) => j !== i)), faults };
  }
  for (let i = 0; i < phases.length; i++) {
    const orders = phases[i]?.orders;
    if (orders === undefined) continue;
    for (const fewer of new Set([1, Math.floor(orders / 2), orders - 1])) {
      if (fewer >= 1 && fewer < orders)
        yield withPhases(phases.map((phase, j) => (j === i ? { ...phase, orders: fewer } : phase)));
    }
  }
}
