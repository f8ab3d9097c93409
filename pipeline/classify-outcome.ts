import type { DispatchResult } from '../runtime/transport.js';

/**
 * What an exchange's outcome means for the caller:
 * - `success` — 2xx;
 * - `retryable` — 429, 408, every 5xx, and the network failures `reset`, `timeout` and `refused`
 *   (../shared/DESIGN.md, "backoff"): the same request may succeed later;
 * - `fatal` — every other status (400/401/402/403/404/409/422/423 …) and `aborted`: retrying the same
 *   request cannot help, so the caller dead-letters it at once with the reason.
 *
 * `maybeApplied` marks the outcomes after which the shop may have applied a write:
 * - a 5xx, a `reset` or a `timeout` — the **ambiguous** failures: the shop may have committed the write
 *   and failed afterwards (the mock's ambiguous-commit fault). A non-idempotent request (an order create:
 *   Shopify takes no idempotency key for it, SHOPIFY.md "GraphQL Admin API") must not be retried blindly
 *   after one — the order must be looked up first;
 * - a 408: Shopify never sends it (SHOPIFY.md, "Errors"), so a 408 comes from a proxy on the way whose
 *   timing is unknown. RFC 9110 §15.5.9 says the server did not get the whole request, but a proxy that
 *   forwarded it and then timed out may say 408 too; the cautious reading costs one lookup, the other a
 *   possible duplicate order;
 * - `aborted` — the caller's own signal ended the wait; the request may already have reached the shop.
 *   It is fatal (the caller chose to stop) but still possibly applied;
 * - a 2xx, naturally.
 *
 * Never applied: a 429 (Shopify's throttle is pass-or-fail at arrival, before the request runs — SHOPIFY.md,
 * "REST Admin API"), any other 4xx (refused before it ran; a 409 from the customer update's fencing check
 * says "the write was not applied"), and `refused` (the connection was never made).
 *
 * A 409 is fatal for **that attempt**: on a fenced write it means the caller's lock was lost to a newer
 * holder (Kleppmann, "How to do distributed locking"), so repeating the same request with the same stale
 * token would be refused again. The caller should not retry it blindly; the right reaction — re-acquire the
 * lock, re-read, recompute, write with the new token — belongs to the workflow, not to the client.
 */
export interface OutcomeVerdict {
  kind: 'success' | 'retryable' | 'fatal';
  maybeApplied: boolean;
  /** A short reason for logs and the dead-letter queue, e.g. "HTTP 429" or "network timeout". */
  reason: string;
}

/** Classifies one exchange's outcome (see {@link OutcomeVerdict} for the rules and their sources). */
export function classifyOutcome(result: DispatchResult): Readonly<OutcomeVerdict> {
  if (!result.ok) {
    const { kind } = result.error;
    let verdict = networkVerdicts.get(kind);
    if (verdict === undefined) networkVerdicts.set(kind, (verdict = Object.freeze(networkVerdict(kind))));
    return verdict;
  }
  const { status } = result.response;
  if (!(Number.isInteger(status) && status >= 0 && status < statusVerdicts.length))
    return httpVerdict(status);
  return (statusVerdicts[status] ??= Object.freeze(httpVerdict(status)));
}

/**
 * The verdicts made so far, one frozen object per status and per network failure kind: a run classifies
 * every answer two or three times (retry stage, workflow), and each verdict built its reason text afresh.
 */
const statusVerdicts: (Readonly<OutcomeVerdict> | undefined)[] = new Array<undefined>(1000).fill(undefined);
const networkVerdicts = new Map<string, Readonly<OutcomeVerdict>>();

function networkVerdict(kind: string): OutcomeVerdict {
  return {
    kind: kind === 'aborted' ? 'fatal' : 'retryable',
    maybeApplied: kind !== 'refused',
    reason: `network ${kind}`,
  };
}

function httpVerdict(status: number): OutcomeVerdict {
  const reason = `HTTP ${status}`;
  if (status >= 200 && status < 300) return { kind: 'success', maybeApplied: true, reason };
  if (status === 429) return { kind: 'retryable', maybeApplied: false, reason };
  if (status === 408 || (status >= 500 && status < 600))
    return { kind: 'retryable', maybeApplied: true, reason };
  return { kind: 'fatal', maybeApplied: false, reason };
}

/** Methods whose repetition cannot create anything twice. */
export function isIdempotentMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE';
}
