import { idealDrainSchedule } from '../../reports/ideal-drain.js';
import type { HistoryOperation } from '../history.js';
import { faultLoad } from './fault-load.js';
import { firstArrivals } from './first-arrivals.js';
import { formatMs } from './format-ms.js';
import { idealLatenciesMs } from './ideal-pipeline.js';
import { firstFew, orderIdList } from './order-id-list.js';
import { referenceLockPoll } from './p99-bound.js';
import type { PropertyVerdict, RunEvidence } from './run-evidence.js';

/** The most 429s clause (a) allows, as a share of the calls that reached the shop (DESIGN: ≤ 0.1 %). */
export const max429Share = 0.001;

/** The drain clause (b) asks for, as a share of the leak rate (DESIGN: ≥ 99 %). */
export const minDrainShare = 0.99;

/** One clause's outcome: `undefined` when it does not apply. */
interface Clause {
  holds: boolean;
  detail: string;
  orderIds: string[];
}

/**
 * Property 6 of ../shared/DESIGN.md, **rate discipline**, in three clauses, each reported in the detail:
 *
 * - **(a) Few 429s.** With no injected 429s (no `throttle` rule that can fire, no `limits` cut), the shop
 *   answered 429 to at most 0.1 % of the calls that reached it — and, so that a small run is not judged
 *   on a fraction of a call, at least 1 is always allowed: max(1, ⌊0.001 × calls⌋).
 * - **(b) Full drain.** With no faults, no pauses and no network jitter, on a backlog (the plan's ideal
 *   drain schedule has calls waiting for their slots) that the plan's bucket — not the worker pool or
 *   the customer locks — limits, the run drained at ≥ 99 % of the leak rate. The drain took
 *   `durationMs` (its first call to its last order's end, `report.drain`); the ideal schedule needs
 *   `idealMs` from the same first call to the last order's last slot (recomputed from the first
 *   deliveries, so late webhooks count from when they came). Draining at ≥ 99 % of the leak rate means
 *   durationMs ≤ idealMs / 0.99 + a fixed slack: the last order's calls' round trips after its slot
 *   (callsPerOrder × roundTripMs) and one slot interval (1 / leak rate: the throttle keeps a call of
 *   headroom). The slack is what lets a run of a few seconds pass; on long runs it vanishes.
 *   Whether the bucket limits the drain is decided by the ideal pipeline (ideal-pipeline.ts): when even it,
 *   with the run's concurrency and customer locks but a perfect lock hand-over, cannot finish within that
 *   budget, the pool or the locks are the bottleneck and the clause does not apply.
 * - **(c) Retries de-synchronised.** Failures of different orders that completed at the same instant
 *   (equal `completeMs` in the history) must not have their orders' next requests — their retries —
 *   invoked at the same instant, unless the failures were 429s (Shopify's 429 carries `Retry-After`: the
 *   server named the instant, SHOPIFY.md). Full jitter spreads clients that failed together (AWS
 *   Architecture Blog, "Exponential Backoff and Jitter"); without it they come back together.
 *
 * `applies` is false only when no clause applies; the property holds when every clause that applies holds.
 *
 * @example
 * checkRateDiscipline(evidence); // { holds: false, detail: '(a) 412 of 3120 calls answered 429 (≤ 3 allowed: 0.1 %, at least 1): broken; (b) …' }
 */
