import type { Dispatch, DispatchResult } from '../runtime/transport.js';
import { classifyOutcome } from './classify-outcome.js';
import type { CustomerUpdateOutcome } from './customer-update.js';
import { lastResponseOf } from './dispatch-result.js';

// The bookkeeping of one customer update (customer-update.ts): what its requests cost, and its give-up.

/** What one stage run has spent and seen so far. */
export interface StageRun {
  /** Requests sent. */
  attempts: number;
  /** Requests sent that did not succeed (failed answers, network failures, writes the lease guard held back). */
  failures: number;
  reads: number;
  /** True when the last write failed in a way that may have applied it (a 5xx, a reset, a timeout). */
  writeMaybeApplied: boolean;
  /** True for the one read after the attempts ran out, which may only confirm an ambiguous write. */
  finalCheck: boolean;
  writes: number;
  last: DispatchResult | undefined;
  lastReason: string;
}

/** The stage's give-up with `reason`, the attempts spent and Shopify's last answer. */
export function stageFailure(run: StageRun, reason: string): CustomerUpdateOutcome {
  const lastResponse = lastResponseOf(run.last);
  return {
    kind: 'failed',
    reason: `customer update: ${reason}`,
    attempts: run.attempts,
    ...(lastResponse && { lastResponse }),
  };
}

/**
 * Sends one request of the stage and counts what it cost. The first read and the first write are first
 * attempts of their own (they happen on every order); every later request continues the stage after a
 * failure, so it goes out as a retry — the retry stage counts it against the budget, and bounds its own
 * repeats by `maxAttempts` less the failures so far.
 */
export function stageSend(
  client: Dispatch,
  request: Parameters<Dispatch>[0],
  run: StageRun,
  first: boolean,
): Promise<DispatchResult> {
  const stats = { attempts: first ? 0 : Math.max(1, run.failures) };
  const before = stats.attempts;
  // A `then`, not an async function: one frame and await fewer per request (issue 12).
  return client(request, { stats }).then((result) => {
    const sent = stats.attempts - before;
    run.attempts += sent;
    run.failures += classifyOutcome(result).kind === 'success' ? sent - 1 : sent;
    return result;
  });
}
