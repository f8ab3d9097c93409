/**
 * A growable column of numbers on a `Float64Array`: one flat buffer instead of one heap object per
 * value, so a million orders cost the garbage collector nothing to trace (../shared/DESIGN.md,
 * "Performance budgets": an unbounded Map of full order objects pushed a probe's p99 to hundreds of ms).
 */
export class Float64Column {
  private values: Float64Array;
  private size = 0;

  /** @param initialCapacity - Values to reserve before the first growth. Defaults to 1024. */
  constructor(initialCapacity = 1024) {
    this.values = new Float64Array(Math.max(1, initialCapacity));
  }

  /** The number of values pushed. */
  get length(): number {
    return this.size;
  }

  /** Appends `value` and returns its index. Grows by doubling, so appends are amortised O(1). */
  push(value: number): number {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size] = value;
    return this.size++;
  }

  /** Replaces the value at `index` (`0 … length − 1`; nothing outside). */
  set(index: number, value: number): void {
    if (index >= 0 && index < this.size) this.values[index] = value;
  }

  /** The value at `index`, or `NaN` outside `0 … length − 1`. */
  at(index: number): number {
    return index >= 0 && index < this.size ? (this.values[index] ?? Number.NaN) : Number.NaN;
  }
}
