import type { Clock } from '../runtime/clock.js';
import { isFunnelstormError } from '../runtime/errors.js';
import type { Interceptor } from '../runtime/transport.js';
import {
  adoptBucketSize,
  believedLevel,
  limitsOf,
  observeReading,
  readCallLimit,
  reserveCall,
  type BucketShape,
  type ClientBucketLimits,
  type ClientBucketState,
} from './client-bucket.js';
import type { Store } from './store.js';
import { defaultThrottleOptions, pacingInterceptor, type Pacer, type ThrottleOptions } from './throttle.js';

/** Options for {@link StoreThrottle}: the bucket of {@link ThrottleOptions}, and whose bucket it is. */
export interface StoreThrottleOptions extends ThrottleOptions {
  /** The shop's domain, e.g. `launch.myshopify.com`. Required. */
  shop: string;
  /**
   * Names the app whose bucket this is (Shopify's bucket is per app per shop, doc): its name or client id.
   * Never its access token — the name ends up in a Store key. Required.
   */
  app: string;
}

/**
 * The Store key of one app's bucket on one shop: `{<shop>}:throttle:<app>`. The braces are a Redis
 * Cluster hash tag, so every key of one shop (its limiter, its locks, its claims) lives on one node.
 */
export function throttleKey(shop: string, app: string): string {
  return `{${shop}}:throttle:${app}`;
}

/**
 * The throttle shared by every worker of every process that calls one shop for one app: the same GCRA as
 * {@link Throttle} (client-bucket.ts), but its one number — the theoretical arrival time — lives in the
 * Store under {@link throttleKey}, and each reservation is one atomic Store operation (one Lua script on
 * Redis). `Store.reserveSlot` works in "queue mode": it always reserves and says how long to wait, so the
 * spacing of calls is exact across processes, whoever asks (../shared/DESIGN.md, "Shared throttle").
 *
 * It learns from the shop as {@link Throttle} does, with the same trust rules (client-bucket.ts
 * `believedLevel`): a reading below the bucket size is trusted only down to `used − 1`, a full reading or
 * a 429 at its word, and a new bucket size is adopted with the leak rate scaled to it. Only durations cross
 * to the Store (`ageMs`, `intervalMs`, the wait it returns), never this process's clock readings, so
 * processes whose clocks disagree still agree on one schedule.
 *
 * When the Store is unavailable (`STORE_UNAVAILABLE`), a call is paced by this process's own mirror of the
 * bucket instead — kept up to date from every answer — rather than failing: the shop's 429 and the retry
 * stage bound the cost of the lost coordination, and nothing is done twice by pacing alone.
 *
 * @example
 * const throttle = new StoreThrottle(store, clock, {
 *   shop: 'launch.myshopify.com', app: 'funnel-sync', bucketSize: 40, leakPerSecond: 2,
 * });
 * const client = compose(retryInterceptor(clock, random), throttle.interceptor())(transport);
 */
export class StoreThrottle implements Pacer {
  /** The Store key of this bucket ({@link throttleKey}). */
  readonly key: string;
  private shape: BucketShape;
  private limits: ClientBucketLimits;
  /** This process's own mirror, used only while the Store is unavailable. */
  private local: ClientBucketState = { tatMs: -Infinity };
  private fallbacks = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    options: Pick<StoreThrottleOptions, 'bucketSize' | 'leakPerSecond' | 'shop' | 'app'> &
      Partial<ThrottleOptions>,
  ) {
    this.key = throttleKey(options.shop, options.app);
    this.shape = {
      bucketSize: options.bucketSize,
      leakPerSecond: options.leakPerSecond,
      headroom: options.headroom ?? defaultThrottleOptions.headroom,
    };
    this.limits = limitsOf(this.shape);
  }

  /** Calls that were paced by the local mirror because the Store was unavailable. */
  get localFallbacks(): number {
    return this.fallbacks;
  }

  /**
   * Waits for this caller's slot in the shared schedule. A `then` on the Store's answer with callbacks
   * made once per throttle, not an async function: an async frame per call was ≈ 450 bytes (issue 12).
   */
  acquire(): Promise<void> {
    let reserved: Promise<number>;
    try {
      reserved = this.store.reserveSlot(this.key, this.limits.intervalMs, this.limits.capacity);
    } catch (error) {
      reserved = Promise.reject(error as Error);
    }
    return reserved.then(this.waitFor, this.paceLocally);
  }

  /** Sleeps until the slot the Store gave, `waitMs` from now. */
  private readonly waitFor = (waitMs: number): Promise<void> | undefined =>
    waitMs > 0 ? this.clock.sleep(waitMs) : undefined;

  /** Paces the call by the local mirror when the Store is unavailable; any other failure passes on. */
  private readonly paceLocally = (error: unknown): Promise<void> | undefined => {
    if (!isFunnelstormError(error, 'STORE_UNAVAILABLE')) throw error;
    this.fallbacks++;
    const now = this.clock.nowMs();
    const reserved = reserveCall(this.local, now, this.limits);
    this.local = reserved.state;
    return this.waitFor(reserved.startMs - now);
  };

  /**
   * Learns from an answer to a call sent at `sentAtMs` on this process's clock. Not an async function:
   * undefined when the answer carries no reading, else the Store's own promise with a catch (issue 12: an
   * async frame per call for an operation that is one Store call).
   */
  observe(sentAtMs: number, status: number, headers: Record<string, string>): Promise<void> | undefined {
    const reading = readCallLimit(status, headers);
    if (reading === undefined) return undefined;
    const shape = adoptBucketSize(this.shape, reading.bucketSize);
    if (shape !== this.shape) {
      this.shape = shape;
      this.limits = limitsOf(shape);
    }
    this.local = observeReading(this.local, reading, sentAtMs, this.limits);
    const ageMs = Math.max(0, this.clock.nowMs() - sentAtMs);
    try {
      return this.store
        .observeSlot(this.key, believedLevel(reading), this.limits.intervalMs, ageMs)
        .catch(lostObservation);
    } catch (error) {
      return Promise.resolve(lostObservation(error));
    }
  }

  /** The throttle as a Transport interceptor: every call that passes through takes a shared slot. */
  interceptor(): Interceptor {
    return pacingInterceptor(this.clock, this);
  }
}

/** A lost observation only leaves the shared schedule less informed; the next answer corrects it. */
function lostObservation(error: unknown): void {
  if (!isFunnelstormError(error, 'STORE_UNAVAILABLE')) throw error;
}
