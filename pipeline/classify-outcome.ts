import type { DispatchResult } from '../runtime/transport.js';

/**
 * What an exchange's outcome means for the caller:
 * - `success` — 2xx;
 * - `retryable` — 429, 408, 5xx and network failures (../shared/DESIGN.md, "backoff");
 * - `fatal` — every other status (400/401/402/403/404/422/423 …): retrying cannot help.
 *
 * `maybeApplied` marks the **ambiguous** failures: a timeout, a reset, a 5xx or a 408 may come after the
 * shop applied the write. A non-idempotent request (an order create: Shopify takes no idempotency key for
 * it, SHOPIFY.md) must not be retried blindly after one — the order must be looked up first.
 */
export interface OutcomeVerdict {
  kind: 'success' | 'retryable' | 'fatal';
  maybeApplied: boolean;
  /** A short reason for logs and the dead-letter queue, e.g. "HTTP 429" or "network timeout". */
  reason: string;
}

/** Classifies one exchange's outcome. */
export function classifyOutcome(result: DispatchResult): OutcomeVerdict {
  if (!result.ok) {
    const { kind } = result.error;
    return {
      kind: kind === 'aborted' ? 'fatal' : 'retryable',
      maybeApplied: kind === 'timeout' || kind === 'reset',
      reason: `network ${kind}`,
    };
  }
  const { status } = result.response;
  const reason = `HTTP ${status}`;
  if (status >= 200 && status < 300) return { kind: 'success', maybeApplied: true, reason };
  if (status === 429) return { kind: 'retryable', maybeApplied: false, reason };
  if (status === 408 || status >= 500) return { kind: 'retryable', maybeApplied: true, reason };
  return { kind: 'fatal', maybeApplied: false, reason };
}

/** Methods whose repetition cannot create anything twice. */
export function isIdempotentMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE';
}
