import { jsonRequest } from '../runtime/json-response.js';
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
  /**
   * The Shopify customer the order is for: a numeric customer id as a decimal string (e.g.
   * `7000000000001`). Any other value (a guest, an upstream id Shopify does not know) gets no customer
   * update.
   */
  customerId: string;
  totalCents: number;
  /** When the webhook arrived, in ms on the clock (end-to-end latency starts here). */
  receivedAtMs: number;
  /**
   * Look the order up by its source tag before the first create, as for a retaken claim: set on a replay
   * of a dead letter (`funnelstorm dlq replay`), whose earlier attempts may have created the order.
   * Defaults to false.
   */
  lookUpFirst?: boolean;
}

/** The tag that marks an order with its source id, so the pipeline can find its own earlier create. */
export function sourceTag(sourceOrderId: string): string {
  return `fs-src-${sourceOrderId}`;
}

/** The last shop's Admin API URLs: a run talks to one shop, so they are made once, not per request. */
let lastUrls = { domain: '', apiVersion: '', base: '', orders: '' };

function urlsOf(shop: ShopTarget): typeof lastUrls {
  const { domain, apiVersion } = shop;
  if (lastUrls.domain !== domain || lastUrls.apiVersion !== apiVersion || lastUrls.base === '') {
    const base = `https://${domain}/admin/api/${apiVersion}`;
    lastUrls = { domain, apiVersion, base, orders: `${base}/orders.json` };
  }
  return lastUrls;
}

/**
 * `https://<shop>/admin/api/<version>`, the root of every Admin API URL. The same text object for every
 * request to one shop: a URL built per request was a tree of string pieces, flattened again by the
 * receiver (issue 12).
 */
export function adminBaseUrl(shop: ShopTarget): string {
  return urlsOf(shop).base;
}
/**
 * The request header naming the source order a request works for: a correlation id, like a request id in
 * logs (real Shopify ignores headers it does not know). Every request the pipeline makes for an order
 * carries it, so the mock's logs and a run's history can tie each call to its order.
 */
export const sourceOrderHeader = 'x-funnelstorm-order';

const headers = (shop: ShopTarget, sourceOrderId?: string): Record<string, string> => {
  const all: Record<string, string> = {
    'x-shopify-access-token': shop.accessToken,
    'content-type': 'application/json',
    accept: 'application/json',
  };
  // Set, not spread from a conditional object: one object per request, not three (issue 12).
  if (sourceOrderId !== undefined) all[sourceOrderHeader] = sourceOrderId;
  return all;
};

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
  return jsonRequest('POST', urlsOf(shop).orders, headers(shop, order.sourceOrderId), {
    order: {
      line_items: [{ title: 'Funnel order', price, quantity: 1 }],
      // Shopify's customer ids are integers in JSON; anything else is passed through as the caller gave it.
      customer: { id: /^\d{1,15}$/.test(order.customerId) ? Number(order.customerId) : order.customerId },
      note_attributes: [{ name: sourceIdAttribute, value: order.sourceOrderId }],
      tags: `funnelstorm, ${sourceTag(order.sourceOrderId)}`,
    },
  });
}

/** `GET orders.json?tag=…&status=any`: the lookup after an ambiguous create. */
export function findOrderRequest(shop: ShopTarget, sourceOrderId: string): HttpRequest {
  const query = new URLSearchParams({ tag: sourceTag(sourceOrderId), status: 'any', fields: 'id,tags' });
  return {
    method: 'GET',
    url: `${urlsOf(shop).orders}?${query.toString()}`,
    headers: headers(shop, sourceOrderId),
  };
}
