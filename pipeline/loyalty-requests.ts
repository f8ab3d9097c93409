import { jsonRequest } from '../runtime/json-response.js';
import type { DispatchResult, HttpRequest } from '../runtime/transport.js';
import { countedText } from './counted-orders.js';
import { jsonBody } from './dispatch-result.js';
import { fencingTokenHeader } from './lease.js';
import { adminBaseUrl, sourceOrderHeader, type ShopTarget } from './shopify-requests.js';

/** A customer metafield the customer stage reads and writes: its namespace and key. */
export interface LoyaltyTarget {
  namespace: string;
  key: string;
}

/**
 * The customer metafield the default workflow keeps its running totals in: `funnelstorm.loyalty`, type
 * `json`. A field apps may write — unlike the customer's `total_spent` and `orders_count`, which Shopify
 * computes from the orders and which the mock, like Shopify, does not let an app set (mocks/customer-
 * input.ts). The audit (mocks/customer-audit.ts) judges the same metafield.
 */
export const defaultLoyaltyTarget: Readonly<LoyaltyTarget> = { namespace: 'funnelstorm', key: 'loyalty' };

/**
 * The loyalty metafield's value: points (one per cent of the orders counted), the number of orders
 * counted, and which source orders those are — the marker that makes a retried read-modify-write see that
 * it already happened (../shared/DESIGN.md: "a retried read-modify-write applies the same order twice
 * unless the customer record remembers which orders it has already counted"). Points, count and marker
 * are one value, so one write sets them together.
 */
export interface LoyaltyValue {
  points: number;
  orders: number;
  /**
   * The source orders counted (the newest {@link countedOrdersWindow}), oldest first, as one text: ids
   * separated by single spaces, an id with a space or `%` escaped (counted-orders.ts: `countedIncludes`,
   * `withCounted`). A value written as a JSON array of ids (before issue 12) is read too.
   */
  counted: string;
}

/**
 * The most source order ids a loyalty value remembers: the newest, in the order counted. Shopify caps a
 * `json` metafield at 128 KB from API 2026-04 (shopify.dev/docs/apps/build/metafields/metafield-limits),
 * so a value cannot list every order of a customer with thousands; and every read parses the whole list.
 * A retried write re-reads within a few rounds, when at most the pool's other workers have counted orders
 * in between — far below 1,000. A customer update replayed from the dead-letter queue after more than
 * 1,000 newer orders of that customer could count its order twice; its dead letter says the update may
 * have applied.
 */
export const countedOrdersWindow = 1_000;

/** What a read of the loyalty metafield found: its id (absent: none yet) and its value. */
export interface LoyaltyRead {
  metafieldId: number | undefined;
  value: LoyaltyValue;
}

function headersOf(shop: ShopTarget, sourceOrderId: string | undefined, fencingToken: number | undefined) {
  const headers: Record<string, string> = {
    'x-shopify-access-token': shop.accessToken,
    'content-type': 'application/json',
    accept: 'application/json',
  };
  if (sourceOrderId !== undefined) headers[sourceOrderHeader] = sourceOrderId;
  if (fencingToken !== undefined) headers[fencingTokenHeader] = String(fencingToken);
  return headers;
}

/** The last read's target and query string: a run reads one target, so one URLSearchParams, not one per read. */
let lastQuery = { namespace: '', key: '', query: '' };

function queryOf(target: LoyaltyTarget): string {
  const { namespace, key } = target;
  if (lastQuery.namespace !== namespace || lastQuery.key !== key || lastQuery.query === '') {
    lastQuery = { namespace, key, query: new URLSearchParams({ namespace, key }).toString() };
  }
  return lastQuery.query;
}

/**
 * `GET customers/{id}/metafields.json?namespace=…&key=…`: the read of the customer stage, with the
 * lease's fencing token when the reader holds the customer's lock (the shop then refuses every older
 * holder's write, even one already on its way; mocks/metafields-api.ts). One REST call.
 */
export function readLoyaltyRequest(
  shop: ShopTarget,
  customerId: string,
  target: LoyaltyTarget,
  sourceOrderId?: string,
  fencingToken?: number,
): HttpRequest {
  return {
    method: 'GET',
    url: `${adminBaseUrl(shop)}/customers/${encodeURIComponent(customerId)}/metafields.json?${queryOf(target)}`,
    headers: headersOf(shop, sourceOrderId, fencingToken),
  };
}

/**
 * The write of the customer stage, one REST call: `POST customers/{id}/metafields.json` when the customer
 * has no loyalty metafield yet, `PUT customers/{id}/metafields/{metafield_id}.json` otherwise — with the
 * lease's fencing token when there is one (refused with 409 once a newer holder has been seen).
 */
export function writeLoyaltyRequest(
  shop: ShopTarget,
  customerId: string,
  target: LoyaltyTarget,
  read: LoyaltyRead,
  fencingToken?: number,
  sourceOrderId?: string,
): HttpRequest {
  const value = JSON.stringify(read.value);
  const customer = `${adminBaseUrl(shop)}/customers/${encodeURIComponent(customerId)}`;
  const headers = headersOf(shop, sourceOrderId, fencingToken);
  if (read.metafieldId === undefined) {
    return jsonRequest('POST', `${customer}/metafields.json`, headers, {
      metafield: { ...target, type: 'json', value },
    });
  }
  return jsonRequest('PUT', `${customer}/metafields/${read.metafieldId}.json`, headers, {
    metafield: { value },
  });
}

/**
 * The loyalty metafield in a read's answer (`{"metafields": [...]}`): none yet is a zero value without an
 * id. Undefined when the body is not a readable list, or the metafield's value is not a loyalty value.
 */
export function loyaltyOf(result: DispatchResult, target: LoyaltyTarget): LoyaltyRead | undefined {
  const list = (jsonBody(result) as { metafields?: unknown } | undefined)?.metafields;
  if (!Array.isArray(list)) return undefined;
  const found = (list as Record<string, unknown>[]).find(
    (m) =>
      m !== null && typeof m === 'object' && m['namespace'] === target.namespace && m['key'] === target.key,
  );
  if (found === undefined) return { metafieldId: undefined, value: { points: 0, orders: 0, counted: '' } };
  const id = found['id'];
  const value = parseLoyaltyValue(found['value']);
  if (typeof id !== 'number' || value === undefined) return undefined;
  return { metafieldId: id, value };
}

function parseLoyaltyValue(text: unknown): LoyaltyValue | undefined {
  if (typeof text !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const { points, orders, counted } = parsed as Record<string, unknown>;
  if (!Number.isSafeInteger(points) || !Number.isSafeInteger(orders)) return undefined;
  const list =
    typeof counted === 'string'
      ? counted
      : Array.isArray(counted)
        ? countedText(counted.filter((id): id is string => typeof id === 'string'))
        : '';
  return { points: points as number, orders: orders as number, counted: list };
}
