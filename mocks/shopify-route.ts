import { fail, ok, type Result } from '../runtime/result.js';
import type { MetafieldOwner } from './metafields-api.js';
import { splitUrl, type UrlParts } from './split-url.js';

/** What a request asks for, once its URL and method are matched. */
export type ShopifyRoute =
  | { kind: 'createOrder' }
  | { kind: 'listOrders'; query: URLSearchParams }
  | { kind: 'getOrder'; id: number; query: URLSearchParams }
  | { kind: 'getCustomer'; id: number }
  | { kind: 'updateCustomer'; id: number }
  | { kind: 'updateOrder'; id: number }
  /** `GET {customers|orders}/{id}/metafields.json`. */
  | { kind: 'listMetafields'; owner: MetafieldOwner; query: URLSearchParams }
  /** `POST {customers|orders}/{id}/metafields.json`. */
  | { kind: 'createMetafield'; owner: MetafieldOwner }
  /** `PUT {customers|orders}/{id}/metafields/{metafield_id}.json`. */
  | { kind: 'updateMetafield'; owner: MetafieldOwner; metafieldId: number }
  | { kind: 'listFulfillments'; orderId: number }
  | { kind: 'createFulfillment'; orderId: number }
  /**
   * `POST graphql.json`: the GraphQL Admin API, with its own cost bucket (SHOPIFY.md, "GraphQL Admin API").
   * The model answers it 404 until the GraphQL surface is wired in.
   */
  | { kind: 'graphql' }
  /** A well-formed Admin API URL that the model does not serve (or not with this method). */
  | { kind: 'unknown' };

/** A request's shop, API version and route. */
export interface ShopifyTarget {
  /** The URL's host name, lower-case, without the port: the shop, e.g. `launch.myshopify.com`. */
  shopDomain: string;
  /** The version segment as asked, e.g. `2024-10` or `unstable`. */
  version: string;
  /** The URL's origin, e.g. `https://launch.myshopify.com` (the base of `Link` headers). */
  origin: string;
  /** The URL's path and query, e.g. `/admin/api/2026-01/orders.json?tag=x` (for the request log). */
  path: string;
  route: ShopifyRoute;
}

/** `YYYY-MM` or `unstable` (SHOPIFY.md, "API versions", doc: shopify.dev/docs/api/usage/versioning). */
const versionPattern = /^(?:\d{4}-(?:0[1-9]|1[0-2])|unstable)$/;
const adminPathPattern = /^\/admin\/api\/([^/]+)\/(.+)$/;
const orderPathPattern = /^orders\/(\d{1,16})\.json$/;
const customerPathPattern = /^customers\/(\d{1,16})\.json$/;
/** `customers/{id}/metafields.json`, `orders/{id}/metafields/{metafield_id}.json`, `orders/{id}/fulfillments.json`. */
const nestedPathPattern =
  /^(customers|orders)\/(\d{1,16})\/(metafields|fulfillments)(?:\/(\d{1,16}))?\.json$/;

/** True when `version` is a well-formed API version segment. */
export function isApiVersion(version: string): boolean {
  return versionPattern.test(version);
}

/** What a URL without a query says, for {@link matchShopifyRoute}'s cache. */
interface AdminUrl {
  shopDomain: string;
  version: string;
  origin: string;
  path: string;
  /** The path after `/admin/api/{version}/`. */
  rest: string;
}

/**
 * URLs without a query seen lately → their parts, or null for a URL that is not an Admin API URL. Clients
 * send the same few URLs again and again (every create posts to one), and taking a URL apart costs three
 * regular expressions and a few strings; a URL with a query (a lookup, usually unique) is not kept. The
 * map is emptied when full, so memory stays bounded whatever the traffic.
 */
const recentUrls = new Map<string, AdminUrl | null>();
const recentUrlsMax = 1024;
/**
 * The last URL looked up and its parts: compared first, as most requests repeat the one before. Comparing
 * two strings needs neither the hash of the URL (a Map lookup does) nor a flat copy of it.
 */
let lastUrl = '';
let lastAdmin: AdminUrl | null = null;

