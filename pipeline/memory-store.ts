import type { Clock } from '../runtime/clock.js';
import type { Store } from './store.js';

/**
 * An in-memory {@link Store} whose TTLs run on the injected clock, so it expires keys in virtual time in
 * the simulator. Expired keys are dropped lazily when touched. Operations complete without waiting, which
 * is what makes them atomic here: no other process can run between the read and the write.
 *
 * @example
 * const store = createMemoryStore(sim);
 * await store.setIfAbsent('claim:so-1', 'worker-3', 4 * 3600_000);
 */
export function createMemoryStore(clock: Clock): Store {
  const values = new Map<string, { value: string; expiresAtMs: number }>();

  const live = (key: string): { value: string; expiresAtMs: number } | undefined => {
    const entry = values.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAtMs <= clock.nowMs()) {
      values.delete(key);
      return undefined;
    }
    return entry;
  };
  const expiry = (ttlMs: number | undefined): number =>
    ttlMs === undefined ? Infinity : clock.nowMs() + Math.max(0, ttlMs);

  return {
    setIfAbsent(key, value, ttlMs) {
      if (live(key) !== undefined) return Promise.resolve(false);
      values.set(key, { value, expiresAtMs: expiry(ttlMs) });
      return Promise.resolve(true);
    },
    set(key, value, ttlMs) {
      values.set(key, { value, expiresAtMs: expiry(ttlMs) });
      return Promise.resolve();
    },
    get(key) {
      return Promise.resolve(live(key)?.value);
    },
    compareAndDelete(key, expected) {
      if (live(key)?.value !== expected) return Promise.resolve(false);
      values.delete(key);
      return Promise.resolve(true);
    },
    increment(key) {
      const entry = live(key);
      const next = (entry === undefined ? 0 : Number(entry.value)) + 1;
      values.set(key, { value: String(next), expiresAtMs: entry?.expiresAtMs ?? Infinity });
      return Promise.resolve(next);
    },
  };
}
