/**
 * A growable column of 32-bit integers on an `Int32Array`: one flat buffer, nothing for the garbage
 * collector to trace (as float64-column.ts does, at half the bytes), for positions and
 * small codes that fit in 32 bits.
 */
export class Int32Column {
  private values: Int32Array;
  private size = 0;

  /**
   * @param fill - The value of a slot that {@link Int32Column.set} skipped over. Defaults to −1.
   * @param initialCapacity - Values to reserve before the first growth. Defaults to 1024.
   */
  constructor(
    private readonly fill = -1,
    initialCapacity = 1024,
  ) {
    this.values = new Int32Array(Math.max(1, initialCapacity));
  }

  /** The number of slots in use. */
  get length(): number {
    return this.size;
  }

  /** Appends `value` (truncated to 32 bits) and returns its index. Amortised O(1). */
  push(value: number): number {
    this.reserve(this.size + 1);
    this.values[this.size] = value;
    return this.size++;
  }

  /** Writes `value` at `index`, first growing the column to it; skipped slots hold the fill value. */
  set(index: number, value: number): void {
    if (index >= this.size) {
      this.reserve(index + 1);
      this.values.fill(this.fill, this.size, index);
      this.size = index + 1;
    }
    this.values[index] = value;
  }

  /** The value at `index`, or the fill value outside `0 … length − 1`. */
  at(index: number): number {
    return index >= 0 && index < this.size ? (this.values[index] ?? this.fill) : this.fill;
  }

  /** Grows by doubling until `capacity` values fit. */
  private reserve(capacity: number): void {
    if (capacity <= this.values.length) return;
    let length = this.values.length * 2;
    while (length < capacity) length *= 2;
    const grown = new Int32Array(length);
    grown.set(this.values.subarray(0, this.size));
    this.values = grown;
  }
}
