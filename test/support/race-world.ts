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
 * The seed of a property run, printed with the suite's name so a failure replays:
 *
 * - `FC_SEED=<n>` — that seed (to replay a failure: `FC_SEED=<seed> npx vitest run <file>`);
 * - `FUNNELSTORM_PROPERTY_SEED=random` — a fresh seed from the wall clock (the nightly job's mode);
 * - `FUNNELSTORM_PROPERTY_SEED=<n>` — that seed for every suite;
 * - otherwise a fixed seed per suite (FNV-1a of its name), so `npm test` gives the same verdicts every run.
 */
export function propertySeed(suite: string): number {
  const seed = chooseSeed(suite, process.env['FC_SEED'], process.env['FUNNELSTORM_PROPERTY_SEED']);
  console.log(`${suite}: seed=${seed} (replay with FC_SEED=${seed})`);
  return seed;
}

/** The seed {@link propertySeed} picks for `suite` given the two environment variables. */
export function chooseSeed(suite: string, fcSeed?: string, propertySeedText?: string): number {
  const given = fcSeed ?? propertySeedText;
  if (given === undefined || given === '') return fnv1a(suite);
  if (given === 'random') return (Date.now() ^ (process.pid << 16)) >>> 0;
  const seed = Number(given);
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`FC_SEED / FUNNELSTORM_PROPERTY_SEED must be an integer or "random" (got "${given}").`);
  }
  return seed;
}

/** FNV-1a (32 bits) of a string's UTF-16 code units: a fixed seed per suite name. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
