import type { MetafieldOwner } from './metafields-api.js';
import type { ShopifyRoute } from './shopify-route.js';

/**
 * The route of an Admin API path after `/admin/api/{version}/` — `text` from `start` to `end` — and a
 * request's method and query (`?…` or ''). Read character by character, with no regular expression, no
 * match array and no substring: this runs on every request (issue 12). It takes exactly the paths these
 * patterns did, with the same ids (`Number` of the digits):
 *
 * - `orders.json`, `graphql.json`;
 * - `^(orders|customers)\/(\d{1,16})\.json$`;
 * - `^(customers|orders)\/(\d{1,16})\/(metafields|fulfillments)(?:\/(\d{1,16}))?\.json$`.
 *
 * A path it does not know, or a known path with a method it is not served by, is `unknown`.
 */
export function routeOfPath(
  method: string,
  text: string,
  start: number,
  end: number,
  search: string,
): ShopifyRoute {
  const verb = method === 'POST' || method === 'GET' ? method : method.toUpperCase();
  const length = end - start;
  if (length === 11 && text.startsWith('orders.json', start)) {
    if (verb === 'POST') return createOrderRoute;
    if (verb === 'GET') return { kind: 'listOrders', query: queryOf(search) };
    return { kind: 'unknown' };
  }
  if (length === 12 && text.startsWith('graphql.json', start)) {
    return verb === 'POST' ? { kind: 'graphql' } : { kind: 'unknown' };
  }
  let idStart: number;
  let orders: boolean;
  if (text.startsWith('orders/', start)) {
    orders = true;
    idStart = start + 7;
  } else if (text.startsWith('customers/', start)) {
    orders = false;
    idStart = start + 10;
  } else return { kind: 'unknown' };
  const idEnd = digitsEnd(text, idStart, end);
  if (idEnd === -1) return { kind: 'unknown' };
  const id = numberOf(text, idStart, idEnd);
  if (isJsonEnd(text, idEnd, end)) {
    if (verb === 'GET') {
      return orders ? { kind: 'getOrder', id, query: queryOf(search) } : { kind: 'getCustomer', id };
    }
    if (verb === 'PUT') return orders ? { kind: 'updateOrder', id } : { kind: 'updateCustomer', id };
    return { kind: 'unknown' };
  }
  if (text.charCodeAt(idEnd) !== slash) return { kind: 'unknown' };
  let at = idEnd + 1;
  let metafields: boolean;
  if (text.startsWith('metafields', at)) {
    metafields = true;
    at += 10;
  } else if (text.startsWith('fulfillments', at)) {
    metafields = false;
    at += 12;
  } else return { kind: 'unknown' };
  let childId: number | undefined;
  if (at < end && text.charCodeAt(at) === slash) {
    const childEnd = digitsEnd(text, at + 1, end);
    if (childEnd === -1) return { kind: 'unknown' };
    childId = numberOf(text, at + 1, childEnd);
    at = childEnd;
  }
  if (!isJsonEnd(text, at, end)) return { kind: 'unknown' };
  if (!metafields) {
    if (!orders || childId !== undefined) return { kind: 'unknown' };
    if (verb === 'GET') return { kind: 'listFulfillments', orderId: id };
    return verb === 'POST' ? { kind: 'createFulfillment', orderId: id } : { kind: 'unknown' };
  }
  const owner: MetafieldOwner = { type: orders ? 'Order' : 'Customer', id };
  if (childId !== undefined) {
    return verb === 'PUT' ? { kind: 'updateMetafield', owner, metafieldId: childId } : { kind: 'unknown' };
  }
  if (verb === 'GET') return { kind: 'listMetafields', owner, query: queryOf(search) };
  return verb === 'POST' ? { kind: 'createMetafield', owner } : { kind: 'unknown' };
}

const slash = 47;

/** The route of a create: one object for every create, as it carries nothing of its own (never written). */
const createOrderRoute: ShopifyRoute = { kind: 'createOrder' };

/** True when `text` from `at` to `end` is `.json`. */
function isJsonEnd(text: string, at: number, end: number): boolean {
  return end - at === 5 && text.startsWith('.json', at);
}

/** Where the run of 1 to 16 ASCII digits at `start` ends (before `end`), or −1 when there is no such run. */
function digitsEnd(text: string, start: number, end: number): number {
  let at = start;
  while (at < end) {
    const code = text.charCodeAt(at);
    if (code < 48 || code > 57) break;
    at++;
  }
  return at === start || at - start > 16 ? -1 : at;
}

/**
 * `Number` of the digits from `start` to `end`: summed exactly up to 15 digits; 16 may pass 2⁵³, where
 * only `Number` of the text rounds as the patterns' ids did.
 */
function numberOf(text: string, start: number, end: number): number {
  if (end - start > 15) return Number(text.slice(start, end));
  let number = 0;
  for (let at = start; at < end; at++) number = number * 10 + (text.charCodeAt(at) - 48);
  return number;
}

/** The last query read and its parameters: every loyalty read of a run sends the same one. */
let lastSearch = '';
let lastQuery = new URLSearchParams();

/** The parameters of `search`, shared with the last request of the same query: read them, never change them. */
function queryOf(search: string): URLSearchParams {
  if (search !== lastSearch) {
    lastQuery = new URLSearchParams(search);
    lastSearch = search;
  }
  return lastQuery;
}
