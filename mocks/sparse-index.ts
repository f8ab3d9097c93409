/** Keys per page: 8,192 (32 KB of an `Int32Array`). */
const pageShift = 13;
const pageLength = 1 << pageShift;
const pageMask = pageLength - 1;

/**
 * Small integer keys (`0 … size − 1`) → non-negative integer values, on `Int32Array` pages made when a key
 * in them is first set (issue 12): a lookup is an index into a page, where a `Map` hashed the key and
 * walked a chain (about twice the time at 30,000 keys), and a set key costs 4 bytes of its page instead of
 * a map entry. Made for keys that fill their range (a shop's customers by position), not for scattered
 * ones: each page touched costs 32 KB, and the page table 8 bytes per 8,192 keys of the range.
 *
 * @example
 * const slots = new SparseIndex(1_000_000);
 * slots.set(123_456, 7);
 * slots.get(123_456); // 7
 * slots.get(5); // -1
 */
export class SparseIndex {
  private readonly pages: (Int32Array | undefined)[];

  /** @param size - One past the largest key (at most 2^31). */
  constructor(readonly size: number) {
    this.pages = new Array<Int32Array | undefined>(Math.ceil(size / pageLength)).fill(undefined);
  }

  /** The value of `key`, or −1 when it has none (or is outside `0 … size − 1`). */
  get(key: number): number {
    if (!((key | 0) === key && key >= 0 && key < this.size)) return -1;
    const page = this.pages[key >>> pageShift];
    // Values are stored plus one, so a page's zeros read as "none".
    return page === undefined ? -1 : (page[key & pageMask] as number) - 1;
  }

  /** Gives `key` (`0 … size − 1`, an integer) the value `value` (`0 … 2^31 − 2`). */
  set(key: number, value: number): void {
    if (!(Number.isInteger(key) && key >= 0 && key < this.size)) {
      throw new RangeError(`SparseIndex key ${key} is outside 0 … ${this.size - 1}`);
    }
    const at = key >>> pageShift;
    const page = (this.pages[at] ??= new Int32Array(Math.min(pageLength, this.size - at * pageLength)));
    page[key & pageMask] = value + 1;
  }
}
