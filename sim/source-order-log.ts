import { Float64Column } from '../mocks/float64-column.js';
import type { SourceOrder } from '../scenarios/arrivals.js';
import { NumberedIds } from '../mocks/numbered-ids.js';
import { CompactNumberColumn } from './compact-number-column.js';

/** A run's source orders as the property checkers read them: in arrival order, one pass at a time. */
export interface SourceOrders extends Iterable<SourceOrder> {
  readonly length: number;
}

/**
 * The source orders a run generated, in columns (issue 12, bounded memory: about 24 bytes an order instead
 * of ~170 for an object with two strings and a boxed time). Iterating makes a fresh {@link SourceOrder}
 * per order, equal field for field to the one pushed; none is kept here.
 *
 * @example
 * const orders = new SourceOrderLog();
 * orders.push(order);
 * [...orders][0]; // an equal copy of order
 */
export class SourceOrderLog implements SourceOrders {
  /** Codes of the orders' ids (`so-…`), shared with the run's {@link DeliveryLog}. */
  readonly ids = new NumberedIds('so-');
  private readonly customerIds = new NumberedIds('cust-');
  private readonly arrivalsMs = new Float64Column();
  // Codes, numbers and cents are integers near one another: 4 bytes an order each.
  private readonly idCodes = new CompactNumberColumn();
  private readonly customerCodes = new CompactNumberColumn();
  private readonly customerNumbers = new CompactNumberColumn();
  private readonly totalsCents = new CompactNumberColumn();

  /** Orders pushed. */
  get length(): number {
    return this.arrivalsMs.length;
  }

  /** Appends an order. */
  push(order: SourceOrder): void {
    const index = this.arrivalsMs.push(order.arrivalMs);
    this.idCodes.reserve(index + 1);
    this.customerCodes.reserve(index + 1);
    this.customerNumbers.reserve(index + 1);
    this.totalsCents.reserve(index + 1);
    this.idCodes.put(index, this.ids.code(order.id));
    this.customerCodes.put(index, this.customerIds.code(order.customerId));
    this.customerNumbers.put(index, order.customerNumber);
    this.totalsCents.put(index, order.totalCents);
  }

  /** The id of the order at `index` (0 …). */
  idAt(index: number): string {
    return this.ids.id(this.codeAt(index));
  }

  /** The code in {@link SourceOrderLog.ids} of the id of the order at `index` (0 …). */
  codeAt(index: number): number {
    return this.idCodes.get(index);
  }

  /** The traffic's customer number of the order at `index` (0 …). */
  customerNumberAt(index: number): number {
    return this.customerNumbers.get(index);
  }

  /** The orders' ids, in arrival order, made as they are read. */
  *sourceIds(): Generator<string, void, undefined> {
    for (let index = 0; index < this.length; index++) yield this.idAt(index);
  }

  *[Symbol.iterator](): Generator<SourceOrder, void, undefined> {
    for (let index = 0; index < this.length; index++) {
      yield {
        id: this.idAt(index),
        arrivalMs: this.arrivalsMs.at(index),
        customerId: this.customerIds.id(this.customerCodes.get(index)),
        customerNumber: this.customerNumbers.get(index),
        totalCents: this.totalsCents.get(index),
      };
    }
  }
}

/**
 * Calls `visit` with each order's id and customer number, in arrival order — what the checkers read of an
 * order. From a {@link SourceOrderLog}, straight from its columns: no order object and no customer id string
 * per order and pass (issue 12: three checkers walk the orders at the run's end); from any other, by
 * iterating it.
 */
export function forEachSourceOrder(
  orders: SourceOrders,
  visit: (id: string, customerNumber: number) => void,
): void {
  if (orders instanceof SourceOrderLog) {
    for (let index = 0; index < orders.length; index++)
      visit(orders.idAt(index), orders.customerNumberAt(index));
    return;
  }
  for (const order of orders) visit(order.id, order.customerNumber);
}
