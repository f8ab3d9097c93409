import { auditCustomers, type LostUpdate } from '../../mocks/customer-audit.js';
import { judgeGiveUps } from './give-up-allowance.js';
import { budgetHoldsBack } from './nothing-lost.js';
import type { PropertyVerdict, RunEvidence } from './run-evidence.js';
import { firstFew, orderIdList } from './order-id-list.js';
import { readModifyWriteTargets, type ReadModifyWriteTarget } from './workflow-targets.js';

/** The most dead-lettered updates of one customer whose every subset is tried (2^12 sums). */
const maxSubsetSearch = 12;

/**
 * Property 3 of ../shared/DESIGN.md, **no lost updates**: each customer's read-modify-write target — the
 * loyalty metafield `funnelstorm.loyalty` the default workflow writes, a field apps may write (Shopify's
 * own `total_spent` and `orders_count` are computed, never written) — holds the fold of that customer's
 * orders in the shop (points = the sum of their totals in cents, orders = their number), read from the
 * shop's final state by the mock's customer audit (mocks/customer-audit.ts). A scenario's `workflow:`
 * names its own targets (each `update-customer` step's metafield), and each is judged the same way. A run
 * in which no customer carries a target (an integration that never writes it) is not audited: the
 * property does not apply.
 *
 * A customer update the pipeline gave up on, dead-lettered with a reason the run's faults explain
 * (give-up-allowance.ts), is not lost: its order exists
 * but is not counted, and the dead letter says so (like property 2 for orders). The same goes for an order
 * the pipeline dead-lettered although an ambiguous create had in fact made it: it never reached the
 * customer stage, and its dead letter stands for it (a replay looks the order up first). So a customer whose
 * totals fall short of its orders by exactly some of its dead-lettered updates — in cents and in count —
 * holds; any other difference (an update overwritten by a concurrent writer, or counted twice) breaks the
 * property. The verdict names every order of the customers that break it, by source order id.
 *
 * @example
 * checkNoLostUpdates(evidence); // { holds: false, detail: '1 of 2 customers' totals differ from their orders: …' }
 */
export function checkNoLostUpdates(evidence: RunEvidence): PropertyVerdict {
  const targets = readModifyWriteTargets(evidence.scenario.workflow);
  if (targets.length === 0) return notAudited('the workflow has no read-modify-write (update-customer) step');
  // A dead-lettered update (or an order dead-lettered after an ambiguous create that did apply) stands for
  // its order only when the run's faults explain the give-up (give-up-allowance.ts): with no fault, an order
  // whose customer update never applied is a lost update, dead letter or not.
  const givenUp = judgeGiveUps(
    evidence,
    [...evidence.customerDeadLetters, ...evidence.deadLetters],
    budgetHoldsBack(evidence),
  ).explained;
  const judged = targets.map((target) => judgeTarget(evidence, target, givenUp));
  const audited = judged.filter((j) => j.audited);
  if (audited.length === 0) {
    const names = targets.map(nameOf).join(', ');
    return notAudited(
      `no customer carries the ${names} metafield: the integration never wrote it, not audited`,
    );
  }
  const broken = audited.flatMap((j) => j.broken);
  const details = audited.map((j) => {
    const what = `customers' ${j.label} metafields`;
    const note =
      j.explained > 0 ? `; ${j.explained} short only by dead-lettered updates the faults explain` : '';
    if (j.broken.length === 0) return `${j.checked} ${what} match their orders${note}`;
    return (
      `${j.broken.length} of ${j.checked} ${what} differ from their orders${note}: ` +
      firstFew(j.broken.map(describeMismatch), 3)
    );
  });
  return {
    property: 'no-lost-updates',
    applies: true,
    holds: broken.length === 0,
    detail: details.join('; '),
    orderIds: orderIdList(audited.flatMap((j) => j.brokenOrderIds)),
  };
}

