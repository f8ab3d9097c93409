import type { Clock } from '../runtime/clock.js';
import type { Interceptor } from '../runtime/transport.js';
import {
  adoptBucketSize,
  limitsOf,
  observeReading,
  readCallLimit,
  reserveCall,
  type BucketShape,
  type ClientBucketLimits,
  type ClientBucketState,
} from './client-bucket.js';

/** Options for {@link Throttle} (and, with a shop and an app, for `StoreThrottle`). */
export interface ThrottleOptions {
  /** The shop's REST bucket size, in calls (40 on standard). Required. */
  bucketSize: number;
  /** The shop's leak rate, in calls per second (2 on standard). Required. */
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
 * What a throttle does around one call: wait for a slot before it, learn from the answer after it. Both
 * {@link Throttle} (one process) and `StoreThrottle` (every process, through the Store) are pacers.
 */
export interface Pacer {
  /** Waits for this caller's slot. */
  acquire(): Promise<void>;
  /** Learns from the answer (`status`, `headers`) to a call sent at `sentAtMs` on the clock. */
  observe(sentAtMs: number, status: number, headers: Record<string, string>): void | Promise<void>;
}

/**
 * A pacer as a Transport interceptor: every call that passes through takes a slot first, and every answer
 * teaches the pacer. The send time is read after the slot is granted, so the observation dates the call
 * as the shop saw it.
 */
export function pacingInterceptor(clock: Clock, pacer: Pacer): Interceptor {
  // `then`s, not an async function: an async frame with its awaits was ≈ 800 bytes per call, the client's
  // largest layer (issue 12).
  return (next) => (request, options) =>
    pacer.acquire().then(() => {
      const sentAtMs = clock.nowMs();
      return next(request, options).then((result) => {
        if (!result.ok) return result;
        // Waited for only when it is a promise (a Store's): a local throttle learns at once.
        const learning = pacer.observe(sentAtMs, result.response.status, result.response.headers);
        return learning === undefined ? result : learning.then(() => result);
      });
    });
}

/**
 * Keeps a client under a shop's REST leaky bucket: spends the burst, then paces calls at the leak rate,
 * and corrects itself from the `X-Shopify-Shop-Api-Call-Limit` header on every answer. One throttle is
 * shared by all workers that call one shop for one app in one process (Shopify's bucket is per app per
 * shop, doc); for several processes use `StoreThrottle` (shared-throttle.ts), which keeps the same state in
 * the Store. When the header shows a different bucket size (Shopify may lower limits temporarily, doc),
 * the throttle adopts it and scales the leak rate with it (client-bucket.ts `adoptBucketSize`).
 *
 * @example
 * const throttle = new Throttle(clock, { bucketSize: 40, leakPerSecond: 2 });
 * const client = compose(throttle.interceptor())(transport);
 */
export class Throttle implements Pacer {
  private state: ClientBucketState = { tatMs: -Infinity };
  private shape: BucketShape;
  private limits: ClientBucketLimits;

  constructor(
    private readonly clock: Clock,
    options: Pick<ThrottleOptions, 'bucketSize' | 'leakPerSecond'> & Partial<ThrottleOptions>,
  ) {
    this.shape = { ...defaultThrottleOptions, ...options };
    this.limits = limitsOf(this.shape);
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
    const reading = readCallLimit(status, headers);
    if (reading === undefined) return;
    const shape = adoptBucketSize(this.shape, reading.bucketSize);
    if (shape !== this.shape) {
      this.shape = shape;
      this.limits = limitsOf(shape);
    }
    this.state = observeReading(this.state, reading, sentAtMs, this.limits);
  }

  /** The throttle as a Transport interceptor: every call that passes through takes a slot. */
  interceptor(): Interceptor {
    return pacingInterceptor(this.clock, this);
  }
}
