import type { Store } from '../pipeline/store.js';
import type { Clock } from '../runtime/clock.js';

/**
 * A Store whose every operation takes `roundTripMs` on `clock`, as a remote Redis does (issue 17: lock,
 * claim and throttle costs then show in latency and in the knee). Half the round trip passes before the
 * operation runs on `store` and half after it: the operation takes effect at the server's instant, midway,
 * like a command that travels to Redis, runs atomically there and answers back. Both halves are clock
 * sleeps, so in the simulator the wait goes through its scheduler and other processes run meanwhile.
 *
 * A round trip of 0 returns `store` itself (no sleep, no extra event): a scenario without a `store`
 * section runs exactly as before.
 *
 * @param roundTripMs - The round trip of one Store operation, in ms (≥ 0).
 * @example
 * const store = withStoreRoundTrip(createMemoryStore(sim), sim, 0.5); // a Redis half a millisecond away
 */
export function withStoreRoundTrip(store: Store, clock: Pick<Clock, 'sleep'>, roundTripMs: number): Store {
  if (roundTripMs <= 0) return store;
  const halfMs = roundTripMs / 2;
  const trip = async <T>(operation: () => Promise<T>): Promise<T> => {
    await clock.sleep(halfMs);
    const result = await operation();
    await clock.sleep(halfMs);
    return result;
  };
  return {
    setIfAbsent: (key, value, ttlMs) => trip(() => store.setIfAbsent(key, value, ttlMs)),
    set: (key, value, ttlMs) => trip(() => store.set(key, value, ttlMs)),
    get: (key) => trip(() => store.get(key)),
    compareAndDelete: (key, expected) => trip(() => store.compareAndDelete(key, expected)),
    increment: (key) => trip(() => store.increment(key)),
    acquireLock: (key, token, ttlMs) => trip(() => store.acquireLock(key, token, ttlMs)),
    renewLock: (key, token, ttlMs) => trip(() => store.renewLock(key, token, ttlMs)),
    reserveSlot: (key, intervalMs, capacity) => trip(() => store.reserveSlot(key, intervalMs, capacity)),
    observeSlot: (key, level, intervalMs, ageMs) =>
      trip(() => store.observeSlot(key, level, intervalMs, ageMs)),
    append: (key, value) => trip(() => store.append(key, value)),
    readLog: (key, options) => trip(() => store.readLog(key, options)),
    removeFromLog: (key, id) => trip(() => store.removeFromLog(key, id)),
  };
}
