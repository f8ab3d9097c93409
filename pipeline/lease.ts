import type { Clock, ClockTimer } from '../runtime/clock.js';
import { FunnelstormError, isFunnelstormError } from '../runtime/errors.js';
import { startWakeableSleep, type WakeableSleep } from '../runtime/wakeable-sleep.js';
import type { BackoffState } from './backoff.js';
import type { Store } from './store.js';

/**
 * The request header that carries a lease's fencing token to the resource (the mock's customer update
 * checks it when created with `fencing: true`). Not a Shopify header: funnelstorm's own extension.
 */
export const fencingTokenHeader = 'x-funnelstorm-fencing-token';

/** A held lock: who holds it (`token`), its place in the order of holders (`fencingToken`), its validity. */
export interface Lease {
  /** The lock's Store key. */
  readonly key: string;
  /** The holder's random token (128 bits, hex): only it can renew or release the lock. */
  readonly token: string;
  /**
   * 1, 2, … — larger for every later holder of this key. Send it with every write to the protected
   * resource ({@link fencingTokenHeader}) so the resource can refuse a write from a holder whose lease
   * has lapsed while it was paused (Kleppmann, "How to do distributed locking", 2016).
   */
  readonly fencingToken: number;
  /**
   * Until when, on this process's clock, the holder may act, in ms: the send time of the last successful
   * acquire or renewal plus `ttlMs` — never later than the Store's own expiry, which started when the
   * request arrived. Clock drift between here and the Store is not subtracted; keep `ttlMs` well above it.
   */
  readonly validUntilMs: number;
  /**
   * Aborts when the lease is released, when a renewal is refused (someone else holds the lock), or —
   * with the renewer of `Mutex.withLock` — when `validUntilMs` passes unrenewed. The reason of a
   * loss is a `FunnelstormError` with code `LOCK_LOST`. Pass it to the critical section's requests.
   */
  readonly signal: AbortSignal;
  /**
   * True until released, lost, or `validUntilMs` has passed — and, with `forMs`, while at least `forMs`
   * more milliseconds of validity remain. Check it before every write, with `forMs` at least the write's
   * timeout: a write sent then lands while this lease still holds the lock, so no later holder can have
   * read the record in between (fencing alone refuses a stale write only after the newer holder wrote).
   */
  isValid(forMs?: number): boolean;
  /**
   * Extends the lease to `ttlMs` from now if this holder still has it. Resolves false (and aborts
   * `signal`) when it does not. Rejects with `STORE_UNAVAILABLE` when the Store cannot be reached.
   */
  renew(): Promise<boolean>;
  /**
   * For critical sections without a renewer: renews when `renewEveryMs` has passed since the last
   * renewal, and resolves {@link Lease.isValid}. A Store outage is not a loss: while it lasts this keeps
   * answering `isValid()`, which turns false at `validUntilMs`.
   */
  renewIfDue(): Promise<boolean>;
  /**
   * Deletes the lock if this holder still has it (compare-and-delete: a holder whose lease lapsed cannot
   * delete the next holder's lock — the Redis distlock page). Resolves true when it deleted it; false when
   * the lease had lapsed, was already released, or the Store was unreachable (the lock then expires).
   */
  release(): Promise<boolean>;
}

/**
 * The reason a released lease's signal aborts with. One for every lease: nothing reads a release's reason
 * (a loss has its own, naming the lock), and building an Error captures a stack trace — one per released
 * lock was 3.5 % of a 100,000-order run's time (issue 12).
 */
const releasedReason = new FunnelstormError('LOCK_LOST', 'The lease was released by its holder.');

/** A release the Store was unavailable for: the lock lapses at its TTL instead. Anything else passes on. */
function releaseOutage(error: unknown): boolean {
  if (!isFunnelstormError(error, 'STORE_UNAVAILABLE')) throw error;
  return false;
}

