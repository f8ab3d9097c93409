import { Float64Column } from '../../mocks/float64-column.js';
import { sizedConcurrency } from '../../scenarios/sized-concurrency.js';
import type { HistoryOperation, HistoryOperations } from '../history.js';
import { operationReader } from '../operation-reader.js';
import { faultLoad } from './fault-load.js';
import { firstArrivals } from './first-arrivals.js';
import { formatMs } from './format-ms.js';
import { idealLatenciesMs } from './ideal-pipeline.js';
import { firstFew, orderIdList } from './order-id-list.js';
import { referenceLockPoll } from './p99-bound.js';
import { referenceRetryPolicy } from './reference-policy.js';
import type { PropertyVerdict, RunEvidence } from './run-evidence.js';

/** The most 429s clause (a) allows, as a share of the calls that reached the shop (DESIGN: ≤ 0.1 %). */
export const max429Share = 0.001;

/** The drain clause (b) asks for, as a share of the ideal pipeline's calls (DESIGN: ≥ 99 %). */
export const minDrainShare = 0.99;

/** Clause (b) judges a backlog only when it lasts this many slot intervals or more. */
const minBacklogSlots = 10;

/**
 * Clause (c)'s tolerance, in ms: failures completing within it count as one shared failure, and retries
 * invoked within it as together. Defaults to 10 ms (an event loop's lag, a small fraction of the
 * reference's smallest backoff ceiling, 500 ms).
 */
export const retryToleranceMs = 10;

/**
 * How unlikely the retries that came back together must be under full jitter before clause (c) breaks:
 * 10⁻⁴, so a jittered client is blamed about once in 10,000 runs at worst.
 */
const togetherTailChance = 1e-4;

/** One clause's outcome: `undefined` when it does not apply. */
interface Clause {
  holds: boolean;
  detail: string;
  orderIds: string[];
}

/**
 * Property 6 of ../shared/DESIGN.md, **rate discipline**, in three clauses, each reported in the detail:
 *
 * - **(a) Few real 429s.** In every run, the shop's own bucket answered 429 to at most 0.1 % of the calls
 *   that reached it — at least 1 always allowed: max(1, ⌊0.001 × calls⌋). Injected 429s (a `throttle` rule
 *   answers before the bucket) are not counted (`report.api.status429` counts only the bucket's), and
 *   neither are 429s the shop sent inside a `limits` cut's window (stretched as in fault-load.ts, with the
 *   pool the shop needs): the cut shrinks the bucket without notice, and a client learns it from a 429.
 *   Nor, one each, are requests that reached the shop after their client had given up on them (a network
 *   pause held them past its timeout): each lands in a bucket slot spent long before, where the client
 *   counts on room.
 * - **(b) Full drain over the backlog.** On a run without faults or pauses, over the window in which a
 *   backlog existed — from the first to the last call that waits for its slot in the ideal pipeline
 *   (ideal-pipeline.ts, with the pool the shop needs, scenarios/sized-concurrency.ts, customer locks and all), at least {@link minBacklogSlots}
 *   slots long — the calls that reached the shop (429s aside) number at least 99 % of the ideal pipeline's
 *   calls in that window, less a slack of 2 calls and the calls that leak in one round trip with jitter
 *   (the throttle's headroom and the window's edges). Where even the ideal pipeline falls below 99 % of
 *   the leak rate in the window, the customer locks, not the bucket, limit the drain: the clause does not
 *   apply. A client pacing below the leak rate breaks it whenever a backlog lasts.
 * - **(c) Retries de-synchronised.** Failures of two or more orders that completed within
 *   {@link retryToleranceMs} of each other (a shared failure; not 429s, whose `Retry-After` names the
 *   instant, SHOPIFY.md) are followed by each order's next request — its retry. Under full jitter those
 *   retries spread over at least the smallest backoff ceiling (500 ms, AWS Architecture Blog, "Exponential
 *   Backoff and Jitter"), so all n of them within the tolerance has chance n·r^(n−1) − (n − 1)·r^n,
 *   r = 10 / 500. The clause breaks when more groups came back together than those chances make plausible
 *   (the union bound on k or more of them, {@link atLeastChance}, ≤ 10⁻⁴): a policy without jitter, or
 *   with retries 0.5 ms apart, brings every group back together, and a group of 4 or more that does is
 *   already implausible; two orders that retry within 10 ms by chance (4 % under full jitter) are not.
 *   A request is tied to its order by what the shop records, not by the pipeline's correlation header
 *   alone: an order create by the source order its note attribute names (sim/history.ts), a customer read
 *   or write by the customer in its path (with the header beside it, to tell that customer's orders
 *   apart). A pipeline that omits or mangles the header is judged all the same.
 *
 * `applies` is false only when no clause applies; the property holds when every clause that applies holds.
 *
 * @example
 * checkRateDiscipline(evidence); // { holds: false, detail: '(a) 412 of 3120 calls answered 429 by the shop's bucket …: broken; (b) …' }
 */
