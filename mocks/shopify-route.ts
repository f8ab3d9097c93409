import { fail, ok, type Result } from '../runtime/result.js';
import type { MetafieldOwner } from './metafields-api.js';
import { routeOfPath } from './shopify-route-path.js';
import { splitUrl, type UrlParts } from './split-url.js';

/** What a request asks for, once its URL and method are matched. */
export type ShopifyRoute =
  | { kind: 'createOrder' }
  /** A GET's `query` may be shared with other requests of the same query: read it, never change it. */
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
  const fast = lastPrefix === undefined ? undefined : matchByPrefix(method, url, lastPrefix);
  if (fast !== undefined) return ok(fast);
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
  const text = `${origin}/admin/api/${version}/`;
  if (url.startsWith(text)) lastPrefix = { text, shopDomain, version, origin };
  return ok({
    shopDomain,
    version,
    origin,
    path: path + search,
    route: routeOfPath(method, rest, 0, rest.length, search),
  });
}

/** An Admin API URL's text up to the route (`https://shop/admin/api/2026-01/`), as the parser reads it. */
interface AdminPrefix {
  text: string;
  shopDomain: string;
  version: string;
  origin: string;
}

/**
 * The prefix of the last URL taken apart whose text was already as the parser writes it. A client sends
 * every request to one shop and version, and the routes with an id in the path (a customer's metafields)
 * are too many for {@link recentUrls}: a URL that starts with it is matched by its route alone.
 */
let lastPrefix: AdminPrefix | undefined;

/**
 * A query of the characters the URL parser leaves as they are (split-url.ts, `plainUrl`): no fragment,
 * nothing it would percent-encode.
 */
const plainQuery = /^\?[A-Za-z0-9\-._~!$&()*+,;=:@%/?[\]{}|^]*$/;

/**
 * The target of `url` when it is `prefix` followed by a known route's path and a plain query: the same as
 * taking the URL apart gives, as a known route's path has only letters, digits, `/` and `.` (no dot
 * segment, nothing encoded). Undefined for anything else, which the caller takes apart in full.
 */
function matchByPrefix(method: string, url: string, prefix: AdminPrefix): ShopifyTarget | undefined {
  const { text, origin } = prefix;
  if (!url.startsWith(text)) return undefined;
  const at = url.indexOf('?', text.length);
  let search = '';
  if (at !== -1 && at !== url.length - 1) {
    // Most queries repeat the last one (every loyalty read sends the same): compared in place, not cut out.
    if (url.length - at === lastPlainSearch.length && url.startsWith(lastPlainSearch, at)) {
      search = lastPlainSearch;
    } else {
      search = url.slice(at);
      if (!plainQuery.test(search)) return undefined;
      lastPlainSearch = search;
    }
  }
  const route = routeOfPath(method, url, text.length, at === -1 ? url.length : at, search);
  if (route.kind === 'unknown') return undefined;
  // The path and its query are the rest of the URL, but for a bare `?` at its end.
  const path = at === -1 || search !== '' ? url.slice(origin.length) : url.slice(origin.length, at);
  return { shopDomain: prefix.shopDomain, version: prefix.version, origin, path, route };
}

/** The last query {@link matchByPrefix} found plain: a query equal to it needs no test nor a copy. */
let lastPlainSearch = '';

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
