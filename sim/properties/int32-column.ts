import { PagedArray } from '../../mocks/paged-array.js';

/**
 * A growable column of 32-bit integers (row numbers, small codes) on `Int32Array` pages that never copy
 * (mocks/paged-array.ts): 4 bytes a value instead of a JS array's slot and spare capacity (issue 12, the
 * checkers' memory at a long run's end).
 */
export class Int32Column {
  private readonly values = new PagedArray((length) => new Int32Array(length));
  private size = 0;

  /** Values pushed. */
  get length(): number {
    return this.size;
  }

  /** Appends `value` (an integer in −2³¹ … 2³¹ − 1). */
  push(value: number): void {
    this.values.reserve(this.size + 1);
    this.values.put(this.size++, value);
  }

  /** The value at `index` (0 … length − 1). */
  at(index: number): number {
    return this.values.get(index);
  }
}
