import type { Clock } from '../runtime/clock.js';
import type { Random } from '../runtime/random.js';
import { compose, type Dispatch } from '../runtime/transport.js';
import { defaultBackoffOptions } from './backoff.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { observeCalls, type CallRecord } from './observe-calls.js';
import { processOrder, type OrderOutcome } from './order-workflow.js';
import { retryInterceptor } from './retry.js';
import type { PipelineOrder, ShopTarget } from './shopify-requests.js';
import type { Store } from './store.js';
import { Throttle } from './throttle.js';
import { timeoutInterceptor } from './timeout.js';
import { WorkQueue } from './work-queue.js';

/** Settings of the reference pipeline. Plain data; every field has a default. */
export interface ReferencePipelineOptions {
  /** Workers processing orders at once. Defaults to 8. */
  concurrency: number;
  /** Requests per order (retries and lookups included) before dead-lettering. Defaults to 8. */
  maxAttempts: number;
  /** Backoff base, in ms. Defaults to 500 ms. */
  baseDelayMs: number;
  /** Backoff cap, in ms. Defaults to 30 s. */
  maxDelayMs: number;
  /** Per-request timeout, in ms, from when the request leaves the throttle. Defaults to 10 s. */
  requestTimeoutMs: number;
  /** Bucket calls the throttle leaves unused against latency jitter. Defaults to 1. */
  throttleHeadroom: number;
  /** The note attribute carrying the source order id. Defaults to `source_order_id`. */
  sourceIdAttribute: string;
  /** Idempotency claim lifetime, in ms. Defaults to 4 h 10 min (Shopify redelivers for 4 h, doc). */
  claimTtlMs: number;
}

/** Defaults for {@link ReferencePipelineOptions}. */
export const defaultReferencePipelineOptions: ReferencePipelineOptions = {
  concurrency: 8,
  maxAttempts: 8,
  baseDelayMs: defaultBackoffOptions.baseDelayMs,
  maxDelayMs: defaultBackoffOptions.maxDelayMs,
  requestTimeoutMs: 10_000,
  throttleHeadroom: 1,
  sourceIdAttribute: 'source_order_id',
  claimTtlMs: (4 * 60 + 10) * 60_000,
};

/** Callbacks for metrics and the run's history. Each is optional. */
export interface PipelineHooks {
  /** Every request sent to Shopify, with its latency and status. */
  onCall?(call: CallRecord): void;
  /** Every order's end, at `atMs` on the clock. */
  onOrderDone?(order: PipelineOrder, outcome: OrderOutcome, atMs: number): void;
}

/** What the reference pipeline runs on: the seams, the shop, and its bucket. */
export interface ReferencePipelineDeps {
  clock: Clock;
  random: Random;
  transport: Dispatch;
  store: Store;
  shop: ShopTarget;
  /** The shop's REST bucket, for the throttle to start from (it then follows the call-limit header). */
  limits: { bucketSize: number; leakPerSecond: number };
  options?: Partial<ReferencePipelineOptions>;
  hooks?: PipelineHooks;
}

/** A running reference pipeline: feed it orders, run its workers, read its dead letters. */
export interface ReferencePipeline {
  readonly options: ReferencePipelineOptions;
  /** The webhook intake: accepts an order at once and queues it. */
  accept(order: PipelineOrder): void;
  /** No more orders will come; workers stop once the queue is empty. */
  close(): void;
  /** One body per worker (`concurrency` of them); the caller runs them — `sim.spawn`, or `Promise.all`. */
  workers(): (() => Promise<void>)[];
  readonly deadLetters: DeadLetterQueue<PipelineOrder>;
}

/**
 * The reference pipeline: intake → queue → bounded workers → idempotency claim → throttled, retrying
 * Shopify client → result or dead-letter queue. Each worker composes its own client
 * (`retry → throttle → timeout → observe → transport`) around one shared throttle, and draws its jitter
 * from its own random stream (`worker-N`).
 *
 * @example
 * const pipeline = createReferencePipeline({ clock: sim, random, transport, store, shop, limits });
 * pipeline.workers().forEach((body, i) => sim.spawn(`worker-${i}`, body));
 * for (const order of orders) pipeline.accept(order);
 * pipeline.close();
 */
export function createReferencePipeline(deps: ReferencePipelineDeps): ReferencePipeline {
  const options = { ...defaultReferencePipelineOptions, ...deps.options };
  const { clock, hooks = {} } = deps;
  const queue = new WorkQueue<PipelineOrder>(clock);
  const deadLetters = new DeadLetterQueue<PipelineOrder>();
  const throttle = new Throttle(clock, { ...deps.limits, headroom: options.throttleHeadroom });
  const observe = observeCalls(clock, (call) => hooks.onCall?.(call));

  const worker = (index: number) => async (): Promise<void> => {
    const random = deps.random.fork(`worker-${index}`);
    const client = compose(
      retryInterceptor(clock, random.fork('retry'), options),
      throttle.interceptor(),
      timeoutInterceptor(clock, options.requestTimeoutMs),
      observe,
    )(deps.transport);
    const workflow = {
      clock,
      random: random.fork('workflow'),
      client,
      store: deps.store,
      shop: deps.shop,
      deadLetters,
      settings: options,
    };
    for (let order = await queue.take(); order !== undefined; order = await queue.take()) {
      const outcome = await processOrder(order, workflow);
      hooks.onOrderDone?.(order, outcome, clock.nowMs());
    }
  };

  return {
    options,
    accept: (order) => queue.push(order),
    close: () => queue.close(),
    workers: () => Array.from({ length: options.concurrency }, (_, i) => worker(i)),
    deadLetters,
  };
}