export function checkRateDiscipline(evidence: RunEvidence): PropertyVerdict {
  const clauses = { a: few429s(evidence), b: fullDrain(evidence), c: desynchronisedRetries(evidence) };
  const applying = Object.values(clauses).filter(
    (c): c is Clause => c !== undefined && typeof c !== 'string',
  );
  const describe = (label: string, clause: Clause | string) =>
    typeof clause === 'string' ? `(${label}) ${clause}` : `(${label}) ${clause.detail}`;
  const detail = [
    describe('a', clauses.a),
    describe('b', clauses.b),
    describe('c', clauses.c ?? 'does not apply: no shared failures followed by retries'),
  ].join('; ');
  const broken = applying.filter((c) => !c.holds);
  return {
    property: 'rate-discipline',
    applies: applying.length > 0,
    holds: broken.length === 0,
    detail,
    orderIds: orderIdList(broken.flatMap((c) => c.orderIds)),
  };
}

/** Clause (a): the shop's own 429s, in every run. */
function few429s(evidence: RunEvidence): Clause {
  const { scenario, report, history } = evidence;
  const pool = sizedConcurrency(scenario.shop, scenario.network);
  const cuts: [number, number][] = [];
  for (const rule of scenario.faults?.rules ?? []) {
    if (rule.kind !== 'limits' || rule.window === undefined) continue;
    cuts.push([
      rule.window.fromSeconds * 1000,
      rule.window.toSeconds * 1000 + (pool * 1000) / rule.leakPerSecond,
    ]);
  }
  // A loop, not `cuts.some` with a closure over `ms`: this runs twice per request of the run.
  const inCut = (ms: number): boolean => {
    for (const [from, to] of cuts) if (ms >= from && ms < to) return true;
    return false;
  };
  let excused = 0;
  // A request that reached the shop inside a cut may have been answered 429 even when its client saw
  // something else — it had given up by then (a held request), or an ambiguous fault hid the answer — so
  // every request that reached the shop there and did not succeed may be one of them.
  // And a request the network held past its client's timeout reaches the shop at an instant no client
  // chose: its throttle slot was spent when it was sent, long before, so it lands on a bucket the client
  // believes has room — it takes one call of room the client counts on, and is answered 429 itself or
  // makes another call be (seed 2, run 238: lock holders' reads held 54 s, landing on a full bucket).
  let late = 0;
  const throttled: string[] = [];
  const read = operationReader(history);
  for (let row = 0; row < history.length; row++) {
    const op = read(row);
    if (op.status === 429 && op.sourceOrderId !== undefined && !inCut(op.shopMs ?? -1))
      throttled.push(op.sourceOrderId);
    if (op.shopMs === undefined) continue;
    if (inCut(op.shopMs) && op.type !== 'ok') excused++;
    else if (op.completeMs !== undefined && op.shopMs > op.completeMs) late++;
  }
  excused = Math.min(excused, report.api.status429);
  late = Math.min(late, report.api.status429 - excused);
  const { calls } = report.api;
  const real = report.api.status429 - excused - late;
  const allowed = Math.max(1, Math.floor(max429Share * calls));
  const holds = real <= allowed;
  return {
    holds,
    detail:
      `${real} of ${calls} calls answered 429 by the shop's own bucket (≤ ${allowed} allowed: 0.1 %, at ` +
      `least 1; injected 429s${cuts.length > 0 ? ` and ${excused} inside limits cuts` : ''}` +
      `${late > 0 ? ` and ${late} for requests that reached the shop after their client gave up` : ''} aside)` +
      (holds ? '' : ': broken'),
    orderIds: holds ? [] : throttled,
  };
}

