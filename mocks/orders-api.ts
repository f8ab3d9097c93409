import { headerValue, type HttpRequest } from '../runtime/transport.js';
import { parseOrderInput } from './order-input.js';
import type { OrderStore, OrderView } from './order-store.js';
import { notFoundBody } from './shopify-responses.js';

/** A route's answer before the model adds its common headers: status and a JSON-able body. */
export interface RouteAnswer {
  status: number;
  body: unknown;
}

/** Page size of `GET orders.json` when no `limit` is given, and its maximum (SHOPIFY.md, doc). */
const defaultLimit = 50;
const maxLimit = 250;

/**
 * `POST orders.json`: validates the payload and stores the order → 201 `{"order": {...}}`. Order
 * creation takes no idempotency key (SHOPIFY.md, "Orders", doc): the same payload twice makes two orders.
 * A `Content-Type` that is present and not JSON is a 400 (SHOPIFY.md: wrong content type); a missing one
 * is tolerated, as simulated callers may not set it.
 */
export function createOrder(store: OrderStore, request: HttpRequest, nowMs: number): RouteAnswer {
  const contentType = headerValue(request.headers, 'content-type');
  if (contentType !== undefined && !/json/i.test(contentType)) {
    return { status: 400, body: { errors: `Content-Type must be application/json, got ${contentType}` } };
  }
  const input = parseOrderInput(request.body);
  if (!input.ok) return { status: input.reason.status, body: { errors: input.reason.errors } };
  const index = store.add(input.value, nowMs);
  return { status: 201, body: { order: store.toJson(index) } };
}

/** `GET orders/{id}.json` → 200 `{"order": {...}}`, or 404 when the shop has no such order. */
export function getOrder(store: OrderView, id: number, query: URLSearchParams): RouteAnswer {
  const index = store.indexOfId(id);
  if (index === -1) return { status: 404, body: notFoundBody };
  return { status: 200, body: { order: pickFields(store.toJson(index), query.get('fields')) } };
}

/**
 * `GET orders.json` with the filters a pipeline uses to find its own earlier create: `name` (`#1001`
 * or `1001`; undocumented but working, SHOPIFY.md) and `tag` (one exact tag), both optional and combined
 * with AND; `status` (`open` by default, `any`; every modelled order is open, so `closed` and `cancelled`
 * find nothing); `fields` (top-level keys to keep); `limit` (default 50, maximum 250, doc — a larger value
 * is clamped, a guess). Oldest first.
 *
 * TODO(pagination issue): `Link` headers with `page_info` cursors (SHOPIFY.md, "Orders", doc).
 */
export function listOrders(store: OrderView, query: URLSearchParams): RouteAnswer {
  const limitText = query.get('limit');
  const limit = limitText === null ? defaultLimit : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) {
    return { status: 400, body: { errors: { limit: `must be a whole number from 1 to ${maxLimit}` } } };
  }
  const status = query.get('status') ?? 'open';
  if (status === 'closed' || status === 'cancelled') return { status: 200, body: { orders: [] } };
  const orders = [];
  for (const index of candidates(store, query.get('name'), query.get('tag'))) {
    if (orders.length >= Math.min(limit, maxLimit)) break;
    orders.push(pickFields(store.toJson(index), query.get('fields')));
  }
  return { status: 200, body: { orders } };
}

function* candidates(store: OrderView, name: string | null, tag: string | null): Iterable<number> {
  const byName = name === null ? undefined : store.indexOfName(name);
  if (byName === -1) return;
  if (tag !== null) {
    for (const index of store.indexesByTag(tag)) if (byName === undefined || index === byName) yield index;
  } else if (byName !== undefined) {
    yield byName;
  } else {
    for (let index = 0; index < store.count; index++) yield index;
  }
}

/** Keeps only the comma-separated top-level `fields` of an order, as Shopify's `fields` parameter does. */
function pickFields(order: object | undefined, fields: string | null): unknown {
  if (order === undefined || fields === null || fields.trim() === '') return order;
  const wanted = new Set(fields.split(',').map((field) => field.trim()));
  return Object.fromEntries(Object.entries(order).filter(([key]) => wanted.has(key)));
}
