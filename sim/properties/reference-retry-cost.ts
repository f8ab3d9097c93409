// What retries cost the reference pipeline, read as data (never imported): its retry budget's floor and
// allowance, its backoff ceilings and Shopify's Retry-After (the budget's hold after an outage: budget-hold.ts).
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
