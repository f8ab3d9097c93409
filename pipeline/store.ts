/**
 * The Store seam: the few atomic operations the pipeline needs to coordinate workers and, with the Redis
 * implementation, processes (../shared/DESIGN.md, "Three ways to run, one model"). Every operation is
 * atomic on its own; values are strings; times and TTLs are in milliseconds on the store's own clock —
 * the injected Clock for the memory store, the Redis server's `TIME` (or an injected Clock, for tests)
 * for the Redis one. Callers never pass absolute times: only durations, so processes whose clocks
 * disagree still agree through the store.
 *
 * Every operation may reject (Redis gone away) with a `FunnelstormError` whose code is
 * `STORE_UNAVAILABLE`. Its outcome is then **unknown** — the command may still have run (acknowledged
 * writes lost in flight, or a hung server that wakes up later): callers never proceed unprotected, and
 * undo what they may hold (`compareAndDelete` their own token) or let its TTL end it.
 */
export interface Store {
  /** Sets `key` to `value` only if absent (or expired). Returns true when this call set it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Sets `key` to `value`, replacing any value; without `ttlMs` it never expires. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** The current value, or undefined when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /** Deletes `key` only if its value is `expected`. Returns true when deleted (safe lock release). */
  compareAndDelete(key: string, expected: string): Promise<boolean>;
  /** Adds 1 to the integer at `key` (absent counts as 0) and returns the new value. */
  increment(key: string): Promise<number>;

  /**
   * Takes the lock `key` for `token` for `ttlMs` if nobody holds it (SET NX PX), and in the same atomic
   * step increments the lock's fencing counter (`<key>:fence`, never expiring) — Kleppmann, "How to do
   * distributed locking". Returns the new fencing token (1, 2, …), or undefined when the lock is held.
   * Release with {@link Store.compareAndDelete}(key, token).
   */
  acquireLock(key: string, token: string, ttlMs: number): Promise<number | undefined>;
  /** Sets the lock's TTL to `ttlMs` from now if `token` still holds it. Returns false when it does not. */
  renewLock(key: string, token: string, ttlMs: number): Promise<boolean>;

  /**
   * Reserves the next call slot of the shared rate limiter `key`, a GCRA whose whole state is one
   * theoretical arrival time (../shared/DESIGN.md, "Shared throttle"): at most `capacity` calls at once,
   * then one per `intervalMs`. Always reserves ("queue mode") and returns how long the caller must wait
   * before sending, in ms (0 when it may go now), so spacing is exact across every caller of the store.
   * The state expires once the limiter has been idle long enough to be empty.
   */
  reserveSlot(key: string, intervalMs: number, capacity: number): Promise<number>;
  /**
   * Tells the limiter `key` that the shop reported `level` calls in its bucket for a call sent `ageMs` ago
   * (from `X-Shopify-Shop-Api-Call-Limit`, or the bucket size after a 429): the theoretical arrival time
   * moves to at least (now − ageMs) + level × intervalMs. It only ever moves later.
   */
  observeSlot(key: string, level: number, intervalMs: number, ageMs: number): Promise<void>;

  /** Appends `value` to the log `key` (a Redis stream); returns its id. Ids sort in append order. */
  append(key: string, value: string): Promise<string>;
  /**
   * Up to `count` (≥ 1) entries of the log `key` with ids after `afterId` (all from the start without it),
   * oldest first. `afterId` must be an id this log gave out.
   */
  readLog(key: string, options?: { afterId?: string; count?: number }): Promise<LogEntry[]>;
  /** Removes one entry of the log `key`. Returns true when it was there. */
  removeFromLog(key: string, id: string): Promise<boolean>;
}

/** One entry of a {@link Store} log. */
export interface LogEntry {
  id: string;
  value: string;
}
