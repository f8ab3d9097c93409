/**
 * A compact index from a string key to the positions that carry it. Most keys (a source order id, a
 * per-order tag) have exactly one position, so a single position is stored as a bare number and only a
 * key seen twice gets an array: no per-entry object, no array for the common case.
 */
export class MultiIndex {
  private readonly entries = new Map<string, number | number[]>();

  /** Records that `key` is carried by `position`. Positions of a key stay in insertion order. */
  add(key: string, position: number): void {
    const found = this.entries.get(key);
    if (found === undefined) this.entries.set(key, position);
    else if (typeof found === 'number') this.entries.set(key, [found, position]);
    else found.push(position);
  }

  /** Records that `key` is no longer carried by `position` (nothing when it was not). */
  remove(key: string, position: number): void {
    const found = this.entries.get(key);
    if (found === position) this.entries.delete(key);
    else if (Array.isArray(found)) {
      const at = found.indexOf(position);
      if (at !== -1) found.splice(at, 1);
      if (found.length === 0) this.entries.delete(key);
    }
  }

  /** The positions carrying `key`, in insertion order; empty when none. */
  get(key: string): readonly number[] {
    const found = this.entries.get(key);
    if (found === undefined) return [];
    return typeof found === 'number' ? [found] : found;
  }

  /** How many positions carry `key` (0 when none), without allocating. */
  count(key: string): number {
    const found = this.entries.get(key);
    if (found === undefined) return 0;
    return typeof found === 'number' ? 1 : found.length;
  }

  /** Calls `visit` once per distinct key with its number of positions, in first-insertion order. */
  forEachKey(visit: (key: string, count: number) => void): void {
    for (const [key, found] of this.entries) visit(key, typeof found === 'number' ? 1 : found.length);
  }
}
