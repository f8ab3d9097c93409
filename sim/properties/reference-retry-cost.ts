// What retries cost the reference pipeline, read as data (never imported): its retry budget's floor and
// allowance, its backoff ceilings, Shopify's Retry-After, and the budget's wait after fault windows.
import { defaultPipelineSettings } from '../../scenarios/scenario-types.js';
import { referenceRetryPolicy } from './reference-policy.js';

/**
 * The reference pipeline's retry-budget floor (pipeline/reference-pipeline.ts, read as data): each 60 s
 * window allows at least max(10, concurrency) retries however few first attempts it saw.
 */
export const referenceRetryFloorPerMinute = 10;

/**
 * The retries per first attempt the reference pipeline's retry budget always allows: its ratio (0.1), or
 * its floor of max(10, pool) retries a minute as a share of the most first attempts a minute the plan lets
 * through (60 × leak rate), whichever is larger.
 */
export function referenceRetryAllowance(pool: number, leakPerSecond: number): number {
  const floorPerMinute = Math.max(referenceRetryFloorPerMinute, pool);
  return Math.max(defaultPipelineSettings.retryBudgetRatio, floorPerMinute / (60 * leakPerSecond));
}

/**
 * What `failures` failed attempts of one order cost at the reference's backoff: Σ ceilings (at least
 * `floorMs` each: a 429's Retry-After) + each attempt.
 */
export function retriesCostMs(failures: number, attemptMs: number, floorMs: number): number {
  let costMs = 0;
  for (let retry = 0; retry < failures; retry++)
    costMs += Math.max(floorMs, backoffCeilingMs(retry)) + attemptMs;
  return costMs;
}

/** The reference's backoff ceiling before retry `retry` + 1 (from 0): min(cap, base × 2^retry), in ms. */
export function backoffCeilingMs(retry: number): number {
  const { baseDelayMs, maxDelayMs } = referenceRetryPolicy;
  return Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
}

/** `Retry-After` on Shopify's 429, in ms: a fixed 2.0 s (SHOPIFY.md; mocks/model-options.ts). */
export const shopRetryAfterMs = 2_000;

/** The reference's retry budget window, in ms (pipeline/retry-budget.ts, read as data). */
const retryBudgetWindowMs = 60_000;

/**
 * How long the reference's retry budget may hold back the retries the fault windows force, in ms. An order
 * in flight through a window of length W retries at the reference's backoff, each wait on average half
 * its ceiling, as many times as those waits fit in W (at most maxAttempts − 1 per stage, two stages), and
 * once more to learn it is over: r retries. An order is in flight through it when it arrived before the
 * window's end and the ideal pipeline, plus one backoff cap, had not finished it by the window's start.
 * The reference's budget grants at least max(10, pool) retries a 60 s window, so n orders in flight wait
 * up to ⌈n × r / max(10, n)⌉ − 1 further windows — at most r − 1, whatever the pool, and fewer when fewer
 * than 10 orders are in flight.
 */
export function budgetWaitMs(
  windowsMs: readonly (readonly [number, number])[],
  arrivals: readonly { atMs: number }[],
  idealMs: readonly number[],
  callsPerOrder: number,
): number {
  const perStage = referenceRetryPolicy.maxAttempts - 1;
  const stages = callsPerOrder > 1 ? 2 : 1;
  let waits = 0;
  for (const [fromMs, toMs] of windowsMs) {
    let retries = 1;
    for (let waitedMs = 0; retries < perStage * stages; retries++) {
      waitedMs += backoffCeilingMs((retries - 1) % perStage) / 2;
      if (waitedMs > toMs - fromMs) break;
    }
    const inFlight = arrivals.filter(
      (a, i) => a.atMs < toMs && a.atMs + (idealMs[i] ?? 0) + referenceRetryPolicy.maxDelayMs >= fromMs,
    ).length;
    const floor = Math.max(referenceRetryFloorPerMinute, inFlight);
    waits += Math.max(0, Math.ceil((inFlight * retries) / floor) - 1);
  }
  return waits * retryBudgetWindowMs;
}
