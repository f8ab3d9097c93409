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

/** Reports every request that passes through to `onCall` (metrics, the run's history). */
export function observeCalls(clock: Clock, onCall: (call: CallRecord) => void): Interceptor {
  return (next) => async (request, options) => {
    const sentAtMs = clock.nowMs();
    const result = await next(request, options);
    onCall({
      method: request.method,
      sentAtMs,
      latencyMs: clock.nowMs() - sentAtMs,
      status: result.ok ? result.response.status : result.error.kind,
    });
    return result;
  };
}
