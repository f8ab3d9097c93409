/**
 * Shopify's GraphQL Admin cost bucket as state-passing functions (../shared/STYLE.md rule 4), built on the
 * REST {@link admitCall} leaky bucket: a cost bucket holding `available` points is a leaky bucket whose
 * level is the points spent (`maximum − available`), leaking at the restore rate.
 *
 * Behaviour copied from shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits and help.shopify.com
 * "GraphQL Admin API call limit" (SHOPIFY.md, "GraphQL Admin API — calculated cost", doc): "Before
 * execution can begin, the app's bucket must have enough room for the requested cost of the query; then,
 * once execution is complete, the bucket is refunded the difference between the requested cost and the
 * actual cost of the query." The quota refills continuously at the restore rate up to the maximum.
 */
import { admitCall, bucketLevel, emptyBucket, type LeakyBucketState } from '../leaky-bucket.js';
import type { PlanLimits } from '../plans.js';

/** A cost bucket's maximum and restore rate. */
export interface CostBucketLimits {
  /** Bucket maximum (`maximumAvailable`), in cost points. Must be ≥ 1. */
  bucketSize: number;
  /** Restore rate (`restoreRate`), in cost points per second. Must be > 0. */
  restorePerSecond: number;
}

/** The points spent (`level`) as they were at `atMs` (virtual ms): a {@link LeakyBucketState}. */
export type CostBucketState = LeakyBucketState;

/** What {@link chargeCost} decided. */
export interface ChargeCostResult {
  /** True when the requested cost fitted in `currentlyAvailable` and was taken. */
  admitted: boolean;
  /** The state to keep: restored up to `nowMs`, minus the requested cost when admitted. */
  state: CostBucketState;
  /** Points available after this decision (fractional). */
  available: number;
  /** Time until the requested cost would fit, in ms (fractional); 0 when admitted, `Infinity` never. */
  retryAfterMs: number;
}

/**
 * The GraphQL limits of a plan: its documented restore rate and its bucket maximum, which is a guess (20 ×
 * the restore rate, from responses seen; plans.ts and SHOPIFY.md) and therefore a setting.
 */
export function costLimitsOfPlan(
  plan: Pick<PlanLimits, 'graphqlRestorePerSecond' | 'graphqlBucketSize'>,
): CostBucketLimits {
  return { bucketSize: plan.graphqlBucketSize, restorePerSecond: plan.graphqlRestorePerSecond };
}

/**
 * The GraphQL limits that go with REST limits: the plan's own when they carry them (`plans.plus`), else
 * derived from the leak rate. Every documented plan restores 50 points/s per REST call/s (standard 2 →
 * 100, advanced 4 → 200, plus 20 → 1000, enterprise 40 → 2000; plans.ts), with the guessed 20 × bucket,
 * so a custom plan follows the same rule — a guess, and a setting (`graphqlLimits`).
 */
export function costLimitsOfRestLimits(
  limits: { leakPerSecond: number } & Partial<
    Pick<PlanLimits, 'graphqlRestorePerSecond' | 'graphqlBucketSize'>
  >,
): CostBucketLimits {
  const restorePerSecond = limits.graphqlRestorePerSecond ?? limits.leakPerSecond * 50;
  return { restorePerSecond, bucketSize: limits.graphqlBucketSize ?? restorePerSecond * 20 };
}

/** A full bucket at `nowMs` (virtual ms): a new app on a shop starts with the whole maximum available. */
export function fullCostBucket(nowMs: number): CostBucketState {
  return emptyBucket(nowMs);
}

/** Points available at `nowMs` (fractional, between 0 and the maximum). */
export function availablePoints(state: CostBucketState, nowMs: number, limits: CostBucketLimits): number {
  return Math.max(0, limits.bucketSize - bucketLevel(state, nowMs, asLeaky(limits)));
}

/**
 * Points available at `nowMs`, rounded down to a whole point as `throttleStatus.currentlyAvailable` shows
 * them (responses show whole numbers: 997, 1990). Rounding down never promises room that is not there;
 * a millionth of a point of tolerance keeps float noise such as 996.9999999 from showing as 996.
 */
export function wholePointsAvailable(
  state: CostBucketState,
  nowMs: number,
  limits: CostBucketLimits,
): number {
  return Math.floor(availablePoints(state, nowMs, limits) + 1e-6);
}

/**
 * Checks a query's **requested** cost against the points available at `nowMs` and takes it when it fits.
 * A query that does not fit takes nothing (Shopify answers THROTTLED without running it).
 *
 * @param requestedCost - The query's requested cost, in points (≥ 0).
 * @example
 * const charge = chargeCost(fullCostBucket(0), 0, { bucketSize: 2000, restorePerSecond: 100 }, 12);
 * // charge.admitted === true, charge.available === 1988
 */
export function chargeCost(
  state: CostBucketState,
  nowMs: number,
  limits: CostBucketLimits,
  requestedCost: number,
): ChargeCostResult {
  const decision = admitCall(state, nowMs, asLeaky(limits), requestedCost);
  return {
    admitted: decision.admitted,
    state: decision.state,
    available: availablePoints(decision.state, nowMs, limits),
    retryAfterMs: decision.retryAfterMs,
  };
}

/**
 * Gives `points` back at `nowMs` (the requested minus the actual cost, after execution), never above
 * the maximum.
 */
export function refundCost(
  state: CostBucketState,
  nowMs: number,
  limits: CostBucketLimits,
  points: number,
): CostBucketState {
  const level = bucketLevel(state, nowMs, asLeaky(limits));
  return { level: Math.max(0, level - Math.max(0, points)), atMs: Math.max(nowMs, state.atMs) };
}

/**
 * Restores a bucket up to `nowMs` at `limits`, so that new limits set at `nowMs` apply only to later
 * time (Shopify may lower limits temporarily, doc). Points spent above a lowered maximum restore first.
 */
export function settleCostBucket(
  state: CostBucketState,
  nowMs: number,
  limits: CostBucketLimits,
): CostBucketState {
  return { level: bucketLevel(state, nowMs, asLeaky(limits)), atMs: Math.max(nowMs, state.atMs) };
}

function asLeaky(limits: CostBucketLimits): { bucketSize: number; leakPerSecond: number } {
  return { bucketSize: limits.bucketSize, leakPerSecond: limits.restorePerSecond };
}
