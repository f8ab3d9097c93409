import type { FulfillmentView } from './fulfillments-api.js';

/** The verdict on a shop's fulfillments: one per order and marker, or a duplicate side effect. */
export interface FulfillmentAudit {
  /** Fulfillments in the shop. */
  fulfillments: number;
  /** Fulfillments beyond the first for one order and tracking number (one workflow step's marker). */
  duplicates: number;
  /** The duplicated markers (tracking numbers), sorted, at most `listLimit`. */
  duplicateMarkers: string[];
}

/**
 * Audits a shop's fulfillments for duplicate side effects: a workflow's `fulfil` step marks its
 * fulfillment with a tracking number naming the source order and the step, so two fulfillments of one
 * order with one tracking number are one step applied twice — what a blind retry after an ambiguous
 * failure makes (Shopify takes no idempotency key for it). Fulfillments without a tracking number are
 * counted but never judged duplicates. Reads the shop's final state only.
 */
export function auditFulfillments(fulfillments: FulfillmentView, listLimit = 100): FulfillmentAudit {
  let duplicates = 0;
  const markers: string[] = [];
  fulfillments.forEachOrder((orderId) => {
    const seen = new Map<string, number>();
    for (const record of fulfillments.of(orderId)) {
      if (record.trackingNumber === null) continue;
      seen.set(record.trackingNumber, (seen.get(record.trackingNumber) ?? 0) + 1);
    }
    for (const [marker, count] of seen) {
      if (count < 2) continue;
      duplicates += count - 1;
      markers.push(marker);
    }
  });
  return {
    fulfillments: fulfillments.count,
    duplicates,
    duplicateMarkers: markers.sort().slice(0, Math.max(0, listLimit)),
  };
}
