import { flatCopy } from '../runtime/flat-copy.js';

/** The fewest operations between two sweeps of an {@link ExpiringTable}. */
const minSweepEveryOps = 4096;

/** Slots reserved before the first growth. */
const initialSlots = 64;

/**
 * The key table of the memory store: string keys with a value and an expiry time, on a clock the caller
 * passes in. Its cost per operation stays flat however long the run (../shared/DESIGN.md, "Scale").
 *
 * Why not `Map.delete` on expiry or release: V8's ordered hash table keeps a deleted entry in its key's
 * bucket chain until the table is rebuilt, so deleting and re-inserting a hot key (the throttle's state,
 * a busy customer's lock) over and over makes every lookup of that key walk all its past deletions — a
 * 100,000-order run spent 57 % of its time there (issue 12). Here an expired or deleted key keeps its
 * slot, marked dead, and the next write of the key reuses it in place. Dead slots are dropped in
 * sweeps: every max(4,096, live keys at the last sweep) operations the table counts its dead slots and,
 * when they are a quarter or more, copies the live ones into a fresh map and fresh columns, which have no
 * deleted entries at all — a few entries visited per operation, amortised, and at most about twice the
 * live keys held.
 *
 * Memory (issue 12, bounded memory): a key maps to a slot number, and slot `i`'s value and expiry sit in
 * two columns, so a key costs no object and no boxed expiry time; a new key is stored as a flat copy (a
 * key built by concatenation is a tree of string pieces in V8, about 70 bytes more for the store's keys,
 * and the table keeps an idempotency key for four hours of virtual time, a fencing counter for good).
 */
export class ExpiringTable {
  private slots = new Map<string, number>();
  /** A value set as a number (a counter, a limiter's time) stays one: no text made or parsed per operation. */
  private values: (string | number)[] = [];
  private expiresAtMs: Float64Array = new Float64Array(initialSlots);
  private opsSinceSweep = 0;
  private sweepEveryOps = minSweepEveryOps;

  /** The slot of `key`'s live value at `nowMs`, or −1 when absent, deleted or expired. */
  live(key: string, nowMs: number): number {
    const slot = this.find(key, nowMs);
    return slot === -1 || (this.expiresAtMs[slot] as number) <= nowMs ? -1 : slot;
  }

  /**
   * The slot `key` holds, live or dead, or −1 when it has none: for a read followed by a write of the
   * same key ({@link isLive}, then {@link putAt}), one lookup instead of two. Valid until the next
   * `find` or `live` (a sweep renumbers the slots).
   */
  find(key: string, nowMs: number): number {
    this.tick(nowMs);
    return this.slots.get(key) ?? -1;
  }

  /** True when `slot` (from {@link find}) holds a live value at `nowMs`. */
  isLive(slot: number, nowMs: number): boolean {
    return slot !== -1 && (this.expiresAtMs[slot] as number) > nowMs;
  }

  /** The value in `slot` (got from {@link live}), as text (a number as `String` writes it). */
  value(slot: number): string {
    const value = this.values[slot] as string | number;
    return typeof value === 'number' ? String(value) : value;
  }

  /** The value in `slot` as a number (text as `Number` reads it). */
  numberValue(slot: number): number {
    const value = this.values[slot] as string | number;
    return typeof value === 'number' ? value : Number(value);
  }

  /** Replaces the value in a live `slot`, keeping its expiry. */
  setValue(slot: number, value: string | number): void {
    this.values[slot] = value;
  }

  /** Moves the expiry of a live `slot` to `expiresAtMs` (ms on the table's clock; Infinity: never). */
  setExpiry(slot: number, expiresAtMs: number): void {
    this.expiresAtMs[slot] = expiresAtMs;
  }

  /** Sets `key` to `value` until `expiresAtMs`, reusing its slot (live or dead) when it has one. */
  put(key: string, value: string | number, expiresAtMs: number): void {
    this.putAt(this.slots.get(key) ?? -1, key, value, expiresAtMs);
  }

  /** {@link put} into the slot {@link find} gave for `key` (−1: a new key). */
  putAt(slot: number, key: string, value: string | number, expiresAtMs: number): void {
    if (slot === -1) {
      slot = this.values.length;
      if (slot === this.expiresAtMs.length) this.expiresAtMs = grown(this.expiresAtMs, slot * 2);
      this.values.push(value);
      this.slots.set(flatCopy(key), slot);
    } else this.values[slot] = value;
    this.expiresAtMs[slot] = expiresAtMs;
  }

  /** Deletes a live slot got from {@link live}: its key reads as absent from now on. */
  remove(slot: number): void {
    this.expiresAtMs[slot] = -Infinity;
  }

  /** Keys held, dead ones awaiting a sweep included (for tests of the memory bound). */
  get heldEntries(): number {
    return this.slots.size;
  }

  private tick(nowMs: number): void {
    if (++this.opsSinceSweep < this.sweepEveryOps) return;
    this.opsSinceSweep = 0;
    const held = this.values.length;
    let dead = 0;
    for (let slot = 0; slot < held; slot++) if ((this.expiresAtMs[slot] as number) <= nowMs) dead++;
    const live = held - dead;
    this.sweepEveryOps = Math.max(minSweepEveryOps, live);
    // Copying costs more than counting: leave a few dead slots for a later sweep (reused in place if
    // their key comes back meanwhile), so a long run's idempotency keys are not copied over and over.
    if (dead * 4 < held) return;
    const slots = new Map<string, number>();
    const values: (string | number)[] = [];
    const expiresAtMs = new Float64Array(Math.max(initialSlots, live * 2));
    for (const [key, slot] of this.slots) {
      const expiry = this.expiresAtMs[slot] as number;
      if (expiry <= nowMs) continue;
      expiresAtMs[values.length] = expiry;
      slots.set(key, values.length);
      values.push(this.values[slot] as string | number);
    }
    this.slots = slots;
    this.values = values;
    this.expiresAtMs = expiresAtMs;
  }
}

function grown(from: Float64Array, length: number): Float64Array {
  const to = new Float64Array(length);
  to.set(from);
  return to;
}
