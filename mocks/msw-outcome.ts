import { HttpResponse as MswResponse } from 'msw';
import type { Clock } from '../runtime/clock.js';
import type { ShopifyOutcome } from './shopify-service.js';

/** Statuses whose Fetch `Response` must have no body (the constructor throws otherwise). */
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

/**
 * Carries out what the Shopify service decided, the way the node:http face does (mocks/http-dispatch.ts)
 * but in Fetch terms:
 * - `response`: waits `delayMs` on `clock` when > 0, then answers with the model's status, headers and body;
 * - `reset`: waits `delayMs`, then a network error (`HttpResponse.error()`: the client's `fetch` rejects
 *   with a `TypeError`, as on a dropped connection);
 * - `hang`: no answer until `signal` (the request's own) aborts — the client's timeout ends the wait, as
 *   on a server that never answers — then a network error. No timer is set: a request that is never
 *   aborted stays pending, as it would against a real hung server.
 * A client that aborts during a delay gets a network error at once (its `fetch` has already rejected).
 */
export async function carryOutOutcome(
  outcome: ShopifyOutcome,
  clock: Clock,
  signal: AbortSignal,
): Promise<Response> {
  if (outcome.kind === 'hang') {
    await untilAborted(signal);
    return MswResponse.error();
  }
  if (outcome.delayMs > 0) await clock.sleep(outcome.delayMs, signal);
  if (outcome.kind === 'reset' || signal.aborted) return MswResponse.error();
  const { status, headers, body } = outcome.response;
  return new MswResponse(nullBodyStatuses.has(status) ? null : body, { status, headers });
}

/** Resolves when `signal` aborts (at once when it already has); never otherwise. */
function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
