import type { Clock } from '../runtime/clock.js';
import { flatCopy } from '../runtime/flat-copy.js';
import { ExpiringTable } from './expiring-table.js';
import type { LogEntry, Store } from './store.js';

/**
 * An in-memory {@link Store} whose TTLs run on the injected clock, so it expires keys in virtual time in
 * the simulator (only its `nowMs` is read). Keys live in an {@link ExpiringTable}, whose cost per operation stays flat however long the
 * run (an expired or released key is reused in place, and dead keys are swept in batches). Operations complete without waiting, which
 * is what makes them atomic here: no other process can run between the read and the write. Logs live
 * apart from keys, as Redis streams are their own type.
 *
 * @example
 * const store = createMemoryStore(sim);
 * await store.setIfAbsent('claim:so-1', 'worker-3', 4 * 3600_000);
 */
export function createMemoryStore(clock: Pick<Clock, 'nowMs'>): Store {
  const values = new ExpiringTable();
  const logs = new Map<string, { next: number; entries: LogEntry[] }>();

  /** The slot of `key`'s live value, or −1. */
  const live = (key: string) => values.live(key, clock.nowMs());
  /**
   * Sets `key` unless it holds a live value (or always, with `always`); true when it set it. One lookup
   * of the key for the read and the write.
   */
  const putUnlessLive = (key: string, value: string, ttlMs: number | undefined, always: boolean): boolean => {
    const nowMs = clock.nowMs();
    const slot = values.find(key, nowMs);
    if (!always && values.isLive(slot, nowMs)) return false;
    values.putAt(slot, key, value, expiry(ttlMs));
    return true;
  };
  /**
   * A value `set` stores, flat (see {@link flatCopy}): the idempotency result, kept for hours of virtual
   * time. A claim's in-flight value (`setIfAbsent`) is replaced by its result soon, so it is stored as
   * given.
   */
  const kept = (value: string): string => (value.length < 13 ? value : flatCopy(value));
  const expiry = (ttlMs: number | undefined): number =>
    ttlMs === undefined ? Infinity : clock.nowMs() + Math.max(0, ttlMs);
  const increment = (key: string): number => {
    const nowMs = clock.nowMs();
    const slot = values.find(key, nowMs);
    if (!values.isLive(slot, nowMs)) {
      values.putAt(slot, key, 1, Infinity);
      return 1;
    }
    const next = values.numberValue(slot) + 1;
    values.setValue(slot, next);
    return next;
  };
  /** The limiter's theoretical arrival time, or `now` when it has none (an empty bucket). */
  const tatOf = (slot: number, nowMs: number): number =>
    values.isLive(slot, nowMs) ? Math.max(nowMs, values.numberValue(slot)) : nowMs;
  /**
   * Keeps a limiter's state until its bucket would be empty again (as the Redis script's PEXPIRE does).
   * Kept as a number (`get` reads it as `String` writes it): a run reads and writes it on every call.
   */
  const setTat = (slot: number, key: string, tatMs: number, nowMs: number): void => {
    values.putAt(slot, key, tatMs, Math.max(tatMs, nowMs + 1));
  };

  return {
    setIfAbsent(key, value, ttlMs) {
      return Promise.resolve(putUnlessLive(key, value, ttlMs, false));
    },
    set(key, value, ttlMs) {
      // Through `find`, so that a set counts towards the table's next sweep like every other operation.
      putUnlessLive(key, kept(value), ttlMs, true);
      return Promise.resolve();
    },
    get(key) {
      const slot = live(key);
      return Promise.resolve(slot === -1 ? undefined : values.value(slot));
    },
    compareAndDelete(key, expected) {
      const slot = live(key);
      if (slot === -1 || values.value(slot) !== expected) return Promise.resolve(false);
      values.remove(slot);
      return Promise.resolve(true);
    },
    increment(key) {
      return Promise.resolve(increment(key));
    },
    acquireLock(key, token, ttlMs) {
      if (!putUnlessLive(key, token, ttlMs, false)) return Promise.resolve(undefined);
      return Promise.resolve(increment(`${key}:fence`));
    },
    renewLock(key, token, ttlMs) {
      const slot = live(key);
      if (slot === -1 || values.value(slot) !== token) return Promise.resolve(false);
      values.setExpiry(slot, expiry(ttlMs));
      return Promise.resolve(true);
    },
    reserveSlot(key, intervalMs, capacity) {
      const nowMs = clock.nowMs();
      const slot = values.find(key, nowMs);
      const tatMs = tatOf(slot, nowMs);
      // The call may go once the bucket has room: no earlier than tat − (capacity − 1) × interval.
      const startMs = Math.max(nowMs, tatMs - (capacity - 1) * intervalMs);
      setTat(slot, key, Math.max(tatMs, startMs) + intervalMs, nowMs);
      return Promise.resolve(startMs - nowMs);
    },
    observeSlot(key, level, intervalMs, ageMs) {
      const nowMs = clock.nowMs();
      const reportedMs = nowMs - ageMs + Math.max(0, level) * intervalMs;
      const slot = values.find(key, nowMs);
      if (reportedMs > tatOf(slot, nowMs)) setTat(slot, key, reportedMs, nowMs);
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
