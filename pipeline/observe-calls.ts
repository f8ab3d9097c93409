import type { Clock } from '../runtime/clock.js';
import type { Interceptor } from '../runtime/transport.js';

/** One request as it was sent and answered. */
export interface CallRecord {
  method: string;
  /** When the request left, in ms on the clock. */
  sentAtMs: number;
  /** From leaving to its answer (or failure), in ms. */
  latencyMs: number;
  /** The HTTP status, or the network failure's kind. */
  status: number | 'reset' | 'timeout' | 'refused' | 'aborted';
}

/**
 * Reports every request that passes through to `onCall` (metrics, the run's history). A `then` on the
 * answer rather than an async function: one promise and one closure per request, not an async frame and
 * its await (issue 12: each async layer of the client is a few hundred bytes per request).
 */
export function observeCalls(clock: Clock, onCall: (call: CallRecord) => void): Interceptor {
  return (next) => (request, options) => {
    const sentAtMs = clock.nowMs();
    return next(request, options).then((result) => {
      onCall({
        method: request.method,
        sentAtMs,
        latencyMs: clock.nowMs() - sentAtMs,
        status: result.ok ? result.response.status : result.error.kind,
      });
      return result;
    });
  };
}
