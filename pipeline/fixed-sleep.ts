import type { Clock } from '../runtime/clock.js';
import type { Interceptor } from '../runtime/transport.js';

/**
 * The folklore instead of a throttle, for the `fixed-sleep` baseline: after every call, the caller sleeps
 * `sleepMs` (600 ms is the usual advice for a 2 calls/s bucket). It keeps **one** client under the leak
 * rate; N workers doing it send N times that, and the shop answers the excess with 429s (SHOPIFY.md,
 * "REST Admin API — leaky bucket": admission is pass-or-fail, no server-side queue). Never use it in
 * production; the shared throttle (shared-throttle.ts) is what paces every worker of every process together.
 */
export function fixedSleepInterceptor(clock: Clock, sleepMs: number): Interceptor {
  return (next) => async (request, options) => {
    const result = await next(request, options);
    await clock.sleep(sleepMs);
    return result;
  };
}
