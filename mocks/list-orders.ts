import type { OrderView } from './order-store.js';
import { decodePageCursor, encodePageCursor, type OrderFilters, type PageCursor } from './page-cursor.js';
import type { RouteAnswer } from './route-answer.js';
import { pickFields } from './pick-fields.js';

/** Page size of `GET orders.json` when no `limit` is given, and its maximum (SHOPIFY.md, "Orders", doc). */
const defaultLimit = 50;
const maxLimit = 250;

/**
 * The most characters of order JSON one page carries. A page stops early at the order that would pass it
 * (always holding at least one), and its `Link` `next` cursor continues from there, so a client that
 * follows the links still sees every order. Shopify publishes no such budget — real orders are small — but
 * the mock's orders are whatever clients sent: 250 orders of 43,000 line items made one page a 3.6 GB
 * string (issue 16). 512 KiB is well above a real page of 250 orders (about 200 KB) and is written in about
 * 3 ms here.
 */
export const maxPageChars = 512 * 1024;

/**
 * With `page_info`, Shopify accepts only `limit` and `fields` besides it (doc: "A request that includes the
 * page_info parameter can't include any other parameters except for limit and fields",
 * shopify.dev/docs/api/usage/pagination-rest).
 */
const allowedWithCursor = new Set(['page_info', 'limit', 'fields']);

/** The 400 for a bad or tampered `page_info` (seen: Shopify/shopify_python_api issue 544, cloudquery 9373). */
const invalidCursor: RouteAnswer = { status: 400, body: { errors: { page_info: 'Invalid value.' } } };

/** The orders a list matches, oldest first: every position below `count`, or a sorted list of positions. */
type Matches = { all: number } | { positions: readonly number[] };

/**
 * `GET orders.json`, cursor-paginated. Filters: `name` (`#1001` or `1001`; undocumented but working,
 * SHOPIFY.md) and `tag` (one exact tag), combined with AND; `status` (`open` by default, `any`; every
 * modelled order is open, so `closed` and `cancelled` find nothing); `fields` (top-level keys to keep);
 * `limit` (default 50, maximum 250, doc — a larger value is **clamped** to 250, not refused: Shopify's
 * behaviour is not published, and reports show 250 orders coming back, never an error; a guess).
 * Oldest first. A page also stops at {@link maxPageChars} characters of JSON, its `next` link continuing from there.
 *
 * Pagination follows shopify.dev/docs/api/admin-rest/usage/pagination: a `Link` header with
 * `<…?limit=…&page_info=…>; rel="previous"` and/or `rel="next"`, none when one page holds everything.
 * The cursor carries the first request's filters; a page_info request with any other parameter than
 * `limit` and `fields` is a 400 naming it, and a page_info that does not decode is a 400 — never a crash.
 * Cursors point at order positions, so orders created between two pages do not shift them.
 *
 * @param listUrl - The URL of this shop's and version's `orders.json`, for the `Link` header: absolute, as
 *   Shopify sends it. Defaults to the relative `orders.json` (RFC 8288 allows it), for callers without one.
 */
export function listOrders(store: OrderView, query: URLSearchParams, listUrl = 'orders.json'): RouteAnswer {
  const limitText = query.get('limit');
  const limit = limitText === null ? defaultLimit : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) {
    return { status: 400, body: { errors: { limit: `must be a whole number from 1 to ${maxLimit}` } } };
  }
  const pageSize = Math.min(limit, maxLimit);
  const pageInfo = query.get('page_info');
  let cursor: PageCursor | undefined;
  let filters: OrderFilters;
  if (pageInfo !== null) {
    for (const key of query.keys()) {
      if (!allowedWithCursor.has(key)) {
        const message = `${key} cannot be passed when page_info is present. See https://shopify.dev/api/usage/pagination-rest for more information.`;
        return { status: 400, body: { errors: { [key]: message } } };
      }
    }
    const decoded = decodePageCursor(pageInfo);
    if (!decoded.ok) return invalidCursor;
    cursor = decoded.value;
    filters = cursor.filters;
  } else {
    filters = { status: query.get('status') ?? 'open' };
    const name = query.get('name');
    const tag = query.get('tag');
    if (name !== null) filters.name = name;
    if (tag !== null) filters.tag = tag;
  }

  const matches = matchesOf(store, filters);
  const length = 'all' in matches ? matches.all : matches.positions.length;
  const at = (i: number): number => ('all' in matches ? i : (matches.positions[i] ?? -1));
  let start = 0;
  let end = Math.min(pageSize, length);
  if (cursor?.direction === 'next') {
    start = firstAbove(length, at, cursor.position);
    end = Math.min(start + pageSize, length);
  } else if (cursor?.direction === 'previous') {
    end = firstAbove(length, at, cursor.position - 1);
    start = Math.max(0, end - pageSize);
  }

  const fields = query.get('fields');
  // The body is written as text, order by order (byte for byte what stringifying the objects gives), so
  // its size is known as it grows.
  const orders: string[] = [];
  const touched: number[] = [];
  let chars = 0;
  for (let i = start; i < end; i++) {
    const position = at(i);
    const text =
      (fields === null
        ? store.toJsonText(position)
        : JSON.stringify(pickFields(store.toJson(position), fields))) ?? 'null';
    if (orders.length > 0 && chars + text.length > maxPageChars) {
      end = i;
      break;
    }
    chars += text.length + 1;
    touched.push(position);
    orders.push(text);
  }
  const links: string[] = [];
  const linkTo = (direction: PageCursor['direction'], position: number): string => {
    const params = new URLSearchParams({ limit: String(pageSize) });
    if (fields !== null) params.set('fields', fields);
    params.set('page_info', encodePageCursor({ direction, position, filters }));
    return `<${listUrl}?${params.toString()}>; rel="${direction}"`;
  };
  // Shopify gives no previous link on the first page (doc); a page reached by a cursor has one when
  // matches lie before it. An empty page (a cursor past the end) links nowhere.
  if (cursor !== undefined && start > 0 && start < end) links.push(linkTo('previous', at(start)));
  if (end < length && start < end) links.push(linkTo('next', at(end - 1)));
  return {
    status: 200,
    body: `{"orders":[${orders.join(',')}]}`,
    touched,
    ...(links.length > 0 ? { headers: { link: links.join(', ') } } : {}),
  };
}

function matchesOf(store: OrderView, filters: OrderFilters): Matches {
  if (filters.status === 'closed' || filters.status === 'cancelled') return { positions: [] };
  const byName = filters.name === undefined ? undefined : store.indexOfName(filters.name);
  if (byName === -1) return { positions: [] };
  if (filters.tag !== undefined) {
    const tagged = store.indexesByTag(filters.tag);
    if (byName === undefined) return { positions: tagged };
    return { positions: tagged.includes(byName) ? [byName] : [] };
  }
  return byName === undefined ? { all: store.count } : { positions: [byName] };
}

/** The first index `i` in `0 … length` with `at(i) > position` (binary search: `at` is increasing). */
function firstAbove(length: number, at: (i: number) => number, position: number): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (at(middle) > position) high = middle;
    else low = middle + 1;
  }
  return low;
}
