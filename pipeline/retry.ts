import type { Clock } from '../runtime/clock.js';
import type { Random } from '../runtime/random.js';
import type {
  Dispatch,
  DispatchOptions,
  DispatchResult,
  HttpRequest,
  Interceptor,
} from '../runtime/transport.js';
import { backoffDelayMs, defaultBackoffOptions, retryAfterMs, type BackoffOptions } from './backoff.js';
import { classifyOutcome, isIdempotentMethod } from './classify-outcome.js';
import type { RetryBudget } from './retry-budget.js';

/** Options for {@link retryInterceptor}. */
export interface RetryOptions extends BackoffOptions {
  /** Attempts per dispatch, the first included. Defaults to 8. */
  maxAttempts: number;
  /**
   * The retry budget shared by every worker of the pipeline (see {@link RetryBudget}). Without one, only
   * `maxAttempts` bounds retries. Defaults to none.
   */
  budget?: RetryBudget;
}

/** Defaults for {@link RetryOptions}. */
export const defaultRetryOptions: RetryOptions = { ...defaultBackoffOptions, maxAttempts: 8 };

/** The message of the result a dispatch gets when the retry budget refuses to send it at all. */
export const retryBudgetSpentMessage =
  'Not sent: the retry budget is spent (retries are held to a share of first attempts while calls fail); try again later.';

/**
 * Retries what is retryable (see `classifyOutcome`) with capped exponential backoff and full jitter, and
 * `Retry-After` as a floor, never as a replacement (AWS Architecture Blog, "Exponential Backoff and
 * Jitter"; ../shared/DESIGN.md). It retries an ambiguous failure only for an idempotent method: after a
 * timeout or 5xx on a POST it returns the failure to the caller, whose job is to find out whether the
 * write happened (the order workflow looks the order up) before trying again. Fatal answers come back at
 * once. After `maxAttempts` (counting those already in the caller's `stats`), the last outcome comes back
 * as it is.
 *
 * With a `budget`, every attempt is either a first attempt (recorded) or a retry (granted by the budget):
 * - a retry inside this dispatch that the budget refuses is not made: the last failure comes back at once,
 *   without the backoff sleep;
 * - a dispatch whose caller's `stats` already counts attempts continues a logical operation that failed
 *   before (the workflow's lookup after an ambiguous create, or its create again after the lookup): its
 *   first request is a retry too, because it is load the failure caused. When the budget refuses it,
 *   nothing is sent and the result is a `refused` network error whose message is
 *   {@link retryBudgetSpentMessage} — retryable, never applied, not counted in `stats`.
 *
 * @example
 * const budget = new RetryBudget(clock); // one per pipeline, shared by its workers
 * const client = compose(retryInterceptor(clock, random.fork('worker-1'), { budget }), throttle.interceptor())(transport);
 */
export function retryInterceptor(
  clock: Clock,
  random: Random,
  options: Partial<RetryOptions> = {},
): Interceptor {
  const settings = { ...defaultRetryOptions, ...options };
  const { budget } = settings;
  /**
   * Whether to try again after `result`, the answer to attempt `attempt`: asks the budget last, so a
   * retry it grants is one that is made.
   */
  const again = (
    result: DispatchResult,
    attempt: number,
    request: HttpRequest,
    dispatchOptions: DispatchOptions | undefined,
  ): boolean => {
    const verdict = classifyOutcome(result);
    // A caller's `stats` spans its whole logical operation, so attempts it already made count too.
    const spent = Math.max(attempt, dispatchOptions?.stats?.attempts ?? 0);
    if (verdict.kind !== 'retryable' || spent >= settings.maxAttempts) return false;
    if (verdict.maybeApplied && !isIdempotentMethod(request.method)) return false;
    if (dispatchOptions?.signal?.aborted) return false;
    return budget === undefined || budget.tryRetry();
  };
  /** The attempts after the first, once {@link again} said yes to `first`. */
  const retries = async (
    next: Dispatch,
    first: DispatchResult,
    request: HttpRequest,
    dispatchOptions: DispatchOptions | undefined,
  ): Promise<DispatchResult> => {
    const stats = dispatchOptions?.stats;
    let result = first;
    for (let attempt = 2; ; attempt++) {
      // Attempt 2 is the first retry: its ceiling is the base delay (backoff.ts).
      const jitterMs = backoffDelayMs(attempt - 2, random, settings);
      const floorMs = result.ok ? (retryAfterMs(result.response) ?? 0) : 0;
      await clock.sleep(Math.max(jitterMs, floorMs), dispatchOptions?.signal);
      if (stats) stats.attempts++;
      result = await next(request, dispatchOptions);
      if (!again(result, attempt, request, dispatchOptions)) return result;
    }
  };
  // The first attempt is a `then`, not an async function: most requests are answered at once, and each
  // async layer of the client costs an async frame and an await per request (issue 12).
  return (next) => (request, dispatchOptions) => {
    const stats = dispatchOptions?.stats;
    if (budget !== undefined) {
      if ((stats?.attempts ?? 0) === 0) budget.recordCall();
      else if (!budget.tryRetry()) return Promise.resolve(budgetSpent());
    }
    if (stats) stats.attempts++;
    return next(request, dispatchOptions).then((result) =>
      again(result, 1, request, dispatchOptions) ? retries(next, result, request, dispatchOptions) : result,
    );
  };
}

function budgetSpent(): DispatchResult {
  return { ok: false, error: { kind: 'refused', message: retryBudgetSpentMessage } };
}
