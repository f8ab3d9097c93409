import type { Clock } from '../runtime/clock.js';
import { FunnelstormError, isFunnelstormError } from '../runtime/errors.js';
import type { Random } from '../runtime/random.js';
import { fail, ok, type Result } from '../runtime/result.js';
import { nextBackoff, type BackoffState } from './backoff.js';
import { LockPoll, type LockPollContext } from './lock-poll.js';
import type { StoreLease, Lease } from './lease.js';
import type { Store } from './store.js';

/** Options for {@link createMutex}. Plain data; every field has a default. */
export interface MutexOptions {
  /**
   * How long a lease lives in the Store without renewal, in milliseconds. After a holder dies, another
   * waiter gets the lock within `ttlMs` plus its retry delay. Defaults to 10 s.
   */
  ttlMs: number;
  /** How long {@link Mutex.acquire} keeps trying before it gives up, in milliseconds. Defaults to 30 s. */
  maxWaitMs: number;
  /** The first retry's ceiling, in milliseconds (full jitter: the wait is uniform below it). Defaults to 50 ms. */
  retryBaseDelayMs: number;
  /** The cap on any retry ceiling, in milliseconds. Defaults to 1 s. */
  retryMaxDelayMs: number;
  /**
   * How often a held lease is renewed, in milliseconds — by the renewer of {@link Mutex.withLock} and by
   * {@link Lease.renewIfDue}. Defaults to a third of `ttlMs`, so two renewals can fail before it lapses.
   */
  renewEveryMs?: number;
}

/** Defaults for {@link MutexOptions}. */
export const defaultMutexOptions: Readonly<MutexOptions> = {
  ttlMs: 10_000,
  maxWaitMs: 30_000,
  retryBaseDelayMs: 50,
  retryMaxDelayMs: 1_000,
};

/** Why {@link Mutex.withLock} did not run its critical section. */
export interface LockFailure {
  /** `busy`: another holder kept it for `maxWaitMs`; `aborted`: the caller's signal; `store-unavailable`. */
  kind: 'busy' | 'aborted' | 'store-unavailable';
  /** What happened, for the dead-letter queue. */
  message: string;
}

/** Starts a process that runs beside the caller: `sim.spawn` in the simulator, {@link detachedSpawn} live. */
export type Spawn = (name: string, body: () => Promise<void>) => void;

/** A {@link Spawn} for live mode (real clock): the body runs as a detached promise. */
export const detachedSpawn: Spawn = (_name, body) => {
  void body();
};

/** Options for one {@link Mutex.withLock} call. */
export interface WithLockOptions {
  /** Stops waiting for the lock when it aborts. */
  signal?: AbortSignal;
  /**
   * Runs the renewer beside the critical section. Without it, renewal is cooperative: the critical
   * section calls {@link Lease.renewIfDue} between its steps.
   */
  spawn?: Spawn;
}

/** A per-key lock in the Store. Made by {@link createMutex}. */
export interface Mutex {
  readonly options: Readonly<MutexOptions>;
  /**
   * Takes the lock `key`, retrying with full-jitter waits for at most `maxWaitMs`. Resolves the lease, or
   * undefined when another holder kept it that long or `signal` aborted. Store outages count as failed
   * tries; when the last try before the deadline failed that way, it rejects with `STORE_UNAVAILABLE`.
   */
  acquire(key: string, options?: { signal?: AbortSignal }): Promise<Lease | undefined>;
  /**
   * Runs `fn` holding the lock `key` and releases it afterwards, whatever `fn` does. With
   * `options.spawn`, a renewer process renews the lease every `renewEveryMs` and aborts `lease.signal`
   * when it is lost or lapses; the critical section should still check `lease.isValid()` before each
   * write and send `lease.fencingToken` with it. `fn`'s own rejection passes through.
   */
  withLock<T>(
    key: string,
    fn: (lease: Lease) => Promise<T>,
    options?: WithLockOptions,
  ): Promise<Result<T, LockFailure>>;
}

