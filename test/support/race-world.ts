import type fc from 'fast-check';
import type { Clock, Gate } from '../../runtime/clock.js';
import type { Store } from '../../pipeline/store.js';

/**
 * A Clock for `fc.scheduler()` race tests: every sleep is a task the scheduler releases in an order it
 * chooses, and when a sleeper wakes, time moves to at least its wake-up time. So a process can "oversleep"
 * while another runs ahead — exactly the arbitrary pauses (GC, scheduling, a slow network) that a
 * distributed lock must survive. Time never goes backwards. No gates or timeouts: race tests do not use them.
 */
export class RaceClock implements Clock {
  private now = 0;

  constructor(private readonly scheduler: fc.Scheduler) {}

  nowMs(): number {
    return this.now;
  }

  async sleep(ms: number): Promise<void> {
    const wakeAtMs = this.now + Math.max(0, ms);
    await this.scheduler.schedule(Promise.resolve(), `sleep ${ms} ms`);
    this.now = Math.max(this.now, wakeAtMs);
  }

  timeout(ms: number): AbortSignal {
    throw new Error(`RaceClock has no timeouts (${ms} ms asked).`);
  }

  gate<T>(): Gate<T> {
    throw new Error('RaceClock has no gates.');
  }
}

/** What a {@link scheduledStore} reports for every operation it applied, at the time it applied it. */
export type StoreOperationHook = (name: keyof Store, args: readonly unknown[], result: unknown) => void;

/**
 * Wraps a Store so that each operation's request and reply are separate scheduler tasks: the operation
 * applies atomically at a moment the scheduler picks, and its caller hears of it at another — as over a
 * network to Redis. `onApplied` sees each operation as it applies (for invariants checked in the store's
 * own order).
 */
export function scheduledStore(
  scheduler: fc.Scheduler,
  inner: Store,
  onApplied: StoreOperationHook = () => undefined,
): Store {
  const wrap =
    <A extends unknown[], R>(name: keyof Store, operation: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await scheduler.schedule(Promise.resolve(), `${name}(${String(args[0])}) sent`);
      const result = await operation(...args);
      onApplied(name, args, result);
      return scheduler.schedule(Promise.resolve(result), `${name}(${String(args[0])}) answered`);
    };
  return {
    setIfAbsent: wrap('setIfAbsent', inner.setIfAbsent),
    set: wrap('set', inner.set),
    get: wrap('get', inner.get),
    compareAndDelete: wrap('compareAndDelete', inner.compareAndDelete),
    increment: wrap('increment', inner.increment),
    acquireLock: wrap('acquireLock', inner.acquireLock),
    renewLock: wrap('renewLock', inner.renewLock),
    reserveSlot: wrap('reserveSlot', inner.reserveSlot),
    observeSlot: wrap('observeSlot', inner.observeSlot),
    append: wrap('append', inner.append),
    readLog: wrap('readLog', inner.readLog),
    removeFromLog: wrap('removeFromLog', inner.removeFromLog),
  };
}

/**
 * The seed of a property run: `FC_SEED` when set (to replay a failure), else a fresh one. Logged, so a
 * failing run can be replayed with `FC_SEED=<seed> npx vitest run <file>`.
 */
export function propertySeed(suite: string): number {
  const fromEnv = process.env['FC_SEED'];
  const seed = fromEnv === undefined ? Date.now() ^ (process.pid << 16) : Number(fromEnv);
  console.log(`${suite}: seed=${seed} (replay with FC_SEED=${seed})`);
  return seed;
}
