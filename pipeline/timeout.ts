import type { Clock } from '../runtime/clock.js';
import type { Interceptor } from '../runtime/transport.js';

/**
 * Gives each request that passes through its own deadline of `timeoutMs` on the clock, starting when the
 * request leaves (inside the throttle, so time spent waiting for a slot does not count). A request that
 * times out yields `{ ok: false, error: { kind: 'timeout' } }` — an ambiguous outcome.
 */
export function timeoutInterceptor(clock: Clock, timeoutMs: number): Interceptor {
  return (next) => (request, options) => {
    const deadline = clock.timeout(timeoutMs);
    const signal = options?.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    return next(request, { ...options, signal });
  };
}
