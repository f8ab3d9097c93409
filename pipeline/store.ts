/**
 * The Store seam: the few atomic key-value operations the pipeline needs to coordinate workers — and,
 * with the Redis implementation (a later issue), processes. Every operation is atomic on its own; values
 * are strings; a TTL is in milliseconds on the store's clock (the injected Clock for the memory store).
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
  /** Adds 1 to the integer at `key` (absent counts as 0) and returns the new value (fencing tokens). */
  increment(key: string): Promise<number>;
}
