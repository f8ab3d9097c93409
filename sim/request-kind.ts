import type { OperationKind } from './history.js';

/**
 * The customer id the last {@link requestKind} read, still escaped as in the URL (undefined when the
 * request named none): a field the recorder reads back rather than an object per request (issue 12).
 */
export const requestCustomer: { id: string | undefined } = { id: undefined };

const apiPrefix = '/admin/api/';
const slash = 47;
const question = 63;
const hash = 35;

/**
 * The kind of operation a request is, from its method and URL; its customer id (escaped) is left in
 * {@link requestCustomer}. Read by hand, with no regular expression or match array, as it runs on every
 * request (issue 12), and taking exactly the URLs these patterns did, searched anywhere in the URL:
 *
 * - a customer's metafields, `\/admin\/api\/[^/]+\/customers\/([^/?#]+)\/metafields(\/[^/?#]+)?\.json(?:[?#]|$)`
 *   — read with GET, written with POST (the list) or PUT (one metafield);
 * - else `\/admin\/api\/[^/]+\/(orders|customers\/([^/?#]+))\.json(?:[?#]|$)` — orders created with POST and
 *   looked up with GET, a customer read with GET and written with PUT.
 *
 * Every other request is `other`.
 */
export function requestKind(method: string, url: string): OperationKind {
  requestCustomer.id = undefined;
  // Like the patterns, the metafield reading is tried at every `/admin/api/` before the plain one is.
  if (url.includes('/metafields')) {
    for (let at = url.indexOf(apiPrefix); at !== -1; at = url.indexOf(apiPrefix, at + 1)) {
      const kind = metafieldKindAt(method, url, at);
      if (kind !== undefined) return kind;
    }
  }
  for (let at = url.indexOf(apiPrefix); at !== -1; at = url.indexOf(apiPrefix, at + 1)) {
    const kind = pathKindAt(method, url, at);
    if (kind !== undefined) return kind;
  }
  return 'other';
}

/** Where the route after the `/admin/api/{version}/` at `at` starts, or −1 when there is no version. */
function routeStart(url: string, at: number): number {
  const versionStart = at + apiPrefix.length;
  const versionEnd = url.indexOf('/', versionStart);
  return versionEnd <= versionStart ? -1 : versionEnd + 1;
}

/** Where the run of characters other than `/`, `?` and `#` from `start` ends. */
function segmentEnd(url: string, start: number): number {
  let end = start;
  while (end < url.length) {
    const code = url.charCodeAt(end);
    if (code === slash || code === question || code === hash) break;
    end++;
  }
  return end;
}

/** True when the URL ends at `at` or goes on with a query or fragment there. */
function endsAt(url: string, at: number): boolean {
  if (at === url.length) return true;
  const code = url.charCodeAt(at);
  return code === question || code === hash;
}

/**
 * True when the segment from `start` to `end` is one or more characters then `.json`, and the URL ends
 * there or goes on with a query or fragment — what `([^/?#]+)\.json(?:[?#]|$)` takes.
 */
function isJsonSegment(url: string, start: number, end: number): boolean {
  return end - start > 5 && url.startsWith('.json', end - 5) && endsAt(url, end);
}

/** The metafield pattern's kind at the `/admin/api/` at `at`; undefined when it does not match there. */
function metafieldKindAt(method: string, url: string, at: number): OperationKind | undefined {
  const route = routeStart(url, at);
  if (route === -1 || !url.startsWith('customers/', route)) return undefined;
  const idStart = route + 10;
  const idEnd = segmentEnd(url, idStart);
  if (idEnd === idStart || !url.startsWith('/metafields', idEnd)) return undefined;
  const after = idEnd + 11;
  let one: boolean;
  if (url.startsWith('.json', after) && endsAt(url, after + 5)) one = false;
  else if (url.charCodeAt(after) === slash && isJsonSegment(url, after + 1, segmentEnd(url, after + 1))) {
    one = true;
  } else return undefined;
  const write = method === 'GET' ? false : one ? method === 'PUT' : method === 'POST';
  if (method !== 'GET' && !write) return 'other';
  requestCustomer.id = url.slice(idStart, idEnd);
  return write ? 'customer.write' : 'customer.read';
}

/** The plain pattern's kind at the `/admin/api/` at `at`; undefined when it does not match there. */
function pathKindAt(method: string, url: string, at: number): OperationKind | undefined {
  const route = routeStart(url, at);
  if (route === -1) return undefined;
  if (url.startsWith('orders.json', route) && endsAt(url, route + 11)) {
    if (method === 'POST') return 'order.create';
    return method === 'GET' ? 'order.lookup' : 'other';
  }
  if (!url.startsWith('customers/', route)) return undefined;
  const idStart = route + 10;
  const idEnd = segmentEnd(url, idStart);
  if (!isJsonSegment(url, idStart, idEnd)) return undefined;
  if (method !== 'GET' && method !== 'PUT') return 'other';
  requestCustomer.id = url.slice(idStart, idEnd - 5);
  return method === 'GET' ? 'customer.read' : 'customer.write';
}