/**
 * Matches a request to a route. Fails — the caller answers 404 without touching auth or the bucket —
 * when the URL is not an Admin API URL or its version segment is malformed (SHOPIFY.md, doc: a wrong API
 * version is a 404). A known path with an unsupported method is `unknown`, which the model also answers
 * with 404: Shopify routes are per method, and an unmatched one is not found.
 */
export function matchShopifyRoute(method: string, url: string): Result<ShopifyTarget, 'not-admin-api'> {
  let admin = url === lastUrl ? lastAdmin : recentUrls.get(url);
  let search = '';
  if (admin === undefined) {
    const parts = splitUrl(url);
    admin = parts === undefined ? null : adminUrlOf(parts);
    search = parts?.search ?? '';
    if (search === '') {
      if (recentUrls.size >= recentUrlsMax) recentUrls.clear();
      recentUrls.set(url, admin);
    }
  }
  if (search === '') {
    lastUrl = url;
    lastAdmin = admin;
  }
  if (admin === null) return fail('not-admin-api');
  const { shopDomain, version, origin, path, rest } = admin;
  return ok({ shopDomain, version, origin, path: path + search, route: routeOf(method, rest, search) });
}

function adminUrlOf(parts: UrlParts): AdminUrl | null {
  const path = adminPathPattern.exec(parts.pathname);
  const version = path?.[1];
  const rest = path?.[2];
  if (version === undefined || rest === undefined || !isApiVersion(version)) return null;
  return {
    shopDomain: parts.hostname.toLowerCase(),
    version,
    origin: parts.origin,
    path: parts.pathname,
    rest,
  };
}

/** The route of a create: one object for every create, as it carries nothing of its own (never written). */
const createOrderRoute: ShopifyRoute = { kind: 'createOrder' };

function routeOf(method: string, rest: string, search: string): ShopifyRoute {
  const verb = method === 'POST' || method === 'GET' ? method : method.toUpperCase();
  if (rest === 'orders.json') {
    if (verb === 'POST') return createOrderRoute;
    if (verb === 'GET') return { kind: 'listOrders', query: new URLSearchParams(search) };
    return { kind: 'unknown' };
  }
  const order = orderPathPattern.exec(rest);
  if (order?.[1] !== undefined) {
    if (verb === 'GET') return { kind: 'getOrder', id: Number(order[1]), query: new URLSearchParams(search) };
    if (verb === 'PUT') return { kind: 'updateOrder', id: Number(order[1]) };
  }
  const nested = nestedPathPattern.exec(rest);
  if (nested !== null) return nestedRouteOf(verb, nested, search);
  const customer = customerPathPattern.exec(rest);
  if (customer?.[1] !== undefined) {
    if (verb === 'GET') return { kind: 'getCustomer', id: Number(customer[1]) };
    if (verb === 'PUT') return { kind: 'updateCustomer', id: Number(customer[1]) };
  }
  if (rest === 'graphql.json' && verb === 'POST') return { kind: 'graphql' };
  return { kind: 'unknown' };
}

/** The route of a metafield or fulfillment path (see `nestedPathPattern`), by method. */
function nestedRouteOf(verb: string, match: RegExpExecArray, search: string): ShopifyRoute {
  const id = Number(match[2]);
  const childId = match[4] === undefined ? undefined : Number(match[4]);
  if (match[3] === 'fulfillments') {
    if (match[1] !== 'orders' || childId !== undefined) return { kind: 'unknown' };
    if (verb === 'GET') return { kind: 'listFulfillments', orderId: id };
    return verb === 'POST' ? { kind: 'createFulfillment', orderId: id } : { kind: 'unknown' };
  }
  const owner: MetafieldOwner = { type: match[1] === 'customers' ? 'Customer' : 'Order', id };
  if (childId !== undefined) {
    return verb === 'PUT' ? { kind: 'updateMetafield', owner, metafieldId: childId } : { kind: 'unknown' };
  }
  if (verb === 'GET') return { kind: 'listMetafields', owner, query: new URLSearchParams(search) };
  return verb === 'POST' ? { kind: 'createMetafield', owner } : { kind: 'unknown' };
}
