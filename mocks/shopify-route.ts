import { fail, ok, type Result } from '../runtime/result.js';

/** What a request asks for, once its URL and method are matched. */
export type ShopifyRoute =
  | { kind: 'createOrder' }
  | { kind: 'listOrders'; query: URLSearchParams }
  | { kind: 'getOrder'; id: number; query: URLSearchParams }
  /** A well-formed Admin API URL that the model does not serve (or not with this method). */
  | { kind: 'unknown' };

/** A request's shop, API version and route. */
export interface ShopifyTarget {
  /** The URL's host name, lower-case, without the port: the shop, e.g. `launch.myshopify.com`. */
  shopDomain: string;
  /** The version segment as asked, e.g. `2024-10` or `unstable`. */
  version: string;
  route: ShopifyRoute;
}

/** `YYYY-MM` or `unstable` (SHOPIFY.md, "API versions", doc: shopify.dev/docs/api/usage/versioning). */
const versionPattern = /^(?:\d{4}-(?:0[1-9]|1[0-2])|unstable)$/;
const adminPathPattern = /^\/admin\/api\/([^/]+)\/(.+)$/;
const orderPathPattern = /^orders\/(\d{1,16})\.json$/;

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
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail('not-admin-api');
  }
  const path = adminPathPattern.exec(parsed.pathname);
  const version = path?.[1];
  const rest = path?.[2];
  if (version === undefined || rest === undefined || !isApiVersion(version)) return fail('not-admin-api');
  return ok({ shopDomain: parsed.hostname.toLowerCase(), version, route: routeOf(method, rest, parsed) });
}

function routeOf(method: string, rest: string, url: URL): ShopifyRoute {
  const verb = method.toUpperCase();
  if (rest === 'orders.json') {
    if (verb === 'POST') return { kind: 'createOrder' };
    if (verb === 'GET') return { kind: 'listOrders', query: url.searchParams };
    return { kind: 'unknown' };
  }
  const order = orderPathPattern.exec(rest);
  if (order?.[1] !== undefined && verb === 'GET') {
    return { kind: 'getOrder', id: Number(order[1]), query: url.searchParams };
  }
  // TODO(graphql issue): POST graphql.json with the calculated-cost bucket (SHOPIFY.md, "GraphQL").
  return { kind: 'unknown' };
}
