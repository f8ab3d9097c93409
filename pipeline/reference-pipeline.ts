import type { WorkflowStep } from './workflow-steps.js';
import type { Clock } from '../runtime/clock.js';
import type { Random } from '../runtime/random.js';
import { compose, type Dispatch, type Interceptor } from '../runtime/transport.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { fixedSleepInterceptor } from './fixed-sleep.js';
import { createIdempotency } from './idempotency.js';
import type { Lease } from './lease.js';
import { leaseGuardInterceptor } from './lease-guard.js';
import type { Spawn } from './mutex.js';
import { observeCalls, type CallRecord } from './observe-calls.js';
import {
  customerMutex,
  processOrder,
  type ClaimRecord,
  type OrderOutcome,
  type OrderWorkflowDeps,
} from './order-workflow.js';
import {
  defaultReferencePipelineOptions,
  type ReferencePipelineOptions,
} from './reference-pipeline-options.js';
import { defaultRetryBudgetOptions, RetryBudget } from './retry-budget.js';
import { retryInterceptor } from './retry.js';
import { StoreThrottle } from './shared-throttle.js';
import type { PipelineOrder, ShopTarget } from './shopify-requests.js';
import type { Store } from './store.js';
import { timeoutInterceptor } from './timeout.js';
import { withoutJitter } from './without-jitter.js';
import { WorkQueue } from './work-queue.js';

// The options moved to their own module; importers have always found them here.
export { defaultReferencePipelineOptions, type ReferencePipelineOptions };

/** A request as it leaves the retry stage for the throttle: a first attempt or a retry. */
export interface IssuedRequest {
  method: string;
  /** When it was issued, in ms on the clock (before any wait for a throttle slot). */
  atMs: number;
  /** True for a retry: a repeat inside the client, or a later request of a stage that failed before. */
  retry: boolean;
}

/** Callbacks for metrics and the run's history. Each is optional. */
export interface PipelineHooks {
  /** Every request sent to Shopify, with its latency and status. */
  onCall?(call: CallRecord): void;
  /** Every request the retry stage lets through, when it is issued (before the throttle). */
  onIssue?(request: IssuedRequest): void;
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
  /**
   * Runs a process beside a worker: the customer lock's lease renewer (`(name, body) => sim.spawn(name, body)`
   * in the simulator, `detachedSpawn` live). Without it, leases are renewed cooperatively between steps.
   */
  spawn?: Spawn;
  /**
   * The steps each order costs (a scenario's `workflow:`, workflow-steps.ts), each run with its own
   * protection. Defaults to the create and the customer's `funnelstorm.loyalty` metafield.
   */
  workflow?: readonly WorkflowStep[];
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
  /** Orders the pipeline could not create, with the reason. */
  readonly deadLetters: DeadLetterQueue<PipelineOrder>;
  /** Customer updates the pipeline gave up on (their orders exist), with the reason. */
  readonly customerDeadLetters: DeadLetterQueue<PipelineOrder>;
  /** The retry budget every worker shares. */
  readonly retryBudget: RetryBudget;
}

/**
 * The reference pipeline: intake → queue → bounded workers → idempotency claim → create (lookup after an
 * ambiguous failure) → the customer's totals under a fenced mutex → result or dead-letter queue
 * (../shared/DESIGN.md, "The reference pipeline"). Each worker composes its own client
 * (`retry → throttle → timeout → observe → transport`, and for a fenced customer write a lease check
 * between throttle and timeout, lease-guard.ts) around one throttle shared through the Store
 * (`StoreThrottle`, keyed per shop and app) and one retry budget shared by every worker (at least one retry
 * per worker per window, so a pool stuck on retries after an outage can still move); draws its jitter
 * from its own random stream (`worker-N`); and takes claims and locks with tokens from its own streams.
 * With `spawn`, each held customer lock gets a renewer process.
 *
 * The naive baselines are this pipeline with one guarantee off (pipeline-variants.ts): `claim`,
 * `reconcile`, `customerLock`, `jitter`, or `pacing: 'fixed-sleep'`.
 *
 * @example
 * const pipeline = createReferencePipeline({
 *   clock: sim, random, transport, store, shop, limits, spawn: (name, body) => sim.spawn(name, body),
 * });
 * pipeline.workers().forEach((body, i) => sim.spawn(`worker-${i}`, body));
 * for (const order of orders) pipeline.accept(order);
 * pipeline.close();
 */
