import type { WorkflowStep } from './workflow-steps.js';
import type { Clock } from '../runtime/clock.js';
import type { Random } from '../runtime/random.js';
import { compose, type Dispatch, type Interceptor } from '../runtime/transport.js';
import { defaultBackoffOptions } from './backoff.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { fixedSleepInterceptor } from './fixed-sleep.js';
import { createIdempotency, defaultIdempotencyOptions } from './idempotency.js';
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
import { referenceGuarantees, type PipelineGuarantees } from './pipeline-variants.js';
import { defaultRetryBudgetOptions, RetryBudget } from './retry-budget.js';
import { retryInterceptor } from './retry.js';
import { StoreThrottle } from './shared-throttle.js';
import type { PipelineOrder, ShopTarget } from './shopify-requests.js';
import type { Store } from './store.js';
import { timeoutInterceptor } from './timeout.js';
import { withoutJitter } from './without-jitter.js';
import { defaultBudgetWaitMs } from './workflow-backoff.js';
import { WorkQueue } from './work-queue.js';

/**
 * Settings of the reference pipeline. Plain data; every field has a default. The guarantees
 * ({@link PipelineGuarantees}) are on by default; a naive baseline turns exactly one off
 * (pipeline-variants.ts).
 */
export interface ReferencePipelineOptions extends PipelineGuarantees {
  /** Workers processing orders at once. Defaults to 8. */
  concurrency: number;
  /**
   * How hard each stage of an order tries before dead-lettering: the create after this many requests
   * (retries and lookups included), the customer update after this many failed requests. Defaults to 8.
   */
  maxAttempts: number;
  /** Backoff base, in ms. Defaults to 500 ms. */
  baseDelayMs: number;
  /** Backoff cap, in ms. Defaults to 30 s. */
  maxDelayMs: number;
  /** Per-request timeout, in ms, from when the request leaves the throttle. Defaults to 10 s. */
  requestTimeoutMs: number;
  /**
   * Bucket calls the throttle leaves unused against latency jitter: two calls sent one slot apart can
   * arrive together, and a bucket kept full to the last call then refuses the second. Defaults to the
   * calls that leak in 20 ms, at least 1 — 1 on every Shopify plan (40/s at most), 2 on a 100/s custom
   * plan, where one slot is 10 ms and a live worker's event loop can lag more than that.
   */
  throttleHeadroom?: number;
  /**
   * The app's name on the shop, for the shared throttle's Store key (`{shop}:throttle:<app>`; Shopify's
   * bucket is per app per shop, doc). Never the access token. Defaults to `funnelstorm`.
   */
  appName: string;
  /** The note attribute carrying the source order id. Defaults to `source_order_id`. */
  sourceIdAttribute: string;
  /** Idempotency claim lifetime, in ms. Defaults to 4 h 10 min (Shopify redelivers for 4 h, doc). */
  claimTtlMs: number;
  /** How long a second delivery of an order in flight waits for its result before yielding, in ms. Defaults to 30 s. */
  /**
   * How long taking an order's claim keeps trying through a Store outage (Redis gone away), with
   * jittered backoff, before the order is dead-lettered with the reason, in ms. Defaults to 60 s.
   */
  storeWaitMs: number;
  claimWaitMs: number;
  /**
   * The process taking the claims (a live worker's id), written into each so that another process can
   * take over the claims of a dead one (claim-owner.ts). Defaults to none: claims carry no owner.
   */
  claimOwner?: string;
  /**
   * The customer lock's lease, in ms, renewed every third of it while held. It must exceed the request
   * timeout by a margin, because a fenced write is sent only while the lease has at least
   * `requestTimeoutMs` left. Defaults to 30 s.
   */
  lockTtlMs: number;
  /**
   * How long a worker waits for a customer's lock before dead-lettering that customer update, in ms. A
   * holder keeps it for two throttled calls, each queued behind up to `concurrency` others, so with many
   * workers on a slow plan it is held for a minute or more, and a hot customer's orders queue behind each
   * other: 100 orders of one customer on a 0.5/s plan wait 10 min for their turn. Waiting costs nothing in
   * correctness (a dead holder's lease runs out in `lockTtlMs`), while giving up loses an update no fault
   * explains, so this only guards against a lock that never comes free. Defaults to 1 h, as `budgetWaitMs`.
   */
  lockWaitMs: number;
  /**
   * The cap on a customer-lock waiter's jittered poll, in ms (the mutex's `retryMaxDelayMs`; the first
   * poll waits up to 50 ms). A waiter learns of a release up to this late, however briefly it waited (its
   * earlier sleeps may all have drawn near 0), and every order of a hot customer pays it once per hand-over:
   * with a 5 s cap an order behind a 6 ms holder finished in 99 ms where 68 ms was reachable, and a queue of
   * 100 orders lost minutes. Four polls a second per waiter is little for any Store. Defaults to 250 ms.
   */
  lockPollMaxMs: number;
  /**
   * Retries allowed per first attempt, over the retry budget's 60 s window, shared by every worker
   * (retry-budget.ts). Defaults to 0.1 (Google SRE, "Handling Overload"): an outage then costs at most
   * 1.1 × the calls. Keep it above the share of calls that fail in normal running, or retries queue up
   * behind the budget until `budgetWaitMs` dead-letters them.
   */
  retryBudgetRatio: number;
  /** How long a stage waits while the retry budget refuses its retries, in ms. Defaults to 1 h. */
  budgetWaitMs: number;
  /** The sleep after every call of the `fixed-sleep` baseline, in ms. Defaults to 600 ms (the folklore). */
  fixedSleepMs: number;
}

/** Defaults for {@link ReferencePipelineOptions}. */
export const defaultReferencePipelineOptions: ReferencePipelineOptions = {
  ...referenceGuarantees,
  concurrency: 8,
  maxAttempts: 8,
  baseDelayMs: defaultBackoffOptions.baseDelayMs,
  maxDelayMs: defaultBackoffOptions.maxDelayMs,
  requestTimeoutMs: 10_000,
  appName: 'funnelstorm',
  sourceIdAttribute: 'source_order_id',
  claimTtlMs: (4 * 60 + 10) * 60_000,
  claimWaitMs: defaultIdempotencyOptions.maxWaitMs,
  storeWaitMs: 60_000,
  lockTtlMs: 30_000,
  lockWaitMs: 60 * 60_000,
  lockPollMaxMs: 250,
  retryBudgetRatio: defaultRetryBudgetOptions.ratio,
  budgetWaitMs: defaultBudgetWaitMs,
  fixedSleepMs: 600,
};

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
