import type { HttpResponse } from '../runtime/transport.js';

/**
 * What the client got for one request, after any fault (the shape of `ShopifyOutcome`, kept here so the
 * model needs nothing from the service that wraps it):
 * - `response`: an answer, sent `delayMs` after the request arrived;
 * - `reset`: the connection dropped after `delayMs`, no answer;
 * - `hang`: no answer at all; the client's own timeout ends its wait (the mock cannot see when).
 */
export type AnswerSeen =
  | { kind: 'response'; response: HttpResponse; delayMs: number }
  | { kind: 'reset'; delayMs: number }
  | { kind: 'hang' };

/**
 * The `Retry-After` of an answer, in ms: the header's decimal seconds (`2.0` as Shopify sends it, doc:
 * shopify.dev/docs/api/admin-rest/usage/rate-limits); undefined without one or for a value that is not
 * a non-negative number (an HTTP-date is not what Shopify sends). The mock's answers name their headers
 * in lower case, so only that name is read (this runs on every answer).
 */
export function retryAfterMsOf(response: HttpResponse): number | undefined {
  const value = response.headers['retry-after'];
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value) * 1000;
}

/**
 * A short name for what the client saw, as the request log and the duplicate causes write it: the
 * status (`503`), `reset` or `timeout`.
 */
export function describeSeen(seen: AnswerSeen): string {
  if (seen.kind === 'response') return String(seen.response.status);
  return seen.kind === 'reset' ? 'reset' : 'timeout';
}
