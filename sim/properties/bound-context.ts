import type { Scenario } from '../../scenarios/scenario-types.js';
import type { FaultLoad } from './fault-load.js';
import type { FirstArrival } from './first-arrivals.js';
import type { IdealPipeline } from './ideal-pipeline.js';

// What the terms of the p99 bound (p99-bound.ts) share: its constants and one run's ideal.

/**
 * How the reference pipeline's customer lock is polled (pipeline/mutex.ts and reference-pipeline.ts, read
 * as data, not imported): the first poll waits up to 50 ms, each later one up to twice as long, capped at
 * 250 ms (`lockPollMaxMs`). With full jitter a waiter learns of a release up to the cap late, whatever it
 * waited (its earlier sleeps may all have been short), and on average about what it waited + 50 ms: the
 * bound's ideal pipeline hands the lock over at the cap, the worst case; rate discipline's drain, on the
 * mean.
 */
export const referenceLockPoll = { pollBaseMs: 50, pollCapMs: 250 } as const;

/**
 * The stated slack the workload's terms (ideal p99, latency tail) are multiplied by: the ideal
 * pipeline's averages (expected retries, mean latency, the lock's mean polling delay) are not worst cases.
 */
export const p99BoundSlack = 1.3;

/**
 * The retries one failed call costs at most: the retry itself, or the lookup and the create again after an
 * ambiguous create, or the customer's re-read and write again after a failed write.
 */
export const retriesPerFailure = 2;

/**
 * The chance that a run's p99 passes its bound because of chance failures or pauses (terms 5 and 6): 10⁻⁵
 * per run, so a search of thousands of runs of a correct pipeline breaks it by chance about once in a
 * hundred searches. Each order is allowed the retry time or pauses it exceeds with chance
 * `perOrderTailChance(n, 10⁻⁵)` (quantiles.ts): with up to 100 orders the p99 is the slowest, so every
 * order must stay within it. (A larger chance buys a tighter bound but real false breaks: at 10⁻⁴ the
 * reference broke once in seed 1's 5,000 runs, run 3,048 — three 10 s hangs of one create, a 10⁻³ event.)
 */
export const runTailChance = 1e-5;

/**
 * How late a lock waiter learns of a release, at most, in ms: the reference's poll cap
 * ({@link referenceLockPoll}, 250 ms). What one slow or held call under a customer's lock costs in all is
 * its own extra time and, for the order waiting on the lock, that poll.
 */
export const lockPollCeilingMs = referenceLockPoll.pollCapMs;

/** One run's ideal pipeline and what every term of the bound reads of it (p99-bound.ts computes it). */
export interface BoundContext {
  scenario: Scenario;
  /** What the fault plan and the pauses cost the calls. */
  load: FaultLoad;
  /** The orders' first arrivals, sorted. */
  arrivals: readonly FirstArrival[];
  /** The ideal pipeline (term 1). */
  ideal: IdealPipeline;
  /** Each order's ideal latency, in ms, in `arrivals` order. */
  idealMs: readonly number[];
  /** The calls the ideal client makes per order. */
  callsPerOrder: number;
  /** A round trip with both jitters, in ms. */
  roundTripMs: number;
  /** The longest wait of any call of the ideal for its slot, in ms: what a retry waits again. */
  slotWaitMs: number;
  /** The chance per order that keeps one run's p99 within the bound with chance 1 − {@link runTailChance}. */
  orderTailChance: number;
  /** The pool the shop needs (scenarios/sized-concurrency.ts). */
  idealConcurrency: number;
  /** The share of calls that fail by chance (capped at 0.99). */
  failure: number;
  /** A held call's extra time with what it costs the order waiting on the customer's lock, in ms. */
  knockOnMs: (extraMs: number) => number;
}