/** Clause (b), or why it does not apply. */
function fullDrain(evidence: RunEvidence): Clause | string {
  const { scenario, report, history } = evidence;
  const { network, shop } = scenario;
  const load = faultLoad(scenario.faults, network.pauses, referenceRetryPolicy.requestTimeoutMs);
  if (report.drain === null) return 'does not apply: no calls';
  if (load.anyFault) return 'does not apply: the run has faults or pauses';
  const arrivals = firstArrivals(evidence);
  // The slots in a flat column, and of those that waited only the first and last (issue 12: three calls
  // an order, at a million orders an array and its filtered copy were tens of MB at the run's peak).
  const slots = new Float64Column();
  let waited = 0;
  let fromMs = Infinity;
  let toMs = -Infinity;
  idealLatenciesMs(arrivals, {
    callsPerOrder: report.drain.callsPerOrder,
    bucketSize: shop.bucketSize,
    leakPerSecond: shop.leakPerSecond,
    // The pool the shop needs (from the shop and the network only; the scenario generator gives every
    // pipeline at least this pool): with every order in flight, an ideal whose orders all wait on one hot
    // customer's lock would still fill the bucket with other orders' creates, which no pool of workers
    // that each carry an order through its lock can (seed 1, run 2,918: 124 orders of one customer, 4
    // workers, bucket 10, 6.7/s — 94 % of the unbounded ideal's calls, the lock's pace).
    concurrency: sizedConcurrency(shop, network, report.drain.callsPerOrder),
    callMs: network.roundTripMs + 2 * network.jitterMs,
    lockPoll: referenceLockPoll,
    onSlot: (askedMs, slotMs) => {
      slots.push(slotMs);
      if (slotMs <= askedMs) return;
      waited++;
      if (slotMs < fromMs) fromMs = slotMs;
      if (slotMs > toMs) toMs = slotMs;
    },
  });
  const intervalMs = 1000 / shop.leakPerSecond;
  if (waited === 0 || toMs - fromMs < minBacklogSlots * intervalMs)
    return `does not apply: no backlog of ${minBacklogSlots} slots or more`;
  let idealCalls = 0;
  for (let index = 0; index < slots.length; index++) {
    const ms = slots.at(index);
    if (ms >= fromMs && ms <= toMs) idealCalls++;
  }
  const leakCalls = (toMs - fromMs) / intervalMs + 1;
  if (idealCalls < minDrainShare * leakCalls)
    return 'does not apply: the customer locks, not the bucket, limit this drain';
  // A call sent at its slot reaches the shop half a round trip (and up to one jitter) later.
  const oneWayMs = network.roundTripMs / 2;
  let calls = 0;
  const read = operationReader(history);
  for (let row = 0; row < history.length; row++) {
    const op = read(row);
    if (op.shopMs === undefined || op.status === 429) continue;
    if (op.shopMs >= fromMs + oneWayMs && op.shopMs <= toMs + oneWayMs + network.jitterMs) calls++;
  }
  const slackCalls =
    2 + Math.ceil((shop.leakPerSecond * (network.roundTripMs + 2 * network.jitterMs)) / 1000);
  const required = Math.floor(minDrainShare * idealCalls) - slackCalls;
  const holds = calls >= required;
  const share = idealCalls > 0 ? calls / idealCalls : 1;
  return {
    holds,
    detail:
      `${calls} calls reached the shop in the ${formatMs(toMs - fromMs)} backlog against the ideal ` +
      `${idealCalls} (${(share * 100).toFixed(2)} %; ≥ ${Math.max(0, required)} asked: 99 % less ` +
      `${slackCalls} calls of headroom and round trip)` +
      (holds ? '' : ': broken'),
    orderIds: holds ? [] : ordersDoneAfter(history, toMs),
  };
}

/** The orders whose last request completed after `atMs`: those the slow drain made late. */
function ordersDoneAfter(history: Iterable<HistoryOperation>, atMs: number): string[] {
  const lastMs = new Map<string, number>();
  for (const op of history) {
    if (op.sourceOrderId === undefined || op.completeMs === undefined) continue;
    lastMs.set(op.sourceOrderId, Math.max(lastMs.get(op.sourceOrderId) ?? -Infinity, op.completeMs));
  }
  return [...lastMs].filter(([, ms]) => ms > atMs).map(([id]) => id);
}