/** What every lease of one mutex shares: its Store and clock, and its TTL and renewal period in ms. */
export interface LeaseContext {
  store: Store;
  clock: Clock;
  ttlMs: number;
  renewEveryMs: number;
}

/**
 * A {@link Lease} on a {@link Store} lock, made by `createMutex` once `Store.acquireLock` granted it.
 * `sentAtMs` is when the acquiring request left: validity counts from there, never from the answer.
 *
 * The AbortController behind `signal` is made only when someone reads `signal`: the renewer waits in a
 * sleep the lease wakes itself ({@link startWakeableSleep}), so on the simulator a lock nobody passes the
 * signal of costs no controller and no listener (issue 12: 4.7 % of a 30,000-order run's CPU).
 */
export class StoreLease implements Lease {
  private validUntil: number;
  private lastRenewalMs: number;
  private released = false;
  /** Why the lease ended (released or lost), once it has: what `signal` aborts with. */
  private endedWith: FunnelstormError | undefined;
  private controller: AbortController | undefined;
  /** The renewer's sleep, while it sleeps. */
  private renewerSleep: WakeableSleep | undefined;
  /** The timer that starts the renewer when the first renewal is due ({@link StoreLease.renewBeside}). */
  private renewTimer: ClockTimer | undefined;

  private readonly store: Store;
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly renewEveryMs: number;

  constructor(
    context: LeaseContext,
    readonly key: string,
    readonly token: string,
    readonly fencingToken: number,
    sentAtMs: number,
  ) {
    this.store = context.store;
    this.clock = context.clock;
    this.ttlMs = context.ttlMs;
    this.renewEveryMs = context.renewEveryMs;
    this.validUntil = sentAtMs + this.ttlMs;
    this.lastRenewalMs = sentAtMs;
  }

