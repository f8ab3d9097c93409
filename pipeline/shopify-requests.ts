import type { HttpRequest } from '../runtime/transport.js';
import { fencingTokenHeader } from './lease.js';

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

const baseUrl = (shop: ShopTarget): string => `https://${shop.domain}/admin/api/${shop.apiVersion}`;
/**
 * The request header naming the source order a request works for: a correlation id, like a request id in
 * logs (real Shopify ignores headers it does not know). Every request the pipeline makes for an order
 * carries it, so the mock's logs and a run's history can tie each call to its order.
 */
export const sourceOrderHeader = 'x-funnelstorm-order';

const headers = (shop: ShopTarget, sourceOrderId?: string): Record<string, string> => ({
  'x-shopify-access-token': shop.accessToken,
  'content-type': 'application/json',
  accept: 'application/json',
  ...(sourceOrderId !== undefined && { [sourceOrderHeader]: sourceOrderId }),
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
    headers: headers(shop, order.sourceOrderId),
    body: JSON.stringify({
      order: {
        line_items: [{ title: 'Funnel order', price, quantity: 1 }],
        // Shopify's customer ids are integers in JSON; anything else is passed through as the caller gave it.
        customer: { id: /^\d{1,15}$/.test(order.customerId) ? Number(order.customerId) : order.customerId },
        note_attributes: [{ name: sourceIdAttribute, value: order.sourceOrderId }],
        tags: `funnelstorm, ${sourceTag(order.sourceOrderId)}`,
      },
    }),
  };
}

/** `GET orders.json?tag=…&status=any`: the lookup after an ambiguous create. */
export function findOrderRequest(shop: ShopTarget, sourceOrderId: string): HttpRequest {
  const query = new URLSearchParams({ tag: sourceTag(sourceOrderId), status: 'any', fields: 'id,tags' });
  return {
    method: 'GET',
    url: `${baseUrl(shop)}/orders.json?${query.toString()}`,
    headers: headers(shop, sourceOrderId),
  };
}

/**
 * The customer tag that says "this customer's totals already count source order `sourceOrderId`". The
 * customer update is a read-modify-write; written together with the new totals in one PUT, the tag makes
 * a retried update (after an ambiguous answer, or by a second worker) see that it already happened
 * (../shared/DESIGN.md: "a retried read-modify-write applies the same order twice unless the customer
 * record remembers which orders it has already counted").
 */
export function countedTag(sourceOrderId: string): string {
  return `fs-counted-${sourceOrderId}`;
}

/**
 * `GET customers/{id}.json`: the read of the customer update's read-modify-write, for source order
 * `sourceOrderId` when given (its {@link sourceOrderHeader}), and — when the reader holds the customer's
 * lock — with the lease's fencing token, so the shop refuses from then on the writes of every older
 * holder, even one whose write was already on its way (see {@link updateCustomerRequest}).
 */
export function getCustomerRequest(
  shop: ShopTarget,
  customerId: string,
  sourceOrderId?: string,
  fencingToken?: number,
): HttpRequest {
  const requestHeaders = headers(shop, sourceOrderId);
  if (fencingToken !== undefined) requestHeaders[fencingTokenHeader] = String(fencingToken);
  return {
    method: 'GET',
    url: `${baseUrl(shop)}/customers/${encodeURIComponent(customerId)}.json`,
    headers: requestHeaders,
  };
}

/** The customer fields the pipeline writes: the running totals and the tags (counted orders among them). */
export interface CustomerTotals {
  /** The customer's running total, in cents. */
  totalSpentCents: number;
  ordersCount: number;
  /** Every tag the customer should have, comma-and-space separated as Shopify stores them. */
  tags: string;
}

/**
 * `PUT customers/{id}.json` with new totals and tags, and — when the writer holds the customer's lock — the
 * lease's fencing token in {@link fencingTokenHeader}, so that the shop refuses (409) a write from a holder
 * whose lease has lapsed after a newer holder wrote (Kleppmann, "How to do distributed locking"). The
 * fencing header is funnelstorm's own extension, checked by the mock (`fencing: true`); real Shopify
 * ignores it. `total_spent` and `orders_count` stand for an integration's own running totals (a loyalty
 * balance): Shopify computes its own, and the mock makes them writable so lost updates can be audited.
 */
export function updateCustomerRequest(
  shop: ShopTarget,
  customerId: string,
  totals: CustomerTotals,
  fencingToken?: number,
  sourceOrderId?: string,
): HttpRequest {
  const requestHeaders = headers(shop, sourceOrderId);
  if (fencingToken !== undefined) requestHeaders[fencingTokenHeader] = String(fencingToken);
  return {
    method: 'PUT',
    url: `${baseUrl(shop)}/customers/${encodeURIComponent(customerId)}.json`,
    headers: requestHeaders,
    body: JSON.stringify({
      customer: {
        id: Number(customerId),
        total_spent: formatCents(totals.totalSpentCents),
        orders_count: totals.ordersCount,
        tags: totals.tags,
      },
    }),
  };
}

/** Cents as Shopify's REST money string: 1234 → `"12.34"`. */
export function formatCents(cents: number): string {
  const whole = Math.floor(cents / 100);
  return `${whole}.${String(cents - whole * 100).padStart(2, '0')}`;
}

/** Shopify's REST money string as integer cents (`"12.3"` → 1230); undefined when it is not one. */
export function parseCents(text: unknown): number | undefined {
  if (typeof text === 'number') text = String(text);
  if (typeof text !== 'string') return undefined;
  const match = /^\s*(\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (match === null) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
