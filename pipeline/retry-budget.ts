import type { Clock } from '../runtime/clock.js';

/** Options for {@link RetryBudget}. */
export interface RetryBudgetOptions {
  /** Retries allowed per first attempt over the window. Defaults to 0.1 (Google SRE, "Handling Overload"). */
  ratio: number;
  /** The sliding window, in milliseconds. Defaults to 60 s. */
  windowMs: number;
  /** Counters the window is split into; the window slides one bucket at a time. Defaults to 60 (1 s each). */
  buckets: number;
  /** Retries allowed per window however few first attempts it saw, so a trickle can still retry. Defaults to 10. */
  minRetriesPerWindow: number;
}

/** Defaults for {@link RetryBudgetOptions}. */
export const defaultRetryBudgetOptions: RetryBudgetOptions = {
  ratio: 0.1,
  windowMs: 60_000,
  buckets: 60,
  minRetriesPerWindow: 10,
};

/** What a {@link RetryBudget} counts over its current window. */
export interface RetryBudgetSnapshot {
  /** First attempts recorded in the window. */
  calls: number;
  /** Retries granted in the window. */
  retries: number;
  /** Retries the window allows in all: max(minRetriesPerWindow, ratio × calls). */
  allowedRetries: number;
}

/**
 * A retry budget shared by every worker of a pipeline: a retry is granted only while the retries granted
 * over the sliding window stay within `ratio` × the first attempts of the same window (or within
 * `minRetriesPerWindow`, whichever is larger). Per-request limits (`maxAttempts`) bound one request; only
 * a budget across requests keeps a total outage from multiplying the load on a struggling server by
 * (1 + retries): with it, an outage costs at most 1.1× the calls the same traffic makes without retries
 * (Google SRE book, "Handling Overload": "a per-client retry budget … a request will only be retried as
 * long as this ratio is below 10 %"; ../shared/DESIGN.md, "Numbers the pipeline is designed against").
 *
 * Counting first attempts (not all calls) is what makes that bound exact: retries ≤ 0.1 × first attempts.
 * The window is a ring of `buckets` counters on the injected clock, so memory is flat in run length and
 * the budget runs the same on virtual and real time. It is per process, like the book's per-client budget.
 *
 * @example
 * const budget = new RetryBudget(clock);
 * const client = compose(retryInterceptor(clock, random, { budget }), timeoutInterceptor(clock, 10_000))(transport);
 */
export class RetryBudget {
  readonly options: RetryBudgetOptions;
  private readonly bucketMs: number;
  private readonly calls: Float64Array;
  private readonly retries: Float64Array;
  /** The bucket index (time / bucketMs) of the newest bucket; older slots hold the buckets before it. */
  private head = -Infinity;
  private callsInWindow = 0;
  private retriesInWindow = 0;

  constructor(
    private readonly clock: Clock,
    options: Partial<RetryBudgetOptions> = {},
  ) {
    this.options = { ...defaultRetryBudgetOptions, ...options };
    const { ratio, windowMs, buckets, minRetriesPerWindow } = this.options;
    if (
      !(ratio >= 0) ||
      !(windowMs > 0) ||
      !Number.isInteger(buckets) ||
      buckets < 1 ||
      !(minRetriesPerWindow >= 0)
    )
      throw new RangeError(
        `RetryBudget needs ratio ≥ 0, windowMs > 0, an integer buckets ≥ 1 and minRetriesPerWindow ≥ 0; got ${JSON.stringify(this.options)}.`,
      );
    this.bucketMs = windowMs / buckets;
    this.calls = new Float64Array(buckets);
    this.retries = new Float64Array(buckets);
  }

  /** Records a first attempt: a call that would be sent even if nothing ever failed. */
  recordCall(): void {
    this.calls[this.slot()]! += 1;
    this.callsInWindow += 1;
  }

  /** Asks for one retry. Returns true, and counts it, when the window's budget allows one more. */
  tryRetry(): boolean {
    const slot = this.slot();
    if (this.retriesInWindow + 1 > this.allowed()) return false;
    this.retries[slot]! += 1;
    this.retriesInWindow += 1;
    return true;
  }

  /** The window's counts now. */
  snapshot(): RetryBudgetSnapshot {
    this.slot();
    return { calls: this.callsInWindow, retries: this.retriesInWindow, allowedRetries: this.allowed() };
  }

  private allowed(): number {
    return Math.max(this.options.minRetriesPerWindow, this.options.ratio * this.callsInWindow);
  }

  /** Slides the window to now, dropping the buckets that fell out of it, and returns the current slot. */
  private slot(): number {
    const size = this.calls.length;
    const index = Math.floor(this.clock.nowMs() / this.bucketMs);
    // A clock that steps back (real time only) keeps counting into the newest bucket.
    if (index > this.head) {
      const from = Math.max(this.head + 1, index - size + 1);
      for (let i = from; i <= index; i++) {
        const slot = modulo(i, size);
        this.callsInWindow -= this.calls[slot]!;
        this.retriesInWindow -= this.retries[slot]!;
        this.calls[slot] = 0;
        this.retries[slot] = 0;
      }
      this.head = index;
    }
    return modulo(this.head, size);
  }
}

function modulo(n: number, size: number): number {
  return ((n % size) + size) % size;
}