export function checkRateDiscipline(evidence: RunEvidence): PropertyVerdict {
  const clauses = { a: few429s(evidence), b: fullDrain(evidence), c: desynchronisedRetries(evidence) };
  const applying = Object.values(clauses).filter(
    (c): c is Clause => c !== undefined && typeof c !== 'string',
  );
  const describe = (label: string, clause: Clause | string) =>
    typeof clause === 'string' ? `(${label}) ${clause}` : `(${label}) ${clause.detail}`;
  const detail = [
    describe('a', clauses.a ?? 'does not apply: the fault plan injects 429s'),
    describe('b', clauses.b),
    describe('c', clauses.c ?? 'does not apply: no simultaneous failures followed by retries'),
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

/** Clause (a); undefined when the plan injects 429s. */
function few429s(evidence: RunEvidence): Clause | undefined {
  const { scenario, report } = evidence;
  const load = faultLoad(scenario.faults, scenario.network.pauses, scenario.pipeline.requestTimeoutMs);
  if (load.injects429) return undefined;
  const { calls, status429 } = report.api;
  const allowed = Math.max(1, Math.floor(max429Share * calls));
  const holds = status429 <= allowed;
  const throttled = evidence.history
    .filter((op) => op.status === 429 && op.sourceOrderId !== undefined)
    .map((op) => op.sourceOrderId as string);
  return {
    holds,
    detail:
      `${status429} of ${calls} calls answered 429 (≤ ${allowed} allowed: 0.1 %, at least 1)` +
      (holds ? '' : ': broken'),
    orderIds: holds ? [] : throttled,
  };
}

/** Clause (b), or why it does not apply. */
function fullDrain(evidence: RunEvidence): Clause | string {
  const { scenario, report } = evidence;
  const { network, shop, pipeline } = scenario;
  const load = faultLoad(scenario.faults, network.pauses, pipeline.requestTimeoutMs);
  const drain = report.drain;
  if (drain === null) return 'does not apply: no calls';
  if (load.anyFault) return 'does not apply: the run has faults or pauses';
  if (network.jitterMs > 0) return 'does not apply: the network has jitter';
  const arrivals = firstArrivals(evidence);
  const k = drain.callsPerOrder;
  const calls = arrivals.flatMap((a) => Array<number>(k).fill(a.atMs));
  const start = drain.firstCallMs;
  const slots = idealDrainSchedule(calls, shop.bucketSize, shop.leakPerSecond, start);
  const backlog = slots.some((slotMs, i) => slotMs > Math.max(calls[i] as number, start));
  if (!backlog) return 'does not apply: no backlog (no call waits for its slot in the ideal schedule)';
  const idealMs = (slots[slots.length - 1] ?? start) - start;
  const slackMs = k * network.roundTripMs + 1000 / shop.leakPerSecond;
  const allowedMs = idealMs / minDrainShare + slackMs;
  // Does the bucket bound this drain? The ideal pipeline with the run's pool and locks must fit.
  const latencies = idealLatenciesMs(arrivals, {
    callsPerOrder: k,
    bucketSize: shop.bucketSize,
    leakPerSecond: shop.leakPerSecond,
    concurrency: pipeline.concurrency,
    callMs: network.roundTripMs,
    // A waiter learns of a released customer lock only at its next poll: with many orders on one
    // customer, those gaps, not the bucket, bound the drain.
    lockPoll: referenceLockPoll,
  });
  const idealPipelineEndMs = Math.max(...arrivals.map((a, i) => a.atMs + (latencies[i] as number)));
  if (idealPipelineEndMs - start > allowedMs)
    return 'does not apply: the worker pool or the customer locks, not the bucket, limit this drain';
  const holds = drain.durationMs <= allowedMs;
  const share = drain.durationMs > 0 ? Math.min(1, idealMs / drain.durationMs) : 1;
  return {
    holds,
    detail:
      `drained the backlog in ${formatMs(drain.durationMs)} against the ideal ${formatMs(idealMs)} ` +
      `(${(share * 100).toFixed(2)} % of the leak rate; ≤ ${formatMs(allowedMs)} allowed: ideal / 0.99 + ` +
      `${formatMs(slackMs)} of round trips and a slot)` +
      (holds ? '' : ': broken'),
    orderIds: holds ? [] : ordersDoneAfter(evidence.history, start + allowedMs),
  };
}

/** The orders whose last request completed after `atMs`: those the slow drain made late. */
function ordersDoneAfter(history: readonly HistoryOperation[], atMs: number): string[] {
  const lastMs = new Map<string, number>();
  for (const op of history) {
    if (op.sourceOrderId === undefined || op.completeMs === undefined) continue;
    lastMs.set(op.sourceOrderId, Math.max(lastMs.get(op.sourceOrderId) ?? -Infinity, op.completeMs));
  }
  return [...lastMs].filter(([, ms]) => ms > atMs).map(([id]) => id);
}

/** Clause (c); undefined when no simultaneous failures were followed by retries. */
function desynchronisedRetries(evidence: RunEvidence): Clause | undefined {
  const next = nextOfSameOrder(evidence.history);
  const failuresAt = new Map<number, HistoryOperation[]>();
  for (const op of evidence.history) {
    if (op.completeMs === undefined || op.sourceOrderId === undefined) continue;
    if (op.type !== 'fail' && op.type !== 'info') continue;
    if (op.status === 429 || next.get(op.index) === undefined) continue;
    const list = failuresAt.get(op.completeMs) ?? [];
    list.push(op);
    failuresAt.set(op.completeMs, list);
  }
  let groups = 0;
  let failures = 0;
  const together: { failedMs: number; retryMs: number; orders: string[] }[] = [];
  for (const [failedMs, list] of failuresAt) {
    const orders = new Set(list.map((op) => op.sourceOrderId));
    if (orders.size < 2) continue;
    groups++;
    failures += list.length;
    const byRetryMs = new Map<number, Set<string>>();
    for (const op of list) {
      const retry = next.get(op.index) as HistoryOperation;
      const same = byRetryMs.get(retry.invokeMs) ?? new Set<string>();
      same.add(op.sourceOrderId as string);
      byRetryMs.set(retry.invokeMs, same);
    }
    for (const [retryMs, same] of byRetryMs) {
      if (same.size > 1) together.push({ failedMs, retryMs, orders: [...same].sort() });
    }
  }
  if (groups === 0) return undefined;
  const holds = together.length === 0;
  const summary = `${failures} failures completed together in ${groups} groups`;
  if (holds)
    return { holds, detail: `${summary}; their retries went out at distinct instants`, orderIds: [] };
  together.sort((x, y) => x.failedMs - y.failedMs);
  return {
    holds,
    detail:
      `${summary}; ${together.length} times orders retried at the same instant: ` +
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

/** For each operation's index, the next operation of the same source order (by index), if any. */
function nextOfSameOrder(history: readonly HistoryOperation[]): Map<number, HistoryOperation> {
  const next = new Map<number, HistoryOperation>();
  const last = new Map<string, HistoryOperation>();
  for (const op of history) {
    if (op.sourceOrderId === undefined) continue;
    const previous = last.get(op.sourceOrderId);
    if (previous !== undefined) next.set(previous.index, op);
    last.set(op.sourceOrderId, op);
  }
  return next;
}
