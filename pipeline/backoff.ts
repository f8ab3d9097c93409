import type { Random } from '../runtime/random.js';
import { headerValue, type HttpResponse } from '../runtime/transport.js';

/** Options for {@link nextBackoff}. */
export interface BackoffOptions {
  /** The first retry's ceiling, in milliseconds. Defaults to 500 ms. */
  baseDelayMs: number;
  /** The cap on any ceiling, in milliseconds. Defaults to 30 s. */
  maxDelayMs: number;
}

/** Defaults for {@link BackoffOptions}. */
export const defaultBackoffOptions: BackoffOptions = { baseDelayMs: 500, maxDelayMs: 30_000 };

/** Where a backoff sequence stands: retries already made. */
export interface BackoffState {
  retries: number;
}

/**
 * Capped exponential backoff with **full jitter**: the delay is uniform in [0, min(cap, base × 2^retries)).
 * Full jitter spreads retrying clients over the whole window, which minimises both total work and
 * completion time under contention (AWS Architecture Blog, "Exponential Backoff and Jitter", 2015).
 * State-passing (../shared/STYLE.md rule 4), with the random stream injected. A server's `Retry-After`
 * is a floor on this delay, not a replacement for it (`retryInterceptor` sleeps the larger of the two), so
 * clients told to wait the same time still spread out afterwards (../shared/DESIGN.md).
 *
 * @returns the delay in milliseconds and the state for the next retry.
 */
export function nextBackoff(
  state: BackoffState,
  random: Random,
  options: BackoffOptions = defaultBackoffOptions,
): [delayMs: number, state: BackoffState] {
  return [backoffDelayMs(state.retries, random, options), { retries: state.retries + 1 }];
}

/**
 * The delay of {@link nextBackoff} after `retries` retries, in milliseconds, without the tuple and the
 * state object: for loops that keep the count in a local and wait on every turn (a lock waiter's poll, a
 * retry), where two objects per wait added up (issue 12). Draws one number from `random`, as
 * `nextBackoff` does.
 */
export function backoffDelayMs(
  retries: number,
  random: Random,
  options: BackoffOptions = defaultBackoffOptions,
): number {
  const ceilingMs = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retries);
  return random.next() * ceilingMs;
}

/**
 * Reads `Retry-After` as milliseconds. Shopify sends decimal seconds such as "2.0" (doc), which
 * `parseInt` famously misreads (a known bug in `@shopify/admin-api-client` sleeps 2 ms); this parses the
 * decimal. HTTP dates are ignored (they need the wall clock, and Shopify does not send them).
 */
export function retryAfterMs(response: HttpResponse): number | undefined {
  const value = headerValue(response.headers, 'retry-after');
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value) * 1000;
}
