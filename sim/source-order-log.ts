import { Float64Column } from '../mocks/float64-column.js';
import type { SourceOrder } from '../scenarios/arrivals.js';
import { NumberedIds } from '../mocks/numbered-ids.js';

/** A run's source orders as the property checkers read them: in arrival order, one pass at a time. */
export interface SourceOrders extends Iterable<SourceOrder> {
  readonly length: number;
}

/**
 * The source orders a run generated, in columns (issue 12, bounded memory: about 32 bytes an order instead
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
  private readonly idCodes = new Float64Column();
  private readonly arrivalsMs = new Float64Column();
  private readonly customerCodes = new Float64Column();
  private readonly customerNumbers = new Float64Column();
  private readonly totalsCents = new Float64Column();

  /** Orders pushed. */
  get length(): number {
    return this.idCodes.length;
  }

  /** Appends an order. */
  push(order: SourceOrder): void {
    this.idCodes.push(this.ids.code(order.id));
    this.arrivalsMs.push(order.arrivalMs);
    this.customerCodes.push(this.customerIds.code(order.customerId));
    this.customerNumbers.push(order.customerNumber);
    this.totalsCents.push(order.totalCents);
  }

  /** The id of the order at `index` (0 …). */
  idAt(index: number): string {
    return this.ids.id(this.idCodes.at(index));
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
        customerId: this.customerIds.id(this.customerCodes.at(index)),
        customerNumber: this.customerNumbers.at(index),
        totalCents: this.totalsCents.at(index),
      };
    }
  }
}
