import type { RunEvidence } from './run-evidence.js';

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
  const first = new Map<string, number>();
  for (const { sourceOrderId, atMs } of evidence.deliveries) {
    const seen = first.get(sourceOrderId);
    if (seen === undefined || atMs < seen) first.set(sourceOrderId, atMs);
  }
  const customers = new Map<string, number>();
  for (const order of evidence.orders) customers.set(order.id, order.customerNumber);
  return [...first]
    .map(([sourceOrderId, atMs]) => ({
      sourceOrderId,
      atMs,
      customerNumber: customers.get(sourceOrderId) ?? 0,
    }))
    .sort((a, b) => a.atMs - b.atMs || (a.sourceOrderId < b.sourceOrderId ? -1 : 1));
}
