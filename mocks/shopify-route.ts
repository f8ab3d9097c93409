import { fail, ok, type Result } from '../runtime/result.js';
import { splitUrl } from './split-url.js';

/** What a request asks for, once its URL and method are matched. */
export type ShopifyRoute =
  | { kind: 'createOrder' }
  | { kind: 'listOrders'; query: URLSearchParams }
  | { kind: 'getOrder'; id: number; query: URLSearchParams }
  | { kind: 'getCustomer'; id: number }
  | { kind: 'updateCustomer'; id: number }
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

/** True when `version` is a well-formed API version segment. */
export function isApiVersion(version: string): boolean {
  return versionPattern.test(version);
}

/**
 * Matches a request to a route. Fails — the caller answers 404 without touching auth or the bucket —
 * when the URL is not an Admin API URL or its version segment is malformed (SHOPIFY.md, doc: a wrong API
 * version is a 404). A known path with an unsupported method is `unknown`, which the model also answers
 * with 404: Shopify routes are per method, and an unmatched one is not found.
 */
export function matchShopifyRoute(method: string, url: string): Result<ShopifyTarget, 'not-admin-api'> {
  const parts = splitUrl(url);
  if (parts === undefined) return fail('not-admin-api');
  const path = adminPathPattern.exec(parts.pathname);
  const version = path?.[1];
  const rest = path?.[2];
  if (version === undefined || rest === undefined || !isApiVersion(version)) return fail('not-admin-api');
  return ok({
    shopDomain: parts.hostname.toLowerCase(),
    version,
    origin: parts.origin,
    path: parts.pathname + parts.search,
    route: routeOf(method, rest, parts.search),
  });
}

function routeOf(method: string, rest: string, search: string): ShopifyRoute {
  const verb = method.toUpperCase();
  if (rest === 'orders.json') {
    if (verb === 'POST') return { kind: 'createOrder' };
    if (verb === 'GET') return { kind: 'listOrders', query: new URLSearchParams(search) };
    return { kind: 'unknown' };
  }
  const order = orderPathPattern.exec(rest);
  if (order?.[1] !== undefined && verb === 'GET') {
    return { kind: 'getOrder', id: Number(order[1]), query: new URLSearchParams(search) };
  }
  const customer = customerPathPattern.exec(rest);
  if (customer?.[1] !== undefined) {
    if (verb === 'GET') return { kind: 'getCustomer', id: Number(customer[1]) };
    if (verb === 'PUT') return { kind: 'updateCustomer', id: Number(customer[1]) };
  }
  if (rest === 'graphql.json' && verb === 'POST') return { kind: 'graphql' };
  return { kind: 'unknown' };
}
