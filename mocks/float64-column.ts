import { PagedArray } from './paged-array.js';

/**
 * A growable column of numbers on `Float64Array` pages (paged-array.ts): flat buffers instead of one heap
 * object per value, so a million orders cost the garbage collector nothing to trace (../shared/DESIGN.md,
 * "Performance budgets": an unbounded Map of full order objects pushed a probe's p99 to hundreds of ms).
 */
export class Float64Column {
  private readonly values: PagedArray<number>;
  private size = 0;

  /** @param initialCapacity - Values to reserve before the first growth. Defaults to 1024. */
  constructor(initialCapacity = 1024) {
    this.values = new PagedArray((length) => new Float64Array(length), initialCapacity);
  }

  /** The number of values pushed. */
  get length(): number {
    return this.size;
  }

  /** Appends `value` and returns its index. Grows page by page, so appends are amortised O(1). */
  push(value: number): number {
    this.values.reserve(this.size + 1);
    this.values.put(this.size, value);
    return this.size++;
  }

  /** Replaces the value at `index` (`0 … length − 1`; nothing outside). */
  set(index: number, value: number): void {
    if (index >= 0 && index < this.size) this.values.put(index, value);
  }

  /** The value at `index`, or `NaN` outside `0 … length − 1`. */
  at(index: number): number {
    return index >= 0 && index < this.size ? this.values.get(index) : Number.NaN;
  }
}
