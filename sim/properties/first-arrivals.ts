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
  // Each known order takes its entry out of `first`; what is left was delivered but never sent (customer 0).
  // No second map by id: at a million orders, the check's peak memory is the run's.
  const arrivals: FirstArrival[] = [];
  for (const order of evidence.orders) {
    const atMs = first.get(order.id);
    if (atMs === undefined) continue;
    first.delete(order.id);
    arrivals.push({ sourceOrderId: order.id, atMs, customerNumber: order.customerNumber });
  }
  for (const [sourceOrderId, atMs] of first) arrivals.push({ sourceOrderId, atMs, customerNumber: 0 });
  return arrivals.sort((a, b) => a.atMs - b.atMs || (a.sourceOrderId < b.sourceOrderId ? -1 : 1));
}
