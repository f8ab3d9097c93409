/** The Admin API path every HTTP benchmark sends to. */
export const benchOrderPath = '/admin/api/2026-01/orders.json';

/** Headers of the benchmark's request: an access token and a JSON body, as a real app sends them. */
export const benchOrderHeaders: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  'x-shopify-access-token': 'shpat_bench',
};

/**
 * The source order id of the order every HTTP benchmark posts. The answer the bare reference replays is
 * captured from this same body, so that its size is the size of ours (the tags and the note attribute
 * echo the id).
 */
export const benchSourceId = 'src-1001';

/**
 * A realistic order-create body: one line item, a customer, the source-order note attribute the pipeline
 * sets, and tags — what a funnel's worker posts for each order (about 330 bytes).
 *
 * @param sourceId - The upstream order id carried in the note attribute and the tags.
 */
export function benchOrderBody(sourceId: string): string {
  return JSON.stringify({
    order: {
      email: 'buyer@example.com',
      financial_status: 'paid',
      customer: { id: 7000000000001 },
      line_items: [{ title: 'Launch tee — black, M', price: '25.00', quantity: 1 }],
      note_attributes: [{ name: 'source_order_id', value: sourceId }],
      tags: `funnelstorm, fs-src-${sourceId}`,
    },
  });
}