  get validUntilMs(): number {
    return this.validUntil;
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.endedWith !== undefined) this.controller.abort(this.endedWith);
    }
    return this.controller.signal;
  }

  isValid(forMs = 0): boolean {
    return (
      !this.released &&
      this.endedWith === undefined &&
      this.clock.nowMs() + Math.max(0, forMs) < this.validUntil
    );
  }

  async renew(): Promise<boolean> {
    if (this.released || this.endedWith !== undefined) return false;
    const sentAtMs = this.clock.nowMs();
    const renewed = await this.store.renewLock(this.key, this.token, this.ttlMs);
    if (this.released) return false;
    if (!renewed) {
      this.lose(`lock ${this.key} is no longer held by this lease (token ${this.fencingToken})`);
      return false;
    }
    this.validUntil = Math.max(this.validUntil, sentAtMs + this.ttlMs);
    this.lastRenewalMs = Math.max(this.lastRenewalMs, sentAtMs);
    return true;
  }

  async renewIfDue(): Promise<boolean> {
    if (!this.isValid()) return false;
    if (this.clock.nowMs() < this.lastRenewalMs + this.renewEveryMs) return true;
    try {
      return await this.renew();
    } catch (error) {
      if (!isFunnelstormError(error, 'STORE_UNAVAILABLE')) throw error;
      return this.isValid();
    }
  }

  /**
   * Not an async function: the Store's promise with a `catch`, resolved after as many microtask turns as
   * an `await` in an async frame was, without the frame (once per held lock; issue 12).
   */
  release(): Promise<boolean> {
    if (this.released) return Promise.resolve(false);
    this.released = true;
    this.end(releasedReason);
    let deleted: Promise<boolean>;
    try {
      deleted = this.store.compareAndDelete(this.key, this.token);
    } catch (error) {
      return isFunnelstormError(error, 'STORE_UNAVAILABLE')
        ? Promise.resolve(false)
        : Promise.reject(error as Error);
    }
    return deleted.catch(releaseOutage);
  }

  /**
   * The body of the renewer process of `Mutex.withLock`: renews every `renewEveryMs`, retries through
   * Store outages with `retryDelay` (full jitter), and gives the lease up at `validUntilMs` when no renewal
   * got through. It waits on one thing at a time — a sleep that the lease's signal cuts short — so it runs
   * as its own simulated process; it ends when the lease is released or lost, and never rejects. With
   * `firstDueNow` (started by {@link StoreLease.renewBeside}'s timer) the first renewal is made at once.
   */
  async keepRenewed(
    retryDelay: (state: BackoffState) => [number, BackoffState],
    firstDueNow = false,
  ): Promise<void> {
    let nextAtMs = this.clock.nowMs() + this.renewEveryMs;
    let backoff: BackoffState = { retries: 0 };
    let due = firstDueNow;
    while (this.endedWith === undefined) {
      if (!due) {
        const sleep = startWakeableSleep(this.clock, this.renewalWaitMs(nextAtMs), () => this.signal);
        this.renewerSleep = sleep;
        await sleep.done;
        this.renewerSleep = undefined;
        if (this.endedWith !== undefined) return;
      }
      due = false;
      if (this.clock.nowMs() >= this.validUntil) {
        this.lose(`the lease on ${this.key} lapsed at ${this.validUntil} ms before a renewal got through`);
        return;
      }
      try {
        if (!(await this.renew())) return;
        nextAtMs = this.clock.nowMs() + this.renewEveryMs;
        backoff = { retries: 0 };
      } catch (error) {
        if (!isFunnelstormError(error, 'STORE_UNAVAILABLE')) {
          this.lose(`renewing the lease on ${this.key} failed: ${String(error)}`);
          return;
        }
        const [delayMs, next] = retryDelay(backoff);
        backoff = next;
        nextAtMs = this.clock.nowMs() + delayMs;
      }
    }
  }

  /**
   * Keeps the lease renewed beside its holder: {@link StoreLease.keepRenewed} run by `spawn` as the
   * process `renew <key>` (its name made only when it starts: a text per lock otherwise, issue 12). On a clock with timers (the simulator) the process is started only when the first
   * renewal is due, and never for a lease released before then — most locks are held for a few calls,
   * far less than a third of their TTL (issue 12: a renewer process per held lock, slept and woken at
   * release, was a few hundred bytes and two process switches per order). Same wake times either way.
   */
  renewBeside(
    spawn: (name: string, body: () => Promise<void>) => void,
    retryDelay: (state: BackoffState) => [number, BackoffState],
  ): void {
    const { clock } = this;
    if (clock.timer === undefined) {
      spawn(`renew ${this.key}`, () => this.keepRenewed(retryDelay));
      return;
    }
    this.renewTimer = clock.timer(this.renewalWaitMs(clock.nowMs() + this.renewEveryMs), () => {
      this.renewTimer = undefined;
      if (this.endedWith === undefined) {
        spawn(`renew ${this.key}`, () => this.keepRenewed(retryDelay, true));
      }
    });
  }

  /** How long the renewer waits for a renewal due at `nextAtMs`: until then, or until the lease runs out. */
  private renewalWaitMs(nextAtMs: number): number {
    return Math.min(nextAtMs, this.validUntil) - this.clock.nowMs();
  }

  /** Marks the lease lost: it is no longer valid and its signal aborts with `LOCK_LOST`. */
  lose(why: string): void {
    this.validUntil = Math.min(this.validUntil, this.clock.nowMs());
    if (this.endedWith === undefined) this.end(new FunnelstormError('LOCK_LOST', `Lost the lock: ${why}.`));
  }

  /** Ends the lease once: wakes the renewer, then aborts `signal` (if anyone made it) with `reason`. */
  private end(reason: FunnelstormError): void {
    if (this.endedWith !== undefined) return;
    this.endedWith = reason;
    this.renewTimer?.cancel();
    this.renewerSleep?.wake();
    this.controller?.abort(reason);
  }
}
