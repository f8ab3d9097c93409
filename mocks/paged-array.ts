/** The slots a {@link PagedArray} keeps its values in: a typed array, or a plain array of references. */
export interface Slots<T> {
  readonly length: number;
  [index: number]: T;
  set?(values: ArrayLike<T>): void;
}

/** Values per full page: 8,192 (64 KB of a `Float64Array`). */
const pageShift = 13;
const pageLength = 1 << pageShift;
const pageMask = pageLength - 1;

/**
 * Fixed-size storage that grows in pages instead of by doubling one buffer (issue 12, bounded memory): a
 * column of a million-order run never holds twice its size while it is copied into a larger buffer, nor up
 * to half of it unused after a doubling. The first page starts small and doubles up to the page length, so
 * a small run stays small; from then on each page holds 8,192 values and is never copied.
 *
 * Indexes are not checked beyond {@link PagedArray.capacity}: callers keep their own length.
 *
 * @example
 * const times = new PagedArray((length) => new Float64Array(length));
 * times.reserve(10_000);
 * times.put(9_999, 1.5);
 */
export class PagedArray<T> {
  private readonly pages: Slots<T>[];

  /**
   * @param make - Makes a page of `length` slots (`(n) => new Float64Array(n)`, `(n) => new Array(n)`).
   * @param initialCapacity - Slots of the first page before it first grows. Defaults to 1024.
   */
  constructor(
    private readonly make: (length: number) => Slots<T>,
    initialCapacity = 1024,
  ) {
    this.pages = [make(Math.min(pageLength, Math.max(1, initialCapacity)))];
  }

  /** Slots available without growing. */
  get capacity(): number {
    const { pages } = this;
    return (pages.length - 1) * pageLength + (pages[pages.length - 1]?.length ?? 0);
  }

  /** The value at `index` (`0 … capacity − 1`). */
  get(index: number): T {
    return (this.pages[index >>> pageShift] as Slots<T>)[index & pageMask] as T;
  }

  /** Writes `value` at `index` (`0 … capacity − 1`). */
  put(index: number, value: T): void {
    (this.pages[index >>> pageShift] as Slots<T>)[index & pageMask] = value;
  }

  /** Grows until `capacity` slots fit: the first page by doubling up to a full page, then page by page. */
  reserve(capacity: number): void {
    const { pages } = this;
    while (this.capacity < capacity) {
      const first = pages[0] as Slots<T>;
      if (pages.length === 1 && first.length < pageLength) {
        const grown = this.make(Math.min(pageLength, first.length * 2));
        if (grown.set) grown.set(first);
        else for (let i = 0; i < first.length; i++) grown[i] = first[i] as T;
        pages[0] = grown;
      } else pages.push(this.make(pageLength));
    }
  }
}
