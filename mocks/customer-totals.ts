import { Float64Column } from './float64-column.js';

/**
 * Numeric customer id → the sum (cents) and number of its orders, in columns: a slot per customer, no
 * object per customer (issue 12, bounded memory).
 */
export class CustomerTotals {
  private readonly slots = new Map<number, number>();
  private readonly cents = new Float64Column(16);
  private readonly counts = new Float64Column(16);

  /** Counts an order of customer `id` with its total, in cents. */
  add(id: number, cents: number): void {
    const slot = this.slots.get(id);
    if (slot === undefined) {
      this.slots.set(id, this.cents.push(cents));
      this.counts.push(1);
      return;
    }
    this.cents.set(slot, this.cents.at(slot) + cents);
    this.counts.set(slot, this.counts.at(slot) + 1);
  }

  /**
   * Sets customer `id`'s sum (cents) and number outright — what a customer record says it has counted,
   * for an audit to hold against the orders' own totals.
   */
  set(id: number, cents: number, count: number): void {
    const slot = this.slots.get(id);
    if (slot === undefined) {
      this.slots.set(id, this.cents.push(cents));
      this.counts.push(count);
      return;
    }
    this.cents.set(slot, cents);
    this.counts.set(slot, count);
  }

  /** The number of customers with a total. */
  get size(): number {
    return this.slots.size;
  }

  /** Whether customer `id` has a total. */
  has(id: number): boolean {
    return this.slots.has(id);
  }

  /** The customers with a total, in the order they got one. */
  ids(): IterableIterator<number> {
    return this.slots.keys();
  }

  /** The sum (cents) and number of the orders of customer `id`; zeros when none. */
  get(id: number): { cents: number; count: number } {
    const slot = this.slots.get(id);
    return slot === undefined
      ? { cents: 0, count: 0 }
      : { cents: this.cents.at(slot), count: this.counts.at(slot) };
  }
}
