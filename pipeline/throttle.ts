import type { Clock } from '../runtime/clock.js';
import { headerValue, type Interceptor } from '../runtime/transport.js';
import {
  observeCallLimit,
  parseCallLimit,
  reserveCall,
  type ClientBucketLimits,
  type ClientBucketState,
} from './client-bucket.js';

/** Options for {@link Throttle}. */
export interface ThrottleOptions {
  /** The shop's REST bucket size, in calls (40 on standard). */
  bucketSize: number;
  /** The shop's leak rate, in calls per second (2 on standard). */
  leakPerSecond: number;
  /**
   * Calls of the bucket left unused, in calls, so that jitter in network latency cannot bunch two paced
   * calls into one slot at the shop. Costs nothing in steady-state rate. Defaults to 1.
   */
  headroom: number;
}

/** Defaults for the optional parts of {@link ThrottleOptions}. */
export const defaultThrottleOptions = { headroom: 1 } as const;

/**
 * Keeps a client under a shop's REST leaky bucket: spends the burst, then paces calls at the leak rate,
 * and corrects itself from the `X-Shopify-Shop-Api-Call-Limit` header on every answer. One throttle is
 * shared by all workers that call one shop for one app (Shopify's bucket is per app per shop, doc).
 * When the header shows a different bucket size (Shopify may lower limits temporarily, doc), the throttle
 * adopts it and scales the leak rate with it (every documented plan has bucket = 20 × leak; a guess).
 *
 * @example
 * const throttle = new Throttle(clock, { bucketSize: 40, leakPerSecond: 2 });
 * const client = compose(throttle.interceptor())(transport);
 */
export class Throttle {
  private state: ClientBucketState = { tatMs: -Infinity };
  private limits: ClientBucketLimits;
  private bucketSize: number;
  private readonly headroom: number;
  private readonly leakPerCallOfSize: number;

  constructor(
    private readonly clock: Clock,
    options: Pick<ThrottleOptions, 'bucketSize' | 'leakPerSecond'> & Partial<ThrottleOptions>,
  ) {
    const { bucketSize, leakPerSecond, headroom } = { ...defaultThrottleOptions, ...options };
    this.bucketSize = bucketSize;
    this.headroom = headroom;
    this.leakPerCallOfSize = leakPerSecond / bucketSize;
    this.limits = limitsFor(bucketSize, leakPerSecond, headroom);
  }

  /** Waits for this caller's slot. Slots are handed out in call order. */
  async acquire(): Promise<void> {
    const now = this.clock.nowMs();
    const { startMs, state } = reserveCall(this.state, now, this.limits);
    this.state = state;
    if (startMs > now) await this.clock.sleep(startMs - now);
  }

  /** Learns from an answer to a call sent at `sentAtMs`. */
  observe(sentAtMs: number, status: number, headers: Record<string, string>): void {
    const limit = parseCallLimit(headerValue(headers, 'x-shopify-shop-api-call-limit'));
    if (limit === undefined) return;
    if (limit.size !== this.bucketSize) {
      this.bucketSize = limit.size;
      this.limits = limitsFor(limit.size, limit.size * this.leakPerCallOfSize, this.headroom);
    }
    this.state = observeCallLimit(
      this.state,
      { sentAtMs, used: limit.used, throttled: status === 429, bucketSize: limit.size },
      this.limits,
    );
  }

  /** The throttle as a Transport interceptor: every call that passes through takes a slot. */
  interceptor(): Interceptor {
    return (next) => async (request, options) => {
      await this.acquire();
      const sentAtMs = this.clock.nowMs();
      const result = await next(request, options);
      if (result.ok) this.observe(sentAtMs, result.response.status, result.response.headers);
      return result;
    };
  }
}

function limitsFor(bucketSize: number, leakPerSecond: number, headroom: number): ClientBucketLimits {
  return { capacity: Math.max(1, bucketSize - headroom), intervalMs: 1000 / leakPerSecond };
}