export function createReferencePipeline(deps: ReferencePipelineDeps): ReferencePipeline {
  const options = { ...defaultReferencePipelineOptions, ...deps.options };
  const { clock, store, hooks = {} } = deps;
  const queue = new WorkQueue<PipelineOrder>(clock);
  const deadLetters = new DeadLetterQueue<PipelineOrder>();
  const customerDeadLetters = new DeadLetterQueue<PipelineOrder>();
  // However few first attempts a window saw, each worker may retry once in it: a pool whose every worker
  // waits on a retry (just after an outage) makes no first attempts to earn budget with, and a pool of N
  // workers cannot amplify anything with N retries a minute — it has at most N requests out at once.
  const budget = new RetryBudget(clock, {
    ratio: options.retryBudgetRatio,
    minRetriesPerWindow: Math.max(defaultRetryBudgetOptions.minRetriesPerWindow, options.concurrency),
  });
  const pacing: Interceptor =
    options.pacing === 'throttle'
      ? new StoreThrottle(store, clock, {
          shop: deps.shop.domain,
          app: options.appName,
          ...deps.limits,
          headroom: options.throttleHeadroom ?? jitterHeadroom(deps.limits.leakPerSecond),
        }).interceptor()
      : fixedSleepInterceptor(clock, options.fixedSleepMs);
  const issued = issueObserver(clock, hooks);
  const timeout = timeoutInterceptor(clock, options.requestTimeoutMs);
  const observe = observeCalls(clock, (call) => hooks.onCall?.(call));
  // The fields the retry stage reads, once per pipeline: spreading all the options per worker (as
  // `{ ...options, budget }`, which retryInterceptor spreads over its defaults again) cost ≈ 10 KB per
  // worker, and a check run starts about 120 workers (issue 12).
  const retryOptions = {
    baseDelayMs: options.baseDelayMs,
    maxDelayMs: options.maxDelayMs,
    maxAttempts: options.maxAttempts,
    budget,
  };
  const idempotencyOptions = { claimTtlMs: options.claimTtlMs, owner: options.claimOwner };

  const worker = (index: number) => async (): Promise<void> => {
    const random = deps.random.fork(`worker-${index}`);
    const jitter = (label: string): Random =>
      options.jitter ? random.fork(label) : withoutJitter(`${random.path}/${label}`);
    const retry = retryInterceptor(clock, jitter('retry'), retryOptions);
    const client = compose(retry, issued, pacing, timeout, observe)(deps.transport);
    // One fenced client per worker, guarding the lease of its customer update in progress: a worker runs
    // one at a time (withLock awaits its critical section), so no chain is built per update.
    let heldLease: Lease | undefined;
    const held = { isValid: (forMs?: number) => heldLease?.isValid(forMs) ?? false };
    const fenced = compose(
      retry,
      issued,
      pacing,
      leaseGuardInterceptor(held, options.requestTimeoutMs),
      timeout,
      observe,
    )(deps.transport);
    const fencedClient = (lease: Lease): Dispatch => {
      heldLease = lease;
      return fenced;
    };
    // Plain fields, absent ones undefined (as the deps read them): conditional spreads cost an object
    // each, per worker.
    const workflow: OrderWorkflowDeps = {
      clock,
      random: jitter('workflow'),
      client,
      fencedClient,
      store,
      idempotency: createIdempotency<ClaimRecord>(
        store,
        clock,
        random.fork('idempotency'),
        idempotencyOptions,
      ),
      mutex: customerMutex(store, clock, random.fork('mutex'), options),
      spawn: deps.spawn,
      shop: deps.shop,
      deadLetters,
      customerDeadLetters,
      workflow: deps.workflow,
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
    customerDeadLetters,
    retryBudget: budget,
  };
}

/**
 * Reports each request as the retry stage issues it. A request is a retry when the dispatch's `stats`
 * already counted an attempt before this one: a repeat inside the retry stage, or the first request of a
 * stage that continues after a failure (the workflow passes its attempts so far).
 */
function issueObserver(clock: Clock, hooks: PipelineHooks): Interceptor {
  return (next) => (request, options) => {
    hooks.onIssue?.({
      method: request.method,
      atMs: clock.nowMs(),
      retry: (options?.stats?.attempts ?? 1) > 1,
    });
    return next(request, options);
  };
}

/**
 * A throttle headroom for a leak rate: the calls that leak in `toleranceMs` of jitter, at least 1. The
 * default (20 ms) is the pipeline's; live worker processes pass more (sim/run-live.ts), since a process's
 * event loop can lag by tens of ms on a loaded machine and send a slot's call late, together with the next.
 */
export function jitterHeadroom(leakPerSecond: number, toleranceMs = 20): number {
  return Math.max(1, Math.ceil((leakPerSecond * toleranceMs) / 1000));
}
