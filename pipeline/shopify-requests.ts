import type { HttpRequest } from '../runtime/transport.js';

/** The shop and app a pipeline talks to. */
export interface ShopTarget {
  /** The shop's domain, e.g. `launch.myshopify.com`. */
  domain: string;
  /** The app's Admin API access token (its bucket is per app per shop). */
  accessToken: string;
  /** Admin API version, `YYYY-MM`. Defaults to a supported one in the callers. */
  apiVersion: string;
}

/** The order as the pipeline receives it from the webhook intake. */
export interface PipelineOrder {
  sourceOrderId: string;
  customerId: string;
  totalCents: number;
  /** When the webhook arrived, in ms on the clock (end-to-end latency starts here). */
  receivedAtMs: number;
}

/** The tag that marks an order with its source id, so the pipeline can find its own earlier create. */
export function sourceTag(sourceOrderId: string): string {
  return `fs-src-${sourceOrderId}`;
}

const baseUrl = (shop: ShopTarget): string => `https://${shop.domain}/admin/api/${shop.apiVersion}`;
const headers = (shop: ShopTarget): Record<string, string> => ({
  'x-shopify-access-token': shop.accessToken,
  'content-type': 'application/json',
  accept: 'application/json',
});

/**
 * `POST orders.json` for one source order. The source id goes in a note attribute and a tag: Shopify takes
 * no idempotency key for order creation (SHOPIFY.md, "Orders"), so this is how a retry finds out whether
 * an earlier, ambiguous attempt created the order.
 */
export function createOrderRequest(
  shop: ShopTarget,
  order: PipelineOrder,
  sourceIdAttribute: string,
): HttpRequest {
  const price = (order.totalCents / 100).toFixed(2);
  return {
    method: 'POST',
    url: `${baseUrl(shop)}/orders.json`,
    headers: headers(shop),
    body: JSON.stringify({
      order: {
        line_items: [{ title: 'Funnel order', price, quantity: 1 }],
        customer: { id: order.customerId },
        note_attributes: [{ name: sourceIdAttribute, value: order.sourceOrderId }],
        tags: `funnelstorm, ${sourceTag(order.sourceOrderId)}`,
      },
    }),
  };
}

/** `GET orders.json?tag=…&status=any`: the lookup after an ambiguous create. */
export function findOrderRequest(shop: ShopTarget, sourceOrderId: string): HttpRequest {
  const query = new URLSearchParams({ tag: sourceTag(sourceOrderId), status: 'any', fields: 'id,tags' });
  return { method: 'GET', url: `${baseUrl(shop)}/orders.json?${query.toString()}`, headers: headers(shop) };
}