/**
 * A mutex on the Store: SET NX PX with a random token and a fencing token from a counter in the same
 * atomic step (`Store.acquireLock`), release by compare-and-delete (Redis, "Distributed Locks with Redis",
 * redis.io/docs/latest/develop/use/patterns/distributed-locks/), bounded acquisition with full-jitter waits
 * (AWS, "Exponential Backoff and Jitter"), renewal for long critical sections.
 *
 * A lease is a lock with a timeout, so it cannot by itself stop a holder that pauses (GC, a slow network)
 * past its TTL from writing after the next holder has started. That is what the fencing token is for: the
 * resource remembers the highest token it has seen and refuses older ones (Kleppmann, "How to do
 * distributed locking", martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html). The lock makes
 * overlap rare; the fencing token makes it harmless.
 *
 * Lock keys should carry the shop's hash tag, e.g. `{launch.myshopify.com}:lock:customer:42`, so the lock
 * and its fencing counter (`<key>:fence`) sit on one Redis Cluster node. Tokens come from `random`: give
 * every worker of every process its own stream (`random.fork(...)` by process and worker), or two
 * processes started from one seed would draw the same tokens.
 *
 * @example
 * const mutex = createMutex(store, clock, random.fork('worker-3'), { ttlMs: 10_000 });
 * const result = await mutex.withLock('{shop}:lock:customer:42', async (lease) => {
 *   const customer = await read();
 *   if (lease.isValid()) await write(customer, { [fencingTokenHeader]: String(lease.fencingToken) });
 * }, { spawn: (name, body) => sim.spawn(name, body) });
 */
export function createMutex(
  store: Store,
  clock: Clock,
  random: Random,
  options: Partial<MutexOptions> = {},
): Mutex {
  const settings: MutexOptions = { ...defaultMutexOptions, ...options };
  checkOptions(settings);
  const renewEveryMs = settings.renewEveryMs ?? settings.ttlMs / 3;
  const context = { store, clock, ttlMs: settings.ttlMs, renewEveryMs };
  const retry = { baseDelayMs: settings.retryBaseDelayMs, maxDelayMs: settings.retryMaxDelayMs };
  const jitter = (state: BackoffState): [number, BackoffState] => nextBackoff(state, random, retry);

  const pollContext: LockPollContext = {
    store,
    clock,
    random,
    lease: context,
    ttlMs: settings.ttlMs,
    maxWaitMs: settings.maxWaitMs,
    retry,
  };
  // The last finished poller, for the next acquisition: a worker takes one lock at a time, so it reuses
  // one poller and its callbacks for every order (lock-poll.ts); overlapping acquisitions make their own.
  let spare: LockPoll | undefined;
  const recycle = (poller: LockPoll): void => {
    spare = poller;
  };
  const take = (key: string, signal: AbortSignal | undefined): Promise<StoreLease | undefined> => {
    const poller = spare ?? new LockPoll(pollContext, recycle);
    spare = undefined;
    return poller.acquire(key, signal);
  };

  return {
    options: settings,
    acquire: (key, acquireOptions) => take(key, acquireOptions?.signal),
    async withLock(key, fn, { signal, spawn } = {}) {
      let lease: StoreLease | undefined;
      try {
        lease = await take(key, signal);
      } catch (error) {
        if (!isFunnelstormError(error, 'STORE_UNAVAILABLE')) throw error;
        return fail({ kind: 'store-unavailable', message: `could not take lock ${key}: ${error.message}` });
      }
      if (lease === undefined) {
        return signal?.aborted
          ? fail({ kind: 'aborted', message: `stopped waiting for lock ${key}: the caller aborted` })
          : fail({ kind: 'busy', message: `lock ${key} was held by another for ${settings.maxWaitMs} ms` });
      }
      const held = lease;
      if (spawn) held.renewBeside(spawn, jitter);
      try {
        return ok(await fn(held));
      } finally {
        await held.release();
      }
    },
  };
}

function checkOptions(settings: MutexOptions): void {
  const positive = ['ttlMs', 'retryBaseDelayMs', 'retryMaxDelayMs'] as const;
  for (const name of positive) {
    if (!(settings[name] > 0)) invalid(`${name} must be > 0, got ${settings[name]}`);
  }
  if (!(settings.maxWaitMs >= 0)) invalid(`maxWaitMs must be ≥ 0, got ${settings.maxWaitMs}`);
  const every = settings.renewEveryMs;
  if (every !== undefined && !(every > 0 && every < settings.ttlMs)) {
    invalid(`renewEveryMs must be > 0 and below ttlMs (${settings.ttlMs}), got ${every}`);
  }
}

function invalid(problem: string): never {
  throw new FunnelstormError('SCENARIO_INVALID', `Invalid mutex options: ${problem}. Please fix the option.`);
}
