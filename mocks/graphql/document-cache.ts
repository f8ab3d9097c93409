/**
 * A bounded cache in two generations: lookups read the young map, then the old one (promoting a hit);
 * when the young map is full it becomes the old one and the previous old one is dropped whole. Every
 * operation is O(1) — no per-entry eviction, which in V8 is O(live + deleted) per `map.keys().next()`
 * (../shared/DESIGN.md, "memory") — and it holds at most `2 × capacity` entries.
 */
export class TwoGenerationCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  /** @param capacity - Entries per generation. Must be ≥ 1. */
  constructor(private readonly capacity: number) {}

  /** The value cached under `key`, or undefined. */
  get(key: string): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  /** Caches `value` under `key`. */
  set(key: string, value: V): void {
    if (this.young.size >= this.capacity) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  /** The number of entries held (both generations; a promoted key may be counted twice). */
  get size(): number {
    return this.young.size + this.old.size;
  }
}
