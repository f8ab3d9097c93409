import { backoffCeilingMs, referenceRetryFloorPerMinute } from './reference-retry-cost.js';
import { referenceRetryPolicy } from './reference-policy.js';

/** The reference's retry budget window, in ms (pipeline/retry-budget.ts, read as data). */
export const retryBudgetWindowMs = 60_000;

/** What {@link budgetHoldMs} needs besides the outage: the orders and what they retry. */
export interface BudgetHoldInputs {
  /** The orders' first arrivals, in ms. */
  arrivals: readonly { atMs: number }[];
  /** Each order's ideal latency, in ms, in `arrivals` order. */
  idealMs: readonly number[];
  /** The calls the ideal client makes per order: more than 1, the order has a second retrying stage. */
  callsPerOrder: number;
  /** The retries one failed call costs at most (p99-bound.ts `retriesPerFailure`). */
  retriesPerFailure: number;
  /**
   * Retries a minute the plan's chance failures ask for besides the outage's, twice the expected (they
   * compete for the same budget): 2 × retries per first attempt × the first attempts a minute.
   */
  chanceRetriesPerMinute: number;
}

/**
 * How long the reference's retry budget holds back the retries an outage leaves waiting, after the
 * outage ends, in ms — beyond the one backoff cap every order held by an outage pays anyway
 * (windowed-orders.ts), which is how late a refused retry asks again.
 *
 * The budget (pipeline/retry-budget.ts, read as data; DESIGN: retries ≤ 10 % of calls over a 60 s
 * window, at least max(10, pool) a window) grants a retry while the retries granted over the last 60 s
 * stay under F = max(10, n), n the orders in flight through the outage (a pool that keeps them all in
 * flight; an order still queued for a worker makes no retries). So the hold is exactly what the count
 * costs:
 *
 * - G, the retries granted in the outage's last 60 s, at most min(F, n × r): each order in flight retries
 *   at the reference's backoff as often as its mean waits (half their ceilings) fit in the outage, r
 *   times (at most maxAttempts − 1 per stage);
 * - D, the retries still wanted when it ends: each order in flight, `retriesPerFailure` (a lookup and the
 *   create again after an ambiguous create; a re-read and the write again), and the plan's chance
 *   failures of one window (`chanceRetriesPerMinute`);
 * - a window's grants leave it 60 s later, so G + D retries are all granted by the end of window
 *   ⌈(G + D) / F⌉ − 1 after the outage: that many windows of 60 s, 0 when they fit in one.
 *
 * Until this session the hold was ⌈n × r / F⌉ − 1 windows: as if every retry the outage forced had to go
 * through the budget again after it ended (up to 13 windows for a long one), though those refused while it
 * lasted are not asked for again — a refused retry costs no attempt, only its wait.
 */
export function budgetHoldMs(outage: { fromMs: number; toMs: number }, inputs: BudgetHoldInputs): number {
  const { arrivals, idealMs, callsPerOrder, retriesPerFailure, chanceRetriesPerMinute } = inputs;
  const { fromMs, toMs } = outage;
  const perStage = referenceRetryPolicy.maxAttempts - 1;
  const stages = callsPerOrder > 1 ? 2 : 1;
  let retries = 1;
  for (let waitedMs = 0; retries < perStage * stages; retries++) {
    waitedMs += backoffCeilingMs((retries - 1) % perStage) / 2;
    if (waitedMs > toMs - fromMs) break;
  }
  const inFlight = ordersInFlightThrough(outage, arrivals, idealMs);
  const floor = Math.max(referenceRetryFloorPerMinute, inFlight);
  const granted = Math.min(floor, inFlight * retries);
  const wanted = inFlight * retriesPerFailure + chanceRetriesPerMinute;
  return Math.max(0, Math.ceil((granted + wanted) / floor) - 1) * retryBudgetWindowMs;
}

/** The orders in flight through `outage`: arrived before its end, and not done (ideally, plus one backoff cap) before its start. */
export function ordersInFlightThrough(
  outage: { fromMs: number; toMs: number },
  arrivals: readonly { atMs: number }[],
  idealMs: readonly number[],
): number {
  let inFlight = 0;
  arrivals.forEach((a, i) => {
    if (a.atMs < outage.toMs && a.atMs + (idealMs[i] ?? 0) + referenceRetryPolicy.maxDelayMs >= outage.fromMs)
      inFlight++;
  });
  return inFlight;
}

/**
 * The most calls the reference sends into `outage`, all failing there: each order in flight through it
 * tries once, and retries as often as the budget grants while it lasts — at most `grantsPerWindow` in each
 * 60 s window it touches, and at most maxAttempts − 1 per stage of each order (full jitter can make the
 * waits as short as it likes). Its throttle counts each of them against its bucket (windowed-orders.ts).
 *
 * @param grantsPerWindow - The most retries the budget grants in a 60 s window: max(10, pool, 0.1 × the
 *   most first attempts a window can see, bucket + 60 × leak).
 */
export function outageSentCalls(
  outage: { fromMs: number; toMs: number },
  inputs: Pick<BudgetHoldInputs, 'arrivals' | 'idealMs' | 'callsPerOrder'> & { grantsPerWindow: number },
): number {
  const inFlight = ordersInFlightThrough(outage, inputs.arrivals, inputs.idealMs);
  const perOrder = (referenceRetryPolicy.maxAttempts - 1) * (inputs.callsPerOrder > 1 ? 2 : 1);
  const windows = Math.floor((outage.toMs - outage.fromMs) / retryBudgetWindowMs) + 1;
  return inFlight + Math.min(inFlight * perOrder, Math.ceil(inputs.grantsPerWindow) * windows);
}
