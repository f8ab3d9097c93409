import { headerValue, type HttpRequest } from '../runtime/transport.js';
import type { CustomerStore } from './customer-store.js';
import { parseCustomerPatch } from './customer-input.js';
import { customerJson } from './customer-json.js';
import { contentTypeProblem } from './request-body.js';
import type { RouteAnswer } from './route-answer.js';
import { notFoundBody } from './shopify-responses.js';

/**
 * The request header that carries a fencing token (issue 4's fenced mutex, after Kleppmann, "How to do
 * distributed locking"; ../shared/DESIGN.md "Numbers"). Not a Shopify header: the mock's own extension.
 */
export const fencingTokenHeader = 'x-funnelstorm-fencing-token';

/** How {@link updateCustomer} treats writes. */
export interface CustomerWriteOptions {
  /** When true, a write carrying a fencing token older than one the customer has seen is refused with 409. */
  fencing: boolean;
  /** The shop's currency in the answer, e.g. `USD`. */
  currency: string;
}

/**
 * `GET customers/{id}.json` → 200 `{"customer": {...}}`, or 404 when the shop has no such customer. With
 * fencing on, a read carrying `x-funnelstorm-fencing-token` raises the highest token the customer has seen
 * (and is never refused): a lock holder's fenced read shuts out the writes of every older holder from
 * then on. Fencing only writes leaves a gap — an older holder's write held on the network can land
 * between the new holder's read and its write, and the new holder then writes totals computed without it
 * (Kleppmann, "How to do distributed locking": the storage checks the token on every access).
 */
export function getCustomer(
  customers: CustomerStore,
  id: number,
  currency: string,
  fenced?: { request: HttpRequest },
): RouteAnswer {
  const record = customers.get(id);
  if (record === undefined) return { status: 404, body: notFoundBody };
  if (fenced !== undefined) {
    const token = fencingTokenOf(fenced.request);
    if (!token.ok) return { status: 400, body: { errors: token.errors } };
    if (token.value !== undefined) customers.noteFencingToken(id, token.value);
  }
  return { status: 200, body: { customer: customerJson(customers.get(id) ?? record, currency) } };
}

/** The request's fencing token: absent, a non-negative integer, or a 400's message. */
export function fencingTokenOf(
  request: HttpRequest,
): { ok: true; value: number | undefined } | { ok: false; errors: string } {
  const text = headerValue(request.headers, fencingTokenHeader);
  if (text === undefined) return { ok: true, value: undefined };
  if (/^\d{1,15}$/.test(text.trim())) return { ok: true, value: Number(text.trim()) };
  return {
    ok: false,
    errors: `${fencingTokenHeader} must be a non-negative integer, got ${JSON.stringify(text.slice(0, 40))}`,
  };
}

/**
 * `PUT customers/{id}.json` with `{"customer": {...}}` → 200 with the updated customer. 404 for an
 * unknown customer, 400 for a wrong content type or malformed JSON, 422 for invalid values
 * (customer-input.ts). With fencing on, a write whose `x-funnelstorm-fencing-token` is below the highest
 * the customer has seen gets 409 and changes nothing; an equal token is the same holder writing again and
 * is accepted; a write without the header is accepted (only fenced writers are checked).
 */
export function updateCustomer(
  customers: CustomerStore,
  id: number,
  request: HttpRequest,
  nowMs: number,
  options: CustomerWriteOptions,
): RouteAnswer {
  const current = customers.get(id);
  if (current === undefined) return { status: 404, body: notFoundBody };
  const wrongType = contentTypeProblem(request);
  if (wrongType !== undefined) return { status: 400, body: { errors: wrongType } };
  const patch = parseCustomerPatch(request.body);
  if (!patch.ok) return { status: patch.reason.status, body: { errors: patch.reason.errors } };
  let token: number | undefined;
  if (options.fencing) {
    const read = fencingTokenOf(request);
    if (!read.ok) return { status: 400, body: { errors: read.errors } };
    token = read.value;
    if (token !== undefined) {
      if (token < current.highestFencingToken) {
        const errors = `stale fencing token ${token}: customer ${id} has already seen token ${current.highestFencingToken}; the write was not applied`;
        return { status: 409, body: { errors } };
      }
    }
  }
  const updated = customers.update(id, patch.value, nowMs, token);
  if (updated === undefined) return { status: 404, body: notFoundBody };
  return { status: 200, body: { customer: customerJson(updated, options.currency) } };
}
