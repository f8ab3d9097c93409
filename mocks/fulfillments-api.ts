import type { HttpRequest } from '../runtime/transport.js';
import { readJsonRoot } from './json-root.js';
import type { OrderView } from './order-store.js';
import type { RouteAnswer } from './route-answer.js';
import { notFoundBody } from './shopify-responses.js';

/** The most fulfillments one order may have in the mock: a guard against unbounded state. */
export const maxFulfillmentsPerOrder = 100;

/** One fulfillment as the mock keeps it. */
export interface FulfillmentRecord {
  readonly id: number;
  readonly orderId: number;
  readonly trackingNumber: string | null;
  readonly trackingCompany: string | null;
  readonly createdAtMs: number;
}

/** Read access to a shop's fulfillments, for the audit. */
export interface FulfillmentView {
  readonly count: number;
  of(orderId: number): readonly FulfillmentRecord[];
  forEachOrder(visit: (orderId: number, count: number) => void): void;
}

/** One shop's fulfillments, by order id. */
export class FulfillmentStore implements FulfillmentView {
  private readonly byOrder = new Map<number, FulfillmentRecord[]>();
  private nextId = 8_000_000_000_001;
  private total = 0;

  /** Fulfillments in the shop. */
  get count(): number {
    return this.total;
  }

  /** The fulfillments of an order, oldest first. */
  of(orderId: number): readonly FulfillmentRecord[] {
    return this.byOrder.get(orderId) ?? [];
  }

  /** Calls `visit` with each order id that has fulfillments and their number. */
  forEachOrder(visit: (orderId: number, count: number) => void): void {
    for (const [orderId, list] of this.byOrder) visit(orderId, list.length);
  }

  add(orderId: number, fields: Omit<FulfillmentRecord, 'id' | 'orderId'>): FulfillmentRecord {
    const record: FulfillmentRecord = { id: this.nextId++, orderId, ...fields };
    const list = this.byOrder.get(orderId) ?? [];
    list.push(record);
    this.byOrder.set(orderId, list);
    this.total++;
    return record;
  }
}

function fulfillmentJson(record: FulfillmentRecord, name: string, index: number, timeOriginMs: number) {
  const at = new Date(timeOriginMs + record.createdAtMs).toISOString();
  return {
    id: record.id,
    order_id: record.orderId,
    name: `${name}.${index + 1}`,
    status: 'success',
    tracking_number: record.trackingNumber,
    tracking_company: record.trackingCompany,
    created_at: at,
    updated_at: at,
    admin_graphql_api_id: `gid://shopify/Fulfillment/${record.id}`,
  };
}

/** `GET orders/{id}/fulfillments.json` → 200 `{"fulfillments": [...]}`: the lookup a retry makes first. */
export function listFulfillments(
  orders: OrderView,
  fulfillments: FulfillmentStore,
  orderId: number,
  timeOriginMs: number,
): RouteAnswer {
  const index = orders.indexOfId(orderId);
  if (index === -1) return { status: 404, body: notFoundBody };
  const name = orders.toJson(index)?.name ?? '';
  const list = fulfillments.of(orderId).map((f, i) => fulfillmentJson(f, name, i, timeOriginMs));
  return { status: 200, body: { fulfillments: list }, touched: index };
}

/**
 * `POST orders/{id}/fulfillments.json` with `{"fulfillment": {tracking_number?, tracking_company?, …}}`
 * → 201 `{"fulfillment": {...}}`. The route of the REST Fulfillment resource before 2022-07 (Shopify now
 * fulfils through fulfillment orders, `POST fulfillments.json`); the mock keeps the order-scoped path a
 * workflow names. Like an order create it takes no idempotency key: the same request twice makes two
 * fulfillments, which is what a retry after an ambiguous answer does unless it looks first. The mock does
 * not model line-item quantities, so it does not refuse a second fulfillment of a fulfilled order as
 * Shopify would (422): a duplicate shows as a second record, for the audit to count. 404 for an unknown
 * order, 400 for a bad body, 422 for a bad field or an order past {@link maxFulfillmentsPerOrder}.
 */
export function createFulfillment(
  orders: OrderView,
  fulfillments: FulfillmentStore,
  orderId: number,
  request: HttpRequest,
  nowMs: number,
  timeOriginMs: number,
): RouteAnswer {
  const index = orders.indexOfId(orderId);
  if (index === -1) return { status: 404, body: notFoundBody };
  const body = readJsonRoot(request, 'fulfillment');
  if (!body.ok) return body.reason;
  const fulfillment = body.value;
  const errors: Record<string, string[]> = {};
  const text = (field: string): string | null => {
    const value = fulfillment[field];
    if (value === undefined || value === null) return null;
    if (typeof value === 'string' && value.length <= 255) return value;
    errors[field] = ['must be a string of at most 255 characters'];
    return null;
  };
  const trackingNumber = text('tracking_number');
  const trackingCompany = text('tracking_company');
  if (fulfillments.of(orderId).length >= maxFulfillmentsPerOrder) {
    errors['base'] = [`an order may have at most ${maxFulfillmentsPerOrder} fulfillments in the mock`];
  }
  if (Object.keys(errors).length > 0) return { status: 422, body: { errors } };
  const record = fulfillments.add(orderId, { trackingNumber, trackingCompany, createdAtMs: nowMs });
  const name = orders.toJson(index)?.name ?? '';
  const position = fulfillments.of(orderId).length - 1;
  return {
    status: 201,
    body: { fulfillment: fulfillmentJson(record, name, position, timeOriginMs) },
    touched: index,
  };
}
