import type { Clock } from '../runtime/clock.js';
import { isFunnelstormError } from '../runtime/errors.js';
import type { Random } from '../runtime/random.js';
import { backoffDelayMs, type BackoffOptions } from './backoff.js';
import { StoreLease, type LeaseContext } from './lease.js';
import { randomToken } from './random-token.js';
import type { Store } from './store.js';

/** What every acquisition of one mutex shares: its Store, clock, token stream and settings. */
export interface LockPollContext {
  readonly store: Store;
  readonly clock: Clock;
  /** The stream of the lock tokens and of the waits between polls. */
  readonly random: Random;
  /** What each lease taken is made with. */
  readonly lease: LeaseContext;
  /** The lease's TTL in the Store, in ms. */
  readonly ttlMs: number;
  /** How long one acquisition keeps polling, in ms. */
  readonly maxWaitMs: number;
  /** The full-jitter waits between polls. */
  readonly retry: BackoffOptions;
}

const noop = (): void => undefined;

/**
 * One acquisition of a lock at a time (`Mutex.acquire`, mutex.ts): polls `Store.acquireLock` with a token
 * of its own, full-jitter waits between polls, for at most `maxWaitMs`. Store outages count as failed
 * polls; when the last poll before the deadline failed that way, the acquisition rejects with it.
 *
 * Why not an async function with a loop: a waiter on a busy customer lock polls every ≤ 250 ms, and each
 * poll's two awaits (the Store's answer, the sleep) cost about 200 bytes each — the largest allocation of a
 * check run (issue 12). Here a poll is two `then`s on callbacks made once per poller, and a mutex keeps its
 * last finished poller for its next acquisition (a worker takes one lock at a time), so neither the
 * callbacks nor the poller are made per order. The Store is asked, and the waits start, at the same
 * virtual times and after the same number of microtask turns as the loop did.
 */
export class LockPoll {
  private key = '';
  private token = '';
  private signal: AbortSignal | undefined;
  private deadlineMs = 0;
  /** When the current poll left: the lease's validity counts from there. */
  private sentAtMs = 0;
  private retries = 0;
  private resolve: (lease: StoreLease | undefined) => void = noop;
  private reject: (error: unknown) => void = noop;

  /**
   * @param done - Called when an acquisition ends, before its promise settles: the poller is free for
   *   the next one.
   */
  constructor(
    private readonly context: LockPollContext,
    private readonly done: (poller: LockPoll) => void,
  ) {}

  /** Takes the lock `key` (see `Mutex.acquire`): the lease, or undefined when busy or aborted. */
  acquire(key: string, signal: AbortSignal | undefined): Promise<StoreLease | undefined> {
    const { clock, random, maxWaitMs } = this.context;
    this.key = key;
    this.signal = signal;
    this.retries = 0;
    this.deadlineMs = clock.nowMs() + maxWaitMs;
    this.token = randomToken(random);
    const settled = new Promise<StoreLease | undefined>(this.start);
    this.poll();
    return settled;
  }

  /** The acquisition's promise executor, made once per poller. */
  private readonly start = (
    resolve: (lease: StoreLease | undefined) => void,
    reject: (error: unknown) => void,
  ): void => {
    this.resolve = resolve;
    this.reject = reject;
  };

  /** One try: asks the Store for the lock. */
  private readonly poll = (): void => {
    if (this.signal?.aborted) {
      this.finish(undefined);
      return;
    }
    const { store, clock, ttlMs } = this.context;
    this.sentAtMs = clock.nowMs();
    let answer: Promise<number | undefined>;
    try {
      answer = store.acquireLock(this.key, this.token, ttlMs);
    } catch (error) {
      // Handled at once, as the loop's `catch` did: no microtask turn for a Store that throws.
      this.onFailure(error);
      return;
    }
    answer.then(this.onAnswer, this.onFailure);
  };

  private readonly onAnswer = (fencingToken: number | undefined): void => {
    if (fencingToken !== undefined) {
      const { lease } = this.context;
      this.finish(new StoreLease(lease, this.key, this.token, fencingToken, this.sentAtMs));
      return;
    }
    this.waitOrGiveUp(undefined);
  };

  private readonly onFailure = (error: unknown): void => {
    if (!isFunnelstormError(error, 'STORE_UNAVAILABLE')) {
      this.fail(error);
      return;
    }
    this.waitOrGiveUp(error);
  };

  /** After a failed poll: waits a jittered while and polls again, or ends at the deadline. */
  private waitOrGiveUp(outage: unknown): void {
    const { clock, random, retry } = this.context;
    const nowMs = clock.nowMs();
    if (nowMs >= this.deadlineMs) {
      if (outage !== undefined) this.fail(outage);
      else this.finish(undefined);
      return;
    }
    const delayMs = backoffDelayMs(this.retries++, random, retry);
    clock.sleep(Math.min(delayMs, this.deadlineMs - nowMs), this.signal).then(this.poll, this.onSleepFailure);
  }

  /** A sleep never rejects on the clocks here; if one did, the acquisition rejects with its error. */
  private readonly onSleepFailure = (error: unknown): void => {
    this.fail(error);
  };

  private finish(lease: StoreLease | undefined): void {
    const { resolve } = this;
    this.release();
    resolve(lease);
  }

  private fail(error: unknown): void {
    const { reject } = this;
    this.release();
    reject(error);
  }

  /** Lets go of this acquisition's state and hands the poller back for the next one. */
  private release(): void {
    this.resolve = noop;
    this.reject = noop;
    this.signal = undefined;
    this.done(this);
  }
}
