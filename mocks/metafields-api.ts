import type { HttpRequest } from '../runtime/transport.js';
import type { CustomerStore } from './customer-store.js';
import { fencingTokenOf } from './customers-api.js';
import { metafieldJsonOf, type MetafieldJson } from './metafield-json.js';
import { parseMetafieldBody } from './metafield-input.js';
import type { MetafieldOwnerType, MetafieldRecord, MetafieldStore } from './metafield-store.js';
import type { OrderView } from './order-store.js';
import { contentTypeProblem } from './request-body.js';
import type { RouteAnswer } from './route-answer.js';
import { notFoundBody } from './shopify-responses.js';

/** The resource a metafield route names: `customers/{id}/metafields…` or `orders/{id}/metafields…`. */
export interface MetafieldOwner {
  type: MetafieldOwnerType;
  id: number;
}

/** One shop's stores, as the metafield routes read and write them. */
export interface MetafieldShop {
  metafields: MetafieldStore;
  customers: CustomerStore;
  orders: OrderView;
}

/** How the metafield routes treat writes. */
export interface MetafieldRouteSettings {
  /** When true, a customer metafield write carrying a stale fencing token is refused with 409. */
  fencing: boolean;
  /** The Unix time, in ms, of the model's time 0 (`created_at`, `updated_at`). */
  timeOriginMs: number;
}

/** A metafield in Shopify's REST JSON shape (shopify.dev/docs/api/admin-rest — Metafield resource). */
export function metafieldJson(record: MetafieldRecord, timeOriginMs: number): MetafieldJson {
  return metafieldJsonOf(
    record.id,
    record.namespace,
    record.key,
    record.value,
    record.type,
    record.ownerId,
    record.ownerType,
    timeOriginMs + record.createdAtMs,
    timeOriginMs + record.updatedAtMs,
  );
}

function ownerExists(shop: MetafieldShop, owner: MetafieldOwner): boolean {
  return owner.type === 'Customer' ? shop.customers.has(owner.id) : shop.orders.indexOfId(owner.id) !== -1;
}

/**
 * `GET {customers|orders}/{id}/metafields.json[?namespace=&key=]` → 200 `{"metafields": [...]}`, 404 for
 * an unknown resource. With fencing on, a read of a customer's metafields carrying the fencing header
 * raises the highest token the customer has seen, as a fenced `GET customers/{id}.json` does
 * (customers-api.ts): the read of a read-modify-write shuts out older lock holders' writes.
 */
export function listMetafields(
  shop: MetafieldShop,
  owner: MetafieldOwner,
  request: HttpRequest,
  query: URLSearchParams,
  settings: MetafieldRouteSettings,
): RouteAnswer {
  if (!ownerExists(shop, owner)) return { status: 404, body: notFoundBody };
  if (settings.fencing && owner.type === 'Customer') {
    const token = fencingTokenOf(request);
    if (!token.ok) return { status: 400, body: { errors: token.errors } };
    if (token.value !== undefined) shop.customers.noteFencingToken(owner.id, token.value);
  }
  const filter = { namespace: query.get('namespace') ?? undefined, key: query.get('key') ?? undefined };
  const metafields = shop.metafields.listJson(owner.type, owner.id, filter, settings.timeOriginMs);
  return { status: 200, body: { metafields }, plainBody: true };
}

/**
 * `POST {customers|orders}/{id}/metafields.json` with `{"metafield": {namespace, key, value, type}}` →
 * 201 `{"metafield": {...}}`. An existing `namespace.key` on the resource is a 422 (`must be unique within
 * this namespace on this resource`, seen): update it with `PUT …/metafields/{id}.json`. 400 for a wrong
 * content type or malformed JSON, 422 for bad fields, 404 for an unknown resource, 409 for a stale fencing
 * token on a customer (as `PUT customers/{id}.json`).
 */
