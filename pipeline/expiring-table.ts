/** One key's value and when it expires, in ms on the table's clock (Infinity: never). Updated in place. */
export interface TableEntry {
  value: string;
  expiresAtMs: number;
}

/** The fewest operations between two sweeps of an {@link ExpiringTable}. */
const minSweepEveryOps = 4096;

/**
 * The key table of the memory store: string keys with a value and an expiry time, on a clock the caller
 * passes in. Its cost per operation stays flat however long the run (../shared/DESIGN.md, "Scale").
 *
 * Why not `Map.delete` on expiry or release: V8's ordered hash table keeps a deleted entry in its key's
 * bucket chain until the table is rebuilt, so deleting and re-inserting a hot key (the throttle's state,
 * a busy customer's lock) over and over makes every lookup of that key walk all its past deletions — a
 * 100,000-order run spent 57 % of its time there (issue 12). Here an expired or deleted key keeps its
 * entry, marked dead, and the next write of the key reuses it in place. Dead entries are dropped in
 * sweeps: every max(4,096, live keys at the last sweep) operations the table counts its dead entries and,
 * when they are a quarter or more, copies the live ones into a fresh Map, which has no deleted entries at
 * all — a few entries visited per operation, amortised, and at most about twice the live keys held.
 */
export class ExpiringTable {
  private entries = new Map<string, TableEntry>();
  private opsSinceSweep = 0;
  private sweepEveryOps = minSweepEveryOps;

  /** The live entry of `key` at `nowMs`, or undefined when absent, deleted or expired. */
  live(key: string, nowMs: number): TableEntry | undefined {
    this.tick(nowMs);
    const entry = this.entries.get(key);
    return entry === undefined || entry.expiresAtMs <= nowMs ? undefined : entry;
  }

  /** Sets `key` to `value` until `expiresAtMs`, reusing its entry (live or dead) when it has one. */
  put(key: string, value: string, expiresAtMs: number): void {
    const entry = this.entries.get(key);
    if (entry === undefined) this.entries.set(key, { value, expiresAtMs });
    else {
      entry.value = value;
      entry.expiresAtMs = expiresAtMs;
    }
  }

  /** Deletes a live entry got from {@link live}: it reads as absent from now on. */
  remove(entry: TableEntry): void {
    entry.expiresAtMs = -Infinity;
  }

  /** Entries held, dead ones awaiting a sweep included (for tests of the memory bound). */
  get heldEntries(): number {
    return this.entries.size;
  }

  private tick(nowMs: number): void {
    if (++this.opsSinceSweep < this.sweepEveryOps) return;
    this.opsSinceSweep = 0;
    let dead = 0;
    for (const entry of this.entries.values()) if (entry.expiresAtMs <= nowMs) dead++;
    const live = this.entries.size - dead;
    this.sweepEveryOps = Math.max(minSweepEveryOps, live);
    // Copying costs more than counting: leave a few dead entries for a later sweep (reused in place if
    // their key comes back meanwhile), so a long run's idempotency keys are not copied over and over.
    if (dead * 4 < this.entries.size) return;
    const fresh = new Map<string, TableEntry>();
    for (const [key, entry] of this.entries) if (entry.expiresAtMs > nowMs) fresh.set(key, entry);
    this.entries = fresh;
  }
}
