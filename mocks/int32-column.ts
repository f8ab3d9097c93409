import { PagedArray } from './paged-array.js';

/**
 * A growable column of 32-bit integers on `Int32Array` pages (paged-array.ts): flat buffers, nothing for the garbage
 * collector to trace (as float64-column.ts does, at half the bytes), for positions and
 * small codes that fit in 32 bits.
 */
export class Int32Column {
  private readonly values: PagedArray<number>;
  private size = 0;

  /**
   * @param fill - The value of a slot that {@link Int32Column.set} skipped over. Defaults to −1.
   * @param initialCapacity - Values to reserve before the first growth. Defaults to 1024.
   */
  constructor(
    private readonly fill = -1,
    initialCapacity = 1024,
  ) {
    this.values = new PagedArray((length) => new Int32Array(length), initialCapacity);
  }

  /** The number of slots in use. */
  get length(): number {
    return this.size;
  }

  /** Appends `value` (truncated to 32 bits) and returns its index. Amortised O(1). */
  push(value: number): number {
    this.values.reserve(this.size + 1);
    this.values.put(this.size, value);
    return this.size++;
  }

  /** Writes `value` at `index`, first growing the column to it; skipped slots hold the fill value. */
  set(index: number, value: number): void {
    if (index >= this.size) {
      this.values.reserve(index + 1);
      for (let skipped = this.size; skipped < index; skipped++) this.values.put(skipped, this.fill);
      this.size = index + 1;
    }
    this.values.put(index, value);
  }

  /** The value at `index`, or the fill value outside `0 … length − 1`. */
  at(index: number): number {
    return index >= 0 && index < this.size ? this.values.get(index) : this.fill;
  }
}
