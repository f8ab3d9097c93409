import type { Clock } from '../runtime/clock.js';
import type { Random } from '../runtime/random.js';
import type { Interceptor } from '../runtime/transport.js';
import { defaultBackoffOptions, nextBackoff, retryAfterMs, type BackoffOptions } from './backoff.js';
import { classifyOutcome, isIdempotentMethod } from './classify-outcome.js';

/** Options for {@link retryInterceptor}. */
export interface RetryOptions extends BackoffOptions {
  /** Attempts per dispatch, the first included. Defaults to 8. */
  maxAttempts: number;
}

/** Defaults for {@link RetryOptions}. */
export const defaultRetryOptions: RetryOptions = { ...defaultBackoffOptions, maxAttempts: 8 };

/**
 * Retries what is retryable (see `classifyOutcome`) with full-jitter backoff and `Retry-After` as a
 * floor, never as a replacement (../shared/DESIGN.md). It retries an ambiguous failure only for an
 * idempotent method: after a timeout or 5xx on a POST it returns the failure to the caller, whose job is
 * to find out whether the write happened (the order workflow looks the order up) before trying again.
 * Fatal answers come back at once. After `maxAttempts` (counting those already in the caller's
 * `stats`), the last outcome comes back as it is.
 *
 * @example
 * const client = compose(retryInterceptor(clock, random.fork('worker-1')), throttle.interceptor())(transport);
 */
export function retryInterceptor(
  clock: Clock,
  random: Random,
  options: Partial<RetryOptions> = {},
): Interceptor {
  const settings = { ...defaultRetryOptions, ...options };
  return (next) => async (request, dispatchOptions) => {
    let backoff = { retries: 0 };
    for (let attempt = 1; ; attempt++) {
      if (dispatchOptions?.stats) dispatchOptions.stats.attempts++;
      const result = await next(request, dispatchOptions);
      const verdict = classifyOutcome(result);
      // A caller's `stats` spans its whole logical operation, so attempts it already made count too.
      const spent = Math.max(attempt, dispatchOptions?.stats?.attempts ?? 0);
      if (verdict.kind !== 'retryable' || spent >= settings.maxAttempts) return result;
      if (verdict.maybeApplied && !isIdempotentMethod(request.method)) return result;
      if (dispatchOptions?.signal?.aborted) return result;
      const [jitterMs, nextState] = nextBackoff(backoff, random, settings);
      backoff = nextState;
      const floorMs = result.ok ? (retryAfterMs(result.response) ?? 0) : 0;
      await clock.sleep(Math.max(jitterMs, floorMs), dispatchOptions?.signal);
    }
  };
}
