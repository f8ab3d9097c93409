import fc from 'fast-check';
import { propertyNames, type PropertyName, type PropertyVerdict } from '../reports/report-model.js';
import { scenarioDocumentArbitrary, type ScenarioDocument } from '../scenarios/scenario-arbitrary.js';
import { faultClasses, faultClassesOf, type FaultClass } from '../scenarios/scenario-arbitrary-classes.js';
import type { PipelineName } from '../scenarios/scenario-types.js';
import { validateScenario } from '../scenarios/validate-scenario.js';
import { isPlanName, plans } from '../mocks/plans.js';
import { FunnelstormError, isFunnelstormError } from '../runtime/errors.js';
import { brokenProperties, checkProperties } from './properties/check-properties.js';
import type { RunEvidence } from './properties/run-evidence.js';
import { simulateScenario } from './run-scenario.js';

/** Settings of {@link exploreScenarios}. */
export interface ExploreOptions {
  /** The pipeline every generated scenario runs. Defaults to `reference`. */
  pipeline: PipelineName;
  /** Generated scenarios to run (shrinking runs not counted). Defaults to 200. */
  runs: number;
  /** fast-check's seed: the same seed (and path) generates the same scenarios. */
  seed: number;
  /**
   * fast-check's replay path (`RunDetails.counterexamplePath`, e.g. `"17:3:0"`): with the seed, jumps
   * straight to a counterexample found before and its shrinking. Defaults to none (a fresh search).
   */
  path?: string;
  /** The most orders a generated scenario has. Defaults to 200. */
  maxOrders: number;
  /** The properties checked. Defaults to all six. */
  properties?: readonly PropertyName[];
  /**
   * Stops the search after this much wall time, in ms, shrinking included (fast-check's
   * `interruptAfterTimeLimit`); a search stopped early without a failure reports `interrupted`. Defaults to
   * none.
   */
  timeBudgetMs?: number;
  /** Called after every scenario run, generated or shrinking. Must not wait. */
  onRun?: (progress: ExploreProgress) => void;
}

/** How far a search has got. */
export interface ExploreProgress {
  /** Generated scenarios run so far. */
  runs: number;
  /** The search's planned runs. */
  plannedRuns: number;
  /** True once a counterexample was found and fast-check is shrinking it. */
  shrinking: boolean;
  /** Shrinking runs so far. */
  shrinkRuns: number;
}

/** A property broken by a (shrunk) generated scenario. */
export interface Counterexample {
  /** The shrunk scenario document: written as a file, `funnelstorm run` replays it exactly. */
  document: ScenarioDocument;
  /** The properties it breaks, with their order ids. */
  broken: PropertyVerdict[];
  /** Orders in the shrunk scenario. */
  orders: number;
  /** fast-check's replay path: with the seed, reproduces this counterexample (`--path`). */
  path: string;
  /** Shrinking steps fast-check took. */
  shrinks: number;
}

/** What a search found. */
export interface ExploreResult {
  seed: number;
  pipeline: PipelineName;
  /** Generated scenarios run (shrinking runs not counted). */
  runs: number;
  /** True when the time budget ended the search before `runs` scenarios, without a failure. */
  interrupted: boolean;
  /** Of the generated scenarios run, how many exercised each fault class, every class listed. */
  coverage: Record<FaultClass, number>;
  /** Per property, how many generated runs it made a claim about (`applies`). */
  applied: Record<PropertyName, number>;
  /**
   * The median over the generated runs where bounded-p99 claimed a bound of the run's p99 / bound (the
   * verdict's `ratio`): how tight the bound is on the pipeline under test. Absent when none claimed one.
   */
  medianP99Ratio?: number;
  /** The first property broken, shrunk; absent when every run held. */
  counterexample?: Counterexample;
}

/** Defaults of {@link ExploreOptions}. */
export const defaultExploreOptions = { pipeline: 'reference', runs: 200, maxOrders: 200 } as const;

/**
 * The number of orders a scenario document asks for: the sum of its phases' `orders` (a phase given by
 * rate counts its expected number, rounded).
 */
export function documentOrders(document: ScenarioDocument): number {
  let total = 0;
  for (const phase of document.traffic.phases)
    total += phase.orders ?? Math.round((phase.ratePerSecond ?? 0) * phase.durationSeconds);
  return total;
}

/**
 * Runs generated scenarios through a pipeline in the simulator and checks the six properties of
 * ../shared/DESIGN.md after each (sim/properties/), the way FoundationDB and TigerBeetle test themselves:
 * many deterministic simulations from one seed. The first broken property is shrunk by fast-check to a
 * small scenario; the result carries that scenario as a document a file can hold, the broken verdicts
 * (with order ids) and the seed and path that reproduce the search.
 *
 * Every scenario is a pure function of the generated document (its own `seed` included), so a
 * counterexample replays exactly with `funnelstorm run` and the search replays with `{ seed, path }`.
 *
 * @example
 * const result = await exploreScenarios({ pipeline: 'no-idempotency', runs: 200, seed: 42 });
 * result.counterexample?.broken[0]?.property; // 'no-duplicates'
 */
