/**
 * Shopify's REST leaky bucket as state-passing functions (../shared/STYLE.md rule 4): no clock, no
 * mutation; the caller keeps the state and passes the time in.
 *
 * Behaviour copied from shopify.dev/docs/api/admin-rest/usage/rate-limits (SHOPIFY.md, "REST Admin API —
 * leaky bucket", doc): each call adds its cost to the bucket, the bucket leaks continuously at the plan's
 * rate, and a call that would overflow it is refused at arrival. There is no server-side queue: admission
 * is pass-or-fail, so a refused call is simply not counted.
 */

/** A bucket's capacity and leak rate (`PlanLimits` from plans.ts fits). */
export interface BucketLimits {
  /** Bucket size, in calls. Must be > 0. */
  bucketSize: number;
  /** Leak rate, in calls per second. Must be > 0. */
  leakPerSecond: number;
}

/** The bucket's fill `level` (in calls, fractional) as it was at `atMs` (virtual ms). */
export type LeakyBucketState = { level: number; atMs: number };

/** What {@link admitCall} decided. */
export interface AdmitCallResult {
  /** True when the call fits and was added to the bucket. */
  admitted: boolean;
  /** The state to keep: leaked up to `nowMs`, plus the call's cost when admitted. */
  state: LeakyBucketState;
  /**
   * The true time until the call would fit, in milliseconds (fractional); 0 when admitted. `Infinity`
   * when it never can (cost larger than the bucket). A call at exactly `nowMs + retryAfterMs` is admitted.
   */
  retryAfterMs: number;
  /** Calls used after this decision, rounded for the call-limit header by {@link usedCalls}. */
  used: number;
}

/**
 * Tolerance on the level, in calls. Leaking 39 → 38 over 500 ms is exact in binary floating point, but
 * fractional rates are not (1/3 of a second is 333.33… ms), so the arithmetic can leave 40.0000000001
 * where 40 is meant. Admission and the header both accept a level within a millionth of a call of the
 * boundary, so a caller that waits exactly `retryAfterMs` is admitted, and "size − used" on the header
 * is always a number of calls that would be admitted now. A millionth of a call is 0.5 µs at 2 calls/s.
 */
const levelEpsilon = 1e-6;

/** An empty bucket at `nowMs` (virtual ms). */
export function emptyBucket(nowMs: number): LeakyBucketState {
  return { level: 0, atMs: nowMs };
}

/**
 * The bucket's level at `nowMs`, in calls (fractional, never below 0). A time before `state.atMs` (an
 * out-of-order caller) leaks nothing rather than filling the bucket back up.
 */
export function bucketLevel(state: LeakyBucketState, nowMs: number, limits: BucketLimits): number {
  const elapsedMs = Math.max(0, nowMs - state.atMs);
  return Math.max(0, state.level - (elapsedMs * limits.leakPerSecond) / 1000);
}

/**
 * Rounds a level for the `X-Shopify-Shop-Api-Call-Limit` header, which shows whole calls (doc: "39/40").
 * Rounds **up**: with 39.3 used the next call (40.3 > 40) would be refused, and 40/40 says so, where
 * 39/40 would promise room that is not there. The {@link levelEpsilon} keeps float noise such as
 * 39.0000000001 from showing as 40.
 */
export function usedCalls(level: number): number {
  return Math.max(0, Math.ceil(level - levelEpsilon));
}

/**
 * Decides one call arriving at `nowMs` (virtual ms): admitted when the leaked level plus `cost` fits in
 * the bucket, refused otherwise with the time until it would fit.
 *
 * @param cost - Calls this request costs. Defaults to 1 (every REST call costs 1, doc).
 * @example
 * let state = emptyBucket(0);
 * const decision = admitCall(state, 0, { bucketSize: 40, leakPerSecond: 2 });
 * state = decision.state; // decision.used === 1
 */
export function admitCall(
  state: LeakyBucketState,
  nowMs: number,
  limits: BucketLimits,
  cost = 1,
): AdmitCallResult {
  const next = { level: state.level, atMs: state.atMs };
  if (admitCallInPlace(next, nowMs, limits, cost))
    return { admitted: true, state: next, retryAfterMs: 0, used: usedCalls(next.level) };
  // Refused: `next.level` is the leaked level, so this is the excess the call found.
  const excess = next.level + cost - limits.bucketSize;
  const retryAfterMs = cost > limits.bucketSize ? Infinity : (excess * 1000) / limits.leakPerSecond;
  return { admitted: false, state: next, retryAfterMs, used: usedCalls(next.level) };
}

/**
 * {@link admitCall} applied to `state` itself: afterwards it holds what the decision's `state` would, and
 * the result says whether the call was admitted (the calls used are then `usedCalls(state.level)`). For a
 * caller that owns its state and decides a call on every request — the model — where a decision and a
 * new state per call were garbage the moment the next call came.
 */
export function admitCallInPlace(
  state: LeakyBucketState,
  nowMs: number,
  limits: BucketLimits,
  cost = 1,
): boolean {
  const atMs = Math.max(nowMs, state.atMs);
  const level = bucketLevel(state, nowMs, limits);
  const excess = level + cost - limits.bucketSize;
  const admitted = excess <= levelEpsilon;
  // Within the tolerance, clamp to the brim so rounding errors cannot accumulate call after call.
  state.level = admitted ? (excess > 0 ? limits.bucketSize : level + cost) : level;
  state.atMs = atMs;
  return admitted;
}
