import type { Clock } from '../runtime/clock.js';
import { startDeadline } from '../runtime/deadline.js';
import type { Interceptor } from '../runtime/transport.js';

/**
 * Gives each request that passes through its own deadline of `timeoutMs` on the clock, starting when the
 * request leaves (inside the throttle, so time spent waiting for a slot does not count). A request that
 * times out yields `{ ok: false, error: { kind: 'timeout' } }` — an ambiguous outcome. The deadline is
 * called off when the request completes, so on the simulator no timer outlives its request (issue 12).
 */
export function timeoutInterceptor(clock: Clock, timeoutMs: number): Interceptor {
  return (next) => async (request, options) => {
    const deadline = startDeadline(clock, timeoutMs);
    const signal = options?.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
    try {
      return await next(request, { ...options, signal });
    } finally {
      deadline.cancel();
    }
  };
}
