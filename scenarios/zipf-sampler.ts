import type { Random } from '../runtime/random.js';

/**
 * Draws ranks 1 … `count` from a Zipf distribution with exponent `exponent`: rank k has weight 1/k^s, so
 * rank 1 comes up 1/H(count, s) of the time (H the generalised harmonic number). At s = 0 every rank is
 * equally likely; the larger s, the more the first few ranks dominate.
 *
 * The sampler keeps the cumulative weights (one double per rank, built once in O(count)) and draws by
 * inversion: one uniform draw from the stream, then a binary search, O(log count). One draw per sample
 * means a stream's k-th sample depends on its k-th draw only.
 *
 * @example
 * const zipf = new ZipfSampler(200, 1.1);
 * const customerNumber = zipf.sample(random.fork('customers')); // 1 … 200, 1 the most frequent
 */
export class ZipfSampler {
  /** `cumulative[k - 1]` is the sum of the weights of ranks 1 … k; the last entry is the total. */
  private readonly cumulative: Float64Array;

  /**
   * @param count - The number of ranks: an integer ≥ 1.
   * @param exponent - The Zipf exponent s ≥ 0.
   */
  constructor(
    readonly count: number,
    readonly exponent: number,
  ) {
    if (!Number.isInteger(count) || count < 1)
      throw new RangeError(`ZipfSampler needs an integer count ≥ 1 (got ${count}).`);
    if (!(exponent >= 0)) throw new RangeError(`ZipfSampler needs an exponent ≥ 0 (got ${exponent}).`);
    this.cumulative = new Float64Array(count);
    let sum = 0;
    for (let k = 1; k <= count; k++) {
      sum += k ** -exponent;
      this.cumulative[k - 1] = sum;
    }
  }

  /** The probability of rank `k` (1 … count): (1/k^s) / H(count, s). */
  probability(k: number): number {
    if (!Number.isInteger(k) || k < 1 || k > this.count) return 0;
    return k ** -this.exponent / this.total();
  }

  /** One rank in 1 … count, from exactly one draw of `random`. */
  sample(random: Random): number {
    const target = random.next() * this.total();
    // The smallest k whose cumulative weight exceeds the target: target < total, so it exists.
    let low = 0;
    let high = this.count - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return low + 1;
  }

  private total(): number {
    return this.cumulative[this.count - 1]!;
  }
}
