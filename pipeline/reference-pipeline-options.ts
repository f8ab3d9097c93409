import { defaultBackoffOptions } from './backoff.js';
import { defaultIdempotencyOptions } from './idempotency.js';
import { referenceGuarantees, type PipelineGuarantees } from './pipeline-variants.js';
import { defaultRetryBudgetOptions } from './retry-budget.js';
import { defaultBudgetWaitMs } from './workflow-backoff.js';

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