function notAudited(detail: string): PropertyVerdict {
  return { property: 'no-lost-updates', applies: false, holds: true, detail, orderIds: [] };
}

/** `funnelstorm.loyalty` is the default target's name in verdicts: "loyalty"; any other by its full name. */
function nameOf(target: ReadModifyWriteTarget): string {
  return `${target.namespace}.${target.key}`;
}

/** One read-modify-write target's audit, its mismatches judged against the explained dead letters. */
function judgeTarget(evidence: RunEvidence, target: ReadModifyWriteTarget, givenUp: ReadonlySet<string>) {
  const audit = auditCustomers(evidence.shop, { listLimit: Number.MAX_SAFE_INTEGER, target });
  const ordersOf = ordersByCustomer(evidence, new Set(audit.mismatches.map((m) => m.customerId)));
  const broken: LostUpdate[] = [];
  let explained = 0;
  for (const mismatch of audit.mismatches) {
    const deadLettered = (ordersOf.get(mismatch.customerId) ?? []).filter((o) => givenUp.has(o.sourceId));
    if (shortByDeadLetters(mismatch, deadLettered)) explained++;
    else broken.push(mismatch);
  }
  const isDefault = target.namespace === 'funnelstorm' && target.key === 'loyalty';
  return {
    audited: audit.audited,
    label: isDefault ? 'loyalty' : nameOf(target),
    checked: audit.customersChecked,
    explained,
    broken,
    brokenOrderIds: broken.flatMap((m) => (ordersOf.get(m.customerId) ?? []).map((o) => o.sourceId)),
  };
}

/** One shop order as this checker needs it. */
interface CustomerOrder {
  sourceId: string;
  cents: number;
}

/** The orders (with a source id) of each customer in `customerIds`, in one pass over the shop's orders. */
function ordersByCustomer(evidence: RunEvidence, customerIds: Set<number>): Map<number, CustomerOrder[]> {
  const byCustomer = new Map<number, CustomerOrder[]>();
  if (customerIds.size === 0) return byCustomer;
  const { orders } = evidence.shop;
  for (let index = 0; index < orders.count; index++) {
    const customerId = orders.customerNumberAt(index);
    const sourceId = orders.sourceIdAt(index);
    if (!customerIds.has(customerId) || sourceId === undefined) continue;
    const list = byCustomer.get(customerId) ?? [];
    list.push({ sourceId, cents: orders.totalCentsAt(index) });
    byCustomer.set(customerId, list);
  }
  return byCustomer;
}

/**
 * True when the customer's totals fall short of its orders by exactly a subset of its dead-lettered
 * updates (a dead-lettered update may still have been applied by an ambiguous write, so any subset will
 * do). Beyond {@link maxSubsetSearch} dead letters, a shortfall within their sum and count is accepted.
 */
function shortByDeadLetters(mismatch: LostUpdate, deadLettered: readonly CustomerOrder[]): boolean {
  const shortCents = mismatch.expectedCents - mismatch.actualCents;
  const shortCount = mismatch.expectedCount - mismatch.actualCount;
  if (shortCount <= 0 || shortCount > deadLettered.length) return false;
  if (deadLettered.length > maxSubsetSearch) {
    const maxCents = deadLettered.reduce((sum, o) => sum + o.cents, 0);
    return shortCents > 0 && shortCents <= maxCents;
  }
  for (let mask = 1; mask < 1 << deadLettered.length; mask++) {
    let cents = 0;
    let count = 0;
    deadLettered.forEach((order, bit) => {
      if ((mask & (1 << bit)) === 0) return;
      cents += order.cents;
      count++;
    });
    if (count === shortCount && cents === shortCents) return true;
  }
  return false;
}

function describeMismatch(m: LostUpdate): string {
  return (
    `customer ${m.customerId} (loyalty ${m.actualCents} points for ${m.actualCount} orders, ` +
    `its orders ${dollars(m.expectedCents)} for ${m.expectedCount})`
  );
}

function dollars(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}
