/**
 * The source order ids each shop has heard of — from the webhook deliveries a sender recorded
 * (`ShopifyModel.recordDelivery`) or named up front (`ShopifyModel.expectSourceIds`) — for the `echo`
 * order matching (order-matching.ts), which looks for them in an order's text. Bounded: past `maxIds`
 * over all shops a new id is not kept (counted in `dropped`).
 */
export class KnownSourceIds {
  private readonly byShop = new Map<string, Set<string>>();
  private readonly versions = new Map<string, number>();
  private kept = 0;
  /** Ids not kept because the cap was reached. */
  dropped = 0;

  /** @param maxIds - The most ids kept over all shops. Defaults to 1,000,000. */
  constructor(private readonly maxIds = 1_000_000) {}

  /** Adds `id` to `shop`'s (lower-case) known ids. */
  add(shop: string, id: string): void {
    let ids = this.byShop.get(shop);
    if (ids?.has(id) === true) return;
    if (this.kept >= this.maxIds) {
      this.dropped++;
      return;
    }
    if (ids === undefined) {
      ids = new Set();
      this.byShop.set(shop, ids);
    }
    ids.add(id);
    this.kept++;
    this.versions.set(shop, (this.versions.get(shop) ?? 0) + 1);
  }

  /** Whether `shop` has heard of `id`. */
  has(shop: string, id: string): boolean {
    return this.byShop.get(shop)?.has(id) === true;
  }

  /** A number that changes whenever `shop` hears of a new id (0 before the first). */
  version(shop: string): number {
    return this.versions.get(shop) ?? 0;
  }
}
