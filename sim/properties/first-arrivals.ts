import { NumberedIds } from '../../mocks/numbered-ids.js';
import type { RunEvidence } from './run-evidence.js';
import { forEachSourceOrder, SourceOrderLog } from '../source-order-log.js';
import { DeliveryLog, forEachDelivery } from '../delivery-log.js';

/** A source order's first delivery to the pipeline, with the customer it is for. */
export interface FirstArrival {
  sourceOrderId: string;
  /** When its first webhook delivery reached the pipeline, in ms. */
  atMs: number;
  /** The traffic's customer number (1 …), or 0 when the order is not in `evidence.orders`. */
  customerNumber: number;
}

/**
 * When each source order first reached the pipeline, sorted by time (ties by source order id): the first
 * of its webhook deliveries, a late one included — end-to-end latency counts from delivery, so lateness is
 * not latency. Orders never delivered are left out.
 */
export function firstArrivals(evidence: Pick<RunEvidence, 'deliveries' | 'orders'>): FirstArrival[] {
  // By the ids' numbers, not their strings (issue 12: the checkers run at the run's end, where a
  // million-order run's memory peaks); each arrival makes its id's string only when asked for it.
  const { deliveries, orders } = evidence;
  const shared =
    deliveries instanceof DeliveryLog && orders instanceof SourceOrderLog && deliveries.ids === orders.ids;
  const ids = shared ? orders.ids : new NumberedIds('so-');
  const first = new FirstTimes();
  const arrivals: Arrival[] = [];
  if (shared) {
    // A run's logs share one table of codes: read the codes themselves, with no id string per order.
    deliveries.forEachCode((code, atMs) => first.lower(code, atMs));
    for (let index = 0; index < orders.length; index++) {
      const code = orders.codeAt(index);
      const atMs = first.take(code);
      if (!Number.isNaN(atMs)) arrivals.push(new Arrival(ids, code, atMs, orders.customerNumberAt(index)));
    }
  } else {
    forEachDelivery(deliveries, (sourceOrderId, atMs) => first.lower(ids.code(sourceOrderId), atMs));
    // Each known order takes its entry out of `first`; what is left was delivered but never sent.
    forEachSourceOrder(orders, (id, customerNumber) => {
      const code = ids.find(id);
      const atMs = code === undefined ? Number.NaN : first.take(code);
      if (!Number.isNaN(atMs)) arrivals.push(new Arrival(ids, code as number, atMs, customerNumber));
    });
  }
  // What is left in `first` was delivered but never sent (customer 0).
  first.forEach((code, atMs) => arrivals.push(new Arrival(ids, code, atMs, 0)));
  // Numbered codes order as their zero-padded ids do; any other id by its string.
  return arrivals.sort(
    (a, b) =>
      a.atMs - b.atMs ||
      (a.code >= 0 && b.code >= 0 ? a.code - b.code : a.sourceOrderId < b.sourceOrderId ? -1 : 1),
  );
}

/** A {@link FirstArrival} that holds its id as a code and makes the string when it is read. */
class Arrival implements FirstArrival {
  constructor(
    private readonly ids: NumberedIds,
    readonly code: number,
    readonly atMs: number,
    readonly customerNumber: number,
  ) {}

  get sourceOrderId(): string {
    return this.ids.id(this.code);
  }
}

/**
 * The earliest time per id code: a flat array by order number (a run's are 1 … N), a map for other codes
 * and for numbers far past the codes held.
 */
class FirstTimes {
  private dense = new Float64Array(1024).fill(Number.NaN);
  private readonly sparse = new Map<number, number>();
  private held = 0;

  /** Keeps `atMs` for `code` unless an earlier time is kept. */
  lower(code: number, atMs: number): void {
    const sparse = this.sparse.get(code);
    if (sparse !== undefined) {
      if (atMs < sparse) this.sparse.set(code, atMs);
      return;
    }
    const kept = code >= 0 && code < this.dense.length ? (this.dense[code] as number) : Number.NaN;
    if (!Number.isNaN(kept)) {
      if (atMs < kept) this.dense[code] = atMs;
      return;
    }
    this.held++;
    if (code < 0 || code >= Math.max(1 << 16, 64 * this.held)) {
      this.sparse.set(code, atMs);
      return;
    }
    if (code >= this.dense.length) {
      const grown = new Float64Array(Math.max(code + 1, this.dense.length * 2)).fill(Number.NaN);
      grown.set(this.dense);
      this.dense = grown;
    }
    this.dense[code] = atMs;
  }

  /** The time kept for `code`, removed; NaN when none is. */
  take(code: number): number {
    const sparse = this.sparse.get(code);
    if (sparse !== undefined) {
      this.sparse.delete(code);
      return sparse;
    }
    if (code < 0 || code >= this.dense.length) return Number.NaN;
    const atMs = this.dense[code] as number;
    this.dense[code] = Number.NaN;
    return atMs;
  }

  /** Visits each code still kept with its time: numbered ones by number, then the others. */
  forEach(visit: (code: number, atMs: number) => void): void {
    this.dense.forEach((atMs, code) => {
      if (!Number.isNaN(atMs)) visit(code, atMs);
    });
    this.sparse.forEach((atMs, code) => visit(code, atMs));
  }
}
