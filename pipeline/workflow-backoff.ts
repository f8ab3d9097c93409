import type { Clock } from '../runtime/clock.js';
import type { Random } from '../runtime/random.js';
import type { DispatchResult } from '../runtime/transport.js';
import { backoffDelayMs, type BackoffOptions } from './backoff.js';
import { retryBudgetSpentMessage } from './retry.js';

/** Options for {@link WorkflowBackoff}: the backoff's base and cap, and how long to wait for the budget. */
export interface WorkflowBackoffOptions extends BackoffOptions {
  /**
   * How long one order's stage keeps waiting while the retry budget refuses its retries, in milliseconds,
   * before it gives up (dead-letters with that reason). The budget is held to a share of the first
   * attempts over a 60 s window (retry-budget.ts), so after an outage it lets the backlog of retries through
   * over minutes, not seconds — slowly when traffic has stopped and few first attempts earn it. Defaults
   * to 1 h: long enough for a few hundred retries to drain at the budget's floor, and far inside the
   * idempotency claim's 4 h 10 min, so a waiting order never outlives its claim.
   */
  budgetWaitMs: number;
}

/** Default for {@link WorkflowBackoffOptions.budgetWaitMs}: 1 h. */
export const defaultBudgetWaitMs = 60 * 60_000;

/**
 * True for the result a dispatch gets when the retry budget refused to send it at all (retry.ts): nothing
 * was sent, nothing was applied, and no attempt was spent — the caller waits and asks again.
 */
export function isBudgetRefusal(result: DispatchResult): boolean {
  return !result.ok && result.error.kind === 'refused' && result.error.message === retryBudgetSpentMessage;
}

/**
 * The waits of one stage of the order workflow between its own tries (a lookup after an ambiguous
 * create, a create again, a customer re-read): capped exponential backoff with full jitter from the
 * stage's random stream (AWS Architecture Blog, "Exponential Backoff and Jitter"), and a bounded wait while
 * the retry budget refuses retries. One per stage of one order; state-passing underneath (backoff.ts).
 */
export class WorkflowBackoff {
  /** Waits so far (the backoff's retries), as a number: no state object per wait. */
  private retries = 0;
  private budgetWaitedMs = 0;

  /**
   * @param random - The stream of the waits, or a function that makes it (a fork), called at the first
   *   wait: most stages never wait, and a fork derives its stream from its parent's seed and label alone,
   *   so making it late draws the same delays (issue 12: two forks per order were made for nothing).
   * @param forkLabel - When given, `random` is the parent stream, forked by this label at the first wait:
   *   the same late fork as a function gives, without a closure per stage of every order (issue 12).
   */
  constructor(
    private readonly clock: Clock,
    private random: Random | (() => Random),
    private readonly options: WorkflowBackoffOptions,
    private forkLabel?: string,
  ) {}

  /** Sleeps the next backoff delay. */
  async pause(): Promise<void> {
    if (this.forkLabel !== undefined) {
      this.random = (this.random as Random).fork(this.forkLabel);
      this.forkLabel = undefined;
    } else if (typeof this.random === 'function') this.random = this.random();
    await this.clock.sleep(backoffDelayMs(this.retries++, this.random, this.options));
  }

  /**
   * After a budget refusal: sleeps the next backoff delay and resolves true, or resolves false at once
   * when the stage has already waited `budgetWaitMs` for the budget in all.
   */
  async waitForBudget(): Promise<boolean> {
    if (this.budgetWaitedMs >= this.options.budgetWaitMs) return false;
    const startMs = this.clock.nowMs();
    await this.pause();
    this.budgetWaitedMs += this.clock.nowMs() - startMs;
    return true;
  }

  /** How long this stage has waited for the retry budget so far, in ms. */
  get waitedForBudgetMs(): number {
    return this.budgetWaitedMs;
  }
}
