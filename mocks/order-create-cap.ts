/** The length of the cap's window, in ms: "per minute". */
const windowMs = 60_000;

/**
 * The order-creation cap of development and trial stores (SHOPIFY.md, "Resource throttles", seen:
 * ShopifySharp issue 726, shopifypartners/developer-tools issue 15): at most `perMinute` orders created
 * in any 60 s, apart from the bucket. How Shopify counts the minute is not published; a sliding window
 * over the last `perMinute` creates is a guess. Kept per shop, as the cap is the store's, not the app's
 * (also a guess). State is a ring of the last `perMinute` create times: O(perMinute) memory.
 */
export class OrderCreateCap {
  private readonly times: Float64Array;
  private next = 0;
  private filled = 0;

  /** @param perMinute - Creates allowed in any 60 s window; a positive integer. */
  constructor(perMinute: number) {
    this.times = new Float64Array(perMinute);
  }

  /** True when one more create at `nowMs` (ms on the model's clock) stays within the cap. */
  allows(nowMs: number): boolean {
    if (this.filled < this.times.length) return true;
    // The oldest of the last `perMinute` creates: the window is full while it is less than a minute old.
    return nowMs - (this.times[this.next] ?? Number.NEGATIVE_INFINITY) >= windowMs;
  }

  /** Counts a create that happened at `nowMs`. */
  record(nowMs: number): void {
    this.times[this.next] = nowMs;
    this.next = (this.next + 1) % this.times.length;
    this.filled = Math.min(this.filled + 1, this.times.length);
  }
}