export function createMetafield(
  shop: MetafieldShop,
  owner: MetafieldOwner,
  request: HttpRequest,
  nowMs: number,
  settings: MetafieldRouteSettings,
): RouteAnswer {
  if (!ownerExists(shop, owner)) return { status: 404, body: notFoundBody };
  const problem = readProblem(request);
  if (problem !== undefined) return problem;
  const write = parseMetafieldBody(request.body, undefined, request.bodyValue);
  if (!write.ok) return { status: write.reason.status, body: { errors: write.reason.errors } };
  const fenced = checkFencing(shop, owner, request, settings);
  if (!fenced.ok) return fenced.answer;
  const stored = shop.metafields.set(owner.type, owner.id, write.value, nowMs, false);
  if (!stored.ok) return { status: stored.reason.status, body: { errors: stored.reason.errors } };
  noteCustomerWrite(shop, owner, nowMs, fenced.token);
  const metafield = metafieldJson(stored.value.record, settings.timeOriginMs);
  return { status: 201, body: { metafield }, plainBody: true };
}

/**
 * `PUT {customers|orders}/{id}/metafields/{metafield_id}.json` with `{"metafield": {value, type?}}` → 200
 * with the metafield; 404 when the metafield is not the resource's; 422 for a bad value or a changed type;
 * 409 for a stale fencing token on a customer.
 */
export function updateMetafield(
  shop: MetafieldShop,
  owner: MetafieldOwner,
  metafieldId: number,
  request: HttpRequest,
  nowMs: number,
  settings: MetafieldRouteSettings,
): RouteAnswer {
  const current = shop.metafields.get(metafieldId);
  if (current === undefined || current.ownerType !== owner.type || current.ownerId !== owner.id) {
    return { status: 404, body: notFoundBody };
  }
  const problem = readProblem(request);
  if (problem !== undefined) return problem;
  const write = parseMetafieldBody(request.body, current, request.bodyValue);
  if (!write.ok) return { status: write.reason.status, body: { errors: write.reason.errors } };
  const fenced = checkFencing(shop, owner, request, settings);
  if (!fenced.ok) return fenced.answer;
  const refused = shop.metafields.updateValue(metafieldId, write.value.value, write.value.type, nowMs);
  if (refused !== undefined) return { status: refused.status, body: { errors: refused.errors } };
  noteCustomerWrite(shop, owner, nowMs, fenced.token);
  const metafield = shop.metafields.json(metafieldId, settings.timeOriginMs);
  return { status: 200, body: { metafield }, plainBody: true };
}

function readProblem(request: HttpRequest): RouteAnswer | undefined {
  const wrongType = contentTypeProblem(request);
  return wrongType === undefined ? undefined : { status: 400, body: { errors: wrongType } };
}

/** The fencing check of a customer metafield write: the token, or the 400/409 answer. */
function checkFencing(
  shop: MetafieldShop,
  owner: MetafieldOwner,
  request: HttpRequest,
  settings: MetafieldRouteSettings,
): { ok: true; token: number | undefined } | { ok: false; answer: RouteAnswer } {
  if (!settings.fencing || owner.type !== 'Customer') return { ok: true, token: undefined };
  const read = fencingTokenOf(request);
  if (!read.ok) return { ok: false, answer: { status: 400, body: { errors: read.errors } } };
  const seen = shop.customers.highestFencingTokenOf(owner.id);
  if (read.value !== undefined && read.value < seen) {
    const errors = `stale fencing token ${read.value}: customer ${owner.id} has already seen token ${seen}; the write was not applied`;
    return { ok: false, answer: { status: 409, body: { errors } } };
  }
  return { ok: true, token: read.value };
}

/**
 * Counts an applied metafield write on its customer (the record's `updates`, and its fencing token), so
 * the run's history sees the write applied and later stale tokens are refused. The customer's own fields
 * do not change.
 */
function noteCustomerWrite(
  shop: MetafieldShop,
  owner: MetafieldOwner,
  nowMs: number,
  token: number | undefined,
) {
  if (owner.type === 'Customer') shop.customers.noteWrite(owner.id, nowMs, token);
}
