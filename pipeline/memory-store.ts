import type { Clock } from '../runtime/clock.js';
import type { LogEntry, Store } from './store.js';

interface Entry {
  value: string;
  expiresAtMs: number;
}

/**
 * An in-memory {@link Store} whose TTLs run on the injected clock, so it expires keys in virtual time in
 * the simulator. Expired keys are dropped lazily when touched. Operations complete without waiting, which
 * is what makes them atomic here: no other process can run between the read and the write. Logs live
 * apart from keys, as Redis streams are their own type.
 *
 * @example
 * const store = createMemoryStore(sim);
 * await store.setIfAbsent('claim:so-1', 'worker-3', 4 * 3600_000);
 */
export function createMemoryStore(clock: Clock): Store {
  const values = new Map<string, Entry>();
  const logs = new Map<string, { next: number; entries: LogEntry[] }>();

  const live = (key: string): Entry | undefined => {
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
  const increment = (key: string): number => {
    const entry = live(key);
    const next = (entry === undefined ? 0 : Number(entry.value)) + 1;
    values.set(key, { value: String(next), expiresAtMs: entry?.expiresAtMs ?? Infinity });
    return next;
  };
  /** The limiter's theoretical arrival time, or `now` when it has none (an empty bucket). */
  const tatOf = (key: string, nowMs: number): number => {
    const entry = live(key);
    return entry === undefined ? nowMs : Math.max(nowMs, Number(entry.value));
  };
  /** Keeps a limiter's state until its bucket would be empty again (as the Redis script's PEXPIRE does). */
  const setTat = (key: string, tatMs: number, nowMs: number): void => {
    values.set(key, { value: String(tatMs), expiresAtMs: Math.max(tatMs, nowMs + 1) });
  };

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
      return Promise.resolve(increment(key));
    },
    acquireLock(key, token, ttlMs) {
      if (live(key) !== undefined) return Promise.resolve(undefined);
      values.set(key, { value: token, expiresAtMs: expiry(ttlMs) });
      return Promise.resolve(increment(`${key}:fence`));
    },
    renewLock(key, token, ttlMs) {
      const entry = live(key);
      if (entry?.value !== token) return Promise.resolve(false);
      entry.expiresAtMs = expiry(ttlMs);
      return Promise.resolve(true);
    },
    reserveSlot(key, intervalMs, capacity) {
      const nowMs = clock.nowMs();
      const tatMs = tatOf(key, nowMs);
      // The call may go once the bucket has room: no earlier than tat − (capacity − 1) × interval.
      const startMs = Math.max(nowMs, tatMs - (capacity - 1) * intervalMs);
      setTat(key, Math.max(tatMs, startMs) + intervalMs, nowMs);
      return Promise.resolve(startMs - nowMs);
    },
    observeSlot(key, level, intervalMs, ageMs) {
      const nowMs = clock.nowMs();
      const reportedMs = nowMs - ageMs + Math.max(0, level) * intervalMs;
      if (reportedMs > tatOf(key, nowMs)) setTat(key, reportedMs, nowMs);
      return Promise.resolve();
    },
    append(key, value) {
      let log = logs.get(key);
      if (log === undefined) {
        log = { next: 1, entries: [] };
        logs.set(key, log);
      }
      // Shaped like a Redis stream id (`<ms>-<seq>`), but a plain sequence: ids sort in append order.
      const id = `${log.next++}-0`;
      log.entries.push({ id, value });
      return Promise.resolve(id);
    },
    readLog(key, options = {}) {
      const entries = logs.get(key)?.entries ?? [];
      const after = options.afterId === undefined ? 0 : sequenceOf(options.afterId);
      const from = entries.filter((entry) => sequenceOf(entry.id) > after);
      return Promise.resolve(from.slice(0, options.count ?? from.length).map((entry) => ({ ...entry })));
    },
    removeFromLog(key, id) {
      const entries = logs.get(key)?.entries;
      const index = entries?.findIndex((entry) => entry.id === id) ?? -1;
      if (entries === undefined || index === -1) return Promise.resolve(false);
      entries.splice(index, 1);
      return Promise.resolve(true);
    },
  };
}

function sequenceOf(id: string): number {
  const sequence = Number.parseInt(id, 10);
  return Number.isFinite(sequence) ? sequence : 0;
}