export async function exploreScenarios(
  options: Partial<ExploreOptions> & { seed: number },
): Promise<ExploreResult> {
  const settings = { ...defaultExploreOptions, ...options };
  const wanted = new Set<PropertyName>(settings.properties ?? []);
  const brokenAmong = (verdicts: readonly PropertyVerdict[]): PropertyVerdict[] =>
    brokenProperties(verdicts).filter((verdict) => wanted.size === 0 || wanted.has(verdict.property));
  const coverage = Object.fromEntries(faultClasses.map((name) => [name, 0])) as Record<FaultClass, number>;
  const applied = Object.fromEntries(propertyNames.map((name) => [name, 0])) as Record<PropertyName, number>;
  const progress: ExploreProgress = { runs: 0, plannedRuns: settings.runs, shrinking: false, shrinkRuns: 0 };
  const p99Ratios: number[] = [];

  const property = fc.asyncProperty(
    scenarioDocumentArbitrary({ pipeline: settings.pipeline, maxOrders: settings.maxOrders }),
    async (document) => {
      const verdicts = await verdictsOf(document);
      if (progress.shrinking) progress.shrinkRuns++;
      else {
        progress.runs++;
        for (const name of faultClassesOf(document)) coverage[name]++;
        for (const verdict of verdicts) if (verdict.applies) applied[verdict.property]++;
        const ratio = verdicts.find((verdict) => verdict.property === 'bounded-p99')?.ratio;
        if (ratio !== undefined) p99Ratios.push(ratio);
      }
      const broken = brokenAmong(verdicts);
      if (broken.length > 0) progress.shrinking = true;
      settings.onRun?.({ ...progress });
      return broken.length === 0;
    },
  );
  const details = await fc.check(property, {
    seed: settings.seed,
    numRuns: settings.runs,
    ...(settings.path !== undefined && { path: settings.path }),
    ...(settings.timeBudgetMs !== undefined && { interruptAfterTimeLimit: settings.timeBudgetMs }),
  });
  const result: ExploreResult = {
    seed: settings.seed,
    pipeline: settings.pipeline,
    runs: progress.runs,
    interrupted: details.interrupted && !details.failed,
    coverage,
    applied,
    ...(p99Ratios.length > 0 && { medianP99Ratio: median(p99Ratios) }),
  };
  if (!details.failed) return result;
  if (details.counterexample === null) {
    // Failed without a counterexample: fast-check gave up on its own (too many skipped runs), which this
    // search never asks for — a harness bug, not a property verdict.
    throw new FunnelstormError(
      'INTERNAL',
      `The search failed without a counterexample after ${details.numRuns} runs.`,
    );
  }
  const brokenIn = async (candidate: ScenarioDocument): Promise<PropertyVerdict[]> => {
    const verdicts = brokenAmong(await verdictsOf(candidate));
    progress.shrinkRuns++;
    settings.onRun?.({ ...progress });
    return verdicts;
  };
  const [shrunk] = details.counterexample;
  const document = await fewerOrders(shrunk, async (candidate) => (await brokenIn(candidate)).length > 0);
  const broken = await brokenIn(document);
  result.counterexample = {
    document,
    broken,
    orders: documentOrders(document),
    path: details.counterexamplePath ?? '',
    shrinks: details.numShrinks,
  };
  return result;
}

/** The bucket, in calls, {@link fewerOrders} may shrink a shop's to (the smallest the arbitrary makes). */
const smallestBucket = 10;

/** Candidates {@link fewerOrders} tries at most. */
const fewerOrdersBudget = 200;

/**
 * A second shrinking pass after fast-check's, on the order counts (delta debugging): fast-check shrinks
 * each field toward its minimum alone, so it stops at a local minimum such as ten orders of which a 5 %
 * redelivery share picks one. This tries, until none breaks any more or 200 candidates are spent: dropping
 * a phase (alone, or with every fault made certain); a phase of 1 order, half its orders, one fewer; every
 * webhook redelivered or late, a 10-call
 * bucket, a fault rule
 * that fires on every request it matches (so a few orders suffice); and keeps the first candidate that
 * still breaks. Each step lowers the order count or turns a share or a chance to 1, so it ends.
 * Deterministic, so the seed and path still reproduce its result.
 */
async function fewerOrders(
  document: ScenarioDocument,
  breaks: (candidate: ScenarioDocument) => Promise<boolean>,
): Promise<ScenarioDocument> {
  let best = document;
  let tried = 0;
  for (let improved = true; improved && tried < fewerOrdersBudget;) {
    improved = false;
    for (const candidate of smallerDocuments(best)) {
      if (++tried > fewerOrdersBudget) break;
      if (await breaks(candidate)) {
        best = candidate;
        improved = true;
        break;
      }
    }
  }
  return best;
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

/**
 * Runs one generated scenario and returns the six verdicts. A run that cannot finish — the simulator
 * finds the pipeline deadlocked, or a simulated process throws — loses the orders still in flight, so it
 * counts as breaking `nothing-lost`, with the reason.
 */
async function verdictsOf(document: ScenarioDocument): Promise<PropertyVerdict[]> {
  let evidence: RunEvidence;
  try {
    ({ evidence } = await simulateScenario(validateScenario(document, 'a generated scenario')));
  } catch (error) {
    if (
      !isFunnelstormError(error, 'INTERNAL') &&
      !isFunnelstormError(error, 'SIM_PROCESS_FAILED') &&
      !isFunnelstormError(error, 'SIM_STALLED')
    )
      throw error;
    return [
      {
        property: 'nothing-lost',
        applies: true,
        holds: false,
        detail: `the run did not finish: ${error.message}`,
        orderIds: [],
      },
    ];
  }
  return checkProperties(evidence);
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