/** Clause (c); undefined when no shared failures were followed by retries. */
function desynchronisedRetries(evidence: RunEvidence, toleranceMs = retryToleranceMs): Clause | undefined {
  const next = nextAfterFailure(evidence.history);
  const failures = [...next.keys()].sort(
    (x, y) => (x.completeMs as number) - (y.completeMs as number) || x.index - y.index,
  );
  const ratio = Math.min(1, toleranceMs / referenceRetryPolicy.baseDelayMs);
  let groups = 0;
  let expected = 0;
  const chances: number[] = [];
  const together: { failedMs: number; retryMs: number; orders: string[] }[] = [];
  for (let i = 0; i < failures.length;) {
    const firstMs = failures[i]?.completeMs as number;
    // One shared failure: those completing within the tolerance of the first; each order once.
    const retryOf = new Map<string, number>();
    const named = new Set<string>();
    let j = i;
    for (; j < failures.length && (failures[j]?.completeMs as number) - firstMs <= toleranceMs; j++) {
      const op = failures[j] as HistoryOperation;
      const id = retryKey(op) as string;
      if (retryOf.has(id)) continue;
      retryOf.set(id, (next.get(op) as HistoryOperation).invokeMs);
      named.add(op.sourceOrderId ?? id);
    }
    i = j;
    const n = retryOf.size;
    if (n < 2) continue;
    groups++;
    const chance = Math.min(1, n * ratio ** (n - 1) - (n - 1) * ratio ** n);
    chances.push(chance);
    expected += chance;
    const retries = [...retryOf.values()];
    const lowMs = Math.min(...retries);
    if (Math.max(...retries) - lowMs <= toleranceMs)
      together.push({ failedMs: firstMs, retryMs: lowMs, orders: [...named].sort() });
  }
  if (groups === 0) return undefined;
  const holds = together.length === 0 || atLeastChance(chances, together.length) > togetherTailChance;
  const summary =
    `${groups} shared failures (within ${toleranceMs} ms); ${together.length} came back within ` +
    `${toleranceMs} ms (${expected.toFixed(3)} expected under full jitter)`;
  if (holds) return { holds, detail: summary, orderIds: [] };
  return {
    holds,
    detail:
      `${summary}: ` +
      firstFew(
        together.map(
          (t) =>
            `${t.orders.join(' and ')} failed at ${formatMs(t.failedMs)}, retried at ${formatMs(t.retryMs)}`,
        ),
        2,
      ) +
      ': broken',
    orderIds: together.flatMap((t) => t.orders),
  };
}

/**
 * An upper bound on the chance that at least `k` of independent events with chances `chances` happen: the
 * sum over every k of them of the product of their chances (the union bound; the elementary symmetric
 * polynomial e_k, by dynamic programming).
 */
export function atLeastChance(chances: readonly number[], k: number): number {
  const e = new Array<number>(k + 1).fill(0);
  e[0] = 1;
  for (const p of chances) for (let j = k; j >= 1; j--) e[j] = (e[j] as number) + (e[j - 1] as number) * p;
  return Math.min(1, e[k] as number);
}

/**
 * Each failed operation of a source order (failed or unknown, not a 429) that the order followed with
 * another, mapped to that next operation (by index). One pass holding only the failures still waiting for
 * their order's next operation — not a map of every operation, which at a million orders was millions of
 * entries at the run's memory peak (issue 12).
 */
function nextAfterFailure(history: HistoryOperations): Map<HistoryOperation, HistoryOperation> {
  // Rows, not operations, while walking: one view moved from row to row (sim/history.ts), and an
  // operation made only for each failure followed by another.
  const nextRow = new Map<number, number>();
  const waiting = new Map<string, number>();
  const read = operationReader(history);
  for (let row = 0; row < history.length; row++) {
    const op = read(row);
    const id = retryKey(op);
    if (id === undefined) continue;
    const failed = waiting.get(id);
    if (failed !== undefined) {
      nextRow.set(failed, row);
      waiting.delete(id);
    }
    if (op.completeMs !== undefined && (op.type === 'fail' || op.type === 'info') && op.status !== 429)
      waiting.set(id, row);
  }
  const next = new Map<HistoryOperation, HistoryOperation>();
  for (const [failed, row] of nextRow)
    next.set(history.at(failed) as HistoryOperation, history.at(row) as HistoryOperation);
  return next;
}

function retryKey(op: HistoryOperation): string | undefined {
  if (op.customerId !== undefined && (op.kind === 'customer.read' || op.kind === 'customer.write'))
    return `${op.sourceOrderId ?? ''} on customer ${op.customerId}`;
  return op.sourceOrderId;
}
