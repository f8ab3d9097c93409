import {
  chargeCost,
  fullCostBucket,
  refundCost,
  settleCostBucket,
  wholePointsAvailable,
  type ChargeCostResult,
  type CostBucketLimits,
  type CostBucketState,
} from './cost-bucket.js';
import type { ThrottleStatus } from './graphql-responses.js';

/**
 * The cost buckets of every app on every shop, one per `appKey` (SHOPIFY.md: "Per app and shop", doc:
 * "Calls from one app don't affect the rate limits of another app, even on the same store"), all with the
 * same limits. A new app starts with a full bucket.
 */
export class AppCostBuckets {
  private readonly buckets = new Map<string, CostBucketState>();
  private current: CostBucketLimits;

  constructor(limits: CostBucketLimits) {
    this.current = { bucketSize: limits.bucketSize, restorePerSecond: limits.restorePerSecond };
  }

  /** The limits in force. */
  get limits(): Readonly<CostBucketLimits> {
    return this.current;
  }

  /** Takes `requested` points from `appKey`'s bucket at `nowMs` when they fit (see {@link chargeCost}). */
  charge(appKey: string, nowMs: number, requested: number): ChargeCostResult {
    const result = chargeCost(this.stateOf(appKey, nowMs), nowMs, this.current, requested);
    this.buckets.set(appKey, result.state);
    return result;
  }

  /** Gives `points` back to `appKey`'s bucket at `nowMs`. */
  refund(appKey: string, nowMs: number, points: number): void {
    this.buckets.set(appKey, refundCost(this.stateOf(appKey, nowMs), nowMs, this.current, points));
  }

  /** `throttleStatus` of `appKey` at `nowMs`, without changing anything. */
  status(appKey: string, nowMs: number): ThrottleStatus {
    return {
      maximumAvailable: this.current.bucketSize,
      currentlyAvailable: wholePointsAvailable(this.stateOf(appKey, nowMs), nowMs, this.current),
      restoreRate: this.current.restorePerSecond,
    };
  }

  /** New limits from `nowMs` on; every bucket first restores up to `nowMs` at the old rate. */
  setLimits(limits: CostBucketLimits, nowMs: number): void {
    for (const [key, state] of this.buckets) {
      this.buckets.set(key, settleCostBucket(state, nowMs, this.current));
    }
    this.current = { bucketSize: limits.bucketSize, restorePerSecond: limits.restorePerSecond };
  }

  private stateOf(appKey: string, nowMs: number): CostBucketState {
    return this.buckets.get(appKey) ?? fullCostBucket(nowMs);
  }
}
