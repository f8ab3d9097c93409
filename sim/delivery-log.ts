import { Float64Column } from '../mocks/float64-column.js';
import type { NumberedIds } from '../mocks/numbered-ids.js';
import { CompactNumberColumn } from './compact-number-column.js';
import type { Delivery } from './properties/run-evidence.js';

/** A run's webhook deliveries as the property checkers read them: in time order, one pass at a time. */
export interface Deliveries extends Iterable<Delivery> {
  readonly length: number;
}

/**
 * Every webhook delivery of a run, in columns: the source order id as a code of the run's
 * {@link NumberedIds} and the time (issue 12, bounded memory: 12 bytes a delivery instead of ~65 for an
 * object and its boxed time). Iterating makes a fresh {@link Delivery} per delivery; none is kept here.
 */
export class DeliveryLog implements Deliveries {
  private readonly idCodes = new CompactNumberColumn();
  private readonly times = new Float64Column();

  /** @param ids - The codes of the run's source order ids (its SourceOrderLog's). */
  constructor(readonly ids: NumberedIds) {}

  /** Deliveries pushed. */
  get length(): number {
    return this.times.length;
  }

  /** Appends a delivery. */
  push(delivery: Delivery): void {
    const index = this.times.push(delivery.atMs);
    this.idCodes.reserve(index + 1);
    this.idCodes.put(index, this.ids.code(delivery.sourceOrderId));
  }

  /** Calls `visit` with each delivery's source order id and time, in order, from the columns. */
  forEach(visit: (sourceOrderId: string, atMs: number) => void): void {
    for (let index = 0; index < this.length; index++)
      visit(this.ids.id(this.idCodes.get(index)), this.times.at(index));
  }

  /**
   * Calls `visit` with each delivery's source order id as a code of {@link DeliveryLog.ids} and its time, in
   * order: a checker that keeps codes makes no id string per delivery (issue 12).
   */
  forEachCode(visit: (code: number, atMs: number) => void): void {
    for (let index = 0; index < this.length; index++) visit(this.idCodes.get(index), this.times.at(index));
  }

  *[Symbol.iterator](): Generator<Delivery, void, undefined> {
    for (let index = 0; index < this.length; index++)
      yield { sourceOrderId: this.ids.id(this.idCodes.get(index)), atMs: this.times.at(index) };
  }
}

/**
 * Calls `visit` with each delivery's source order id and time, in order: from a {@link DeliveryLog} straight
 * from its columns, with no delivery object per delivery and pass (issue 12); from any other, by iterating.
 */
export function forEachDelivery(
  deliveries: Deliveries,
  visit: (sourceOrderId: string, atMs: number) => void,
): void {
  if (deliveries instanceof DeliveryLog) {
    deliveries.forEach(visit);
    return;
  }
  for (const { sourceOrderId, atMs } of deliveries) visit(sourceOrderId, atMs);
}
