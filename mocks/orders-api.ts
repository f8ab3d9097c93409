import type { HttpRequest } from '../runtime/transport.js';
import type { OrderCreateCap } from './order-create-cap.js';
import { parseOrderInput } from './order-input.js';
import type { OrderStore, OrderView } from './order-store.js';
import { pickFields } from './pick-fields.js';
import { contentTypeProblem } from './request-body.js';
import type { RouteAnswer } from './route-answer.js';
import { notFoundBody, orderRateLimitBody } from './shopify-responses.js';

// The list route lives in its own module; kept importable from here, where callers have found it.
export { listOrders } from './list-orders.js';

/**
 * `POST orders.json`: validates the payload and stores the order → 201 `{"order": {...}}`. Order
 * creation takes no idempotency key (SHOPIFY.md, "Orders", doc): the same payload twice makes two orders.
 * A `Content-Type` that is present and not JSON is a 400 (SHOPIFY.md: wrong content type); a missing one
 * is tolerated, as simulated callers may not set it.
 *
 * @param cap - A development store's order-creation cap, checked before the payload: over it → 429 with
 *   the documented body and no `Retry-After` (SHOPIFY.md, "Resource throttles", seen). Only created orders
 *   count against it.
 */
export function createOrder(
  store: OrderStore,
  request: HttpRequest,
  nowMs: number,
  cap?: OrderCreateCap,
): RouteAnswer {
  if (cap !== undefined && !cap.allows(nowMs)) return { status: 429, body: orderRateLimitBody };
  const wrongType = contentTypeProblem(request);
  if (wrongType !== undefined) return { status: 400, body: { errors: wrongType } };
  const input = parseOrderInput(request.body, request.bodyValue);
  if (!input.ok) return { status: input.reason.status, body: { errors: input.reason.errors } };
  const index = store.add(input.value, nowMs);
  cap?.record(nowMs);
  // The order as a value: the simulator's pipeline reads it without parsing (its text, written only when
  // read, is the bytes of `orderEnvelope(store.toJsonText(index))`; issue 12).
  return { status: 201, body: { order: store.toJson(index) }, touched: index, plainBody: true };
}

/** `GET orders/{id}.json` → 200 `{"order": {...}}`, or 404 when the shop has no such order. */
export function getOrder(store: OrderView, id: number, query: URLSearchParams): RouteAnswer {
  const index = store.indexOfId(id);
  if (index === -1) return { status: 404, body: notFoundBody };
  const fields = query.get('fields');
  if (fields === null || fields.trim() === '') {
    return { status: 200, body: orderEnvelope(store.toJsonText(index) as string), touched: index };
  }
  return { status: 200, body: { order: pickFields(store.toJson(index), fields) }, touched: index };
}

/** `{"order": …}` around an order's JSON text. */
function orderEnvelope(orderText: string): string {
  return `{"order":${orderText}}`;
}
