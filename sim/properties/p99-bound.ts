import type { PipelineSettings } from '../../scenarios/scenario-types.js';
import { faultLoad, orderCalls, type FaultLoad } from './fault-load.js';
import { firstArrivals } from './first-arrivals.js';
import { idealLatenciesMs } from './ideal-pipeline.js';
import type { RunEvidence } from './run-evidence.js';

/**
 * How the reference pipeline's customer lock is polled (pipeline/mutex.ts and reference-pipeline.ts, read
 * as data, not imported): the first poll waits up to 50 ms, each later one up to twice as long, capped at
 * 5 s (`lockPollMaxMs`). With full jitter a waiter that has waited W has, on average, a ceiling of about
 * 2W + 50 ms on its next poll, so it notices a release about W + 50 ms late; the ideal pipeline hands the
 * lock over that late.
 */
export const referenceLockPoll = { pollBaseMs: 50, pollCapMs: 5_000 } as const;

/**
 * The reference pipeline's retry-budget floor (pipeline/reference-pipeline.ts, read as data): each 60 s
 * window allows at least max(10, concurrency) retries however few first attempts it saw.
 */
export const referenceRetryFloorPerMinute = 10;

/** The stated slack the bound is multiplied by. */
export const p99BoundSlack = 2.5;

/**
 * The retries one failed call costs at most: the retry itself, or the lookup and the create again after an
 * ambiguous create, or the customer's re-read and write again after a failed write.
 */
export const retriesPerFailure = 2;

/** The p99 bound of one run and the terms it adds up, all in ms. */
export interface P99Bound {
  /**
   * False when the fault plan is expected to need more retries than the retry budget always grants
   * (`retryShare` > `retryAllowance`): the budget then holds retries back by design, trading latency for
   * load, and no bound is claimed.
   */
  claimed: boolean;
  /** The expected retries per first attempt: {@link retriesPerFailure} × f / (1 − f). */
  retryShare: number;
  /** The retries per first attempt the retry budget always grants (its ratio, or its floor). */
  retryAllowance: number;
  /** The bound: slack × (idealP99Ms + pacingMs + latency tail + outageMs + retryHorizonMs + pauseHeldMs). */
  boundMs: number;
  /** The p99 of the ideal pipeline's end-to-end latency (term 1 of {@link p99Bound}). */
  idealP99Ms: number;
  /** One slot interval per call of an order (term 2). */
  pacingMs: number;
  /** The union of the fault plan's windows (term 4). */
  outageMs: number;
  /** One order's retry horizon: its backoff ceilings and request timeouts; 0 when nothing can fail (term 5). */
  retryHorizonMs: number;
  /** Held time from network pauses for one order (term 6). */
  pauseHeldMs: number;
  /** The stated slack, {@link p99BoundSlack}. */
  slack: number;
  /** The calls the ideal client makes per order, before failures (`report.drain.callsPerOrder`). */
  callsPerOrder: number;
  /** What the fault plan and the pauses cost the calls; `load.latencyTailMs` is term 3. */
  load: FaultLoad;
}

/**
 * The bound of property 5 (bounded p99), derived from ../shared/DESIGN.md ("Numbers the pipeline is
 * designed against"): the ideal drain schedule's p99, plus the fault schedule's outage time, plus the retry
 * horizon of one order, times a stated slack. Term by term, all in ms:
 *
 * 1. **The ideal pipeline's p99.** Orders arrive at their first delivery (a late delivery counts from when
 *    it came: latency is measured from delivery, so lateness is not latency). The ideal pipeline
 *    (ideal-pipeline.ts) is the reference's design on a perfect world: `concurrency` workers take the
 *    orders in arrival order; each makes `callsPerOrder` calls one after another (the create, then the
 *    customer's read and write under the customer's lock); every call waits for its slot on the plan's
 *    ideal drain schedule (reports/ideal-drain.ts: the burst of `bucketSize` calls, then one per
 *    1 / `leakPerSecond` s) and then takes one call's time; a released lock reaches a waiter as late as
 *    the reference's polling makes it ({@link referenceLockPoll}). Probability-only fault rules make a
 *    share f of calls fail (averaged over the order's calls, each counting the rules that match it; a
 *    pause past the timeout counts as a failure), and a failed call is made again — 1 / (1 − f) attempts
 *    per call on average. So the schedule runs on what succeeds, bucket and leak rate × (1 − f), and one
 *    call takes 1 / (1 − f) × (round trip with both jitters + mean added latency + chance of a hang ×
 *    request timeout + f × the first backoff's mean wait, base / 2). Injected 429s (a `throttle` rule or
 *    a `limits` cut) cost the burst: a 429 is what a full bucket answers (SHOPIFY.md, "REST Admin API —
 *    leaky bucket"), so a client must believe it — the ideal bucket is 1 call then. The nearest-rank p99
 *    of the ideal latencies is the first term.
 * 2. **Pacing.** One slot interval per call, callsPerOrder / (leak × (1 − f)) s: the reference throttle
 *    keeps a call of headroom and trusts the call-limit header only so far (pipeline/client-bucket.ts), so
 *    near full load a call may wait a slot the ideal schedule would not.
 * 3. **Latency tail.** The unluckiest order may draw a slow answer: the 99th percentile of each latency
 *    rule's distribution (capped at the request timeout), summed over the rules matching one call (the
 *    most of any call of the order).
 * 4. **Outages.** Every window of a rule that fails or slows calls (status, reset, timeout, ambiguous,
 *    throttle, latency, limits) may stop the drain for its whole length: the union of the windows is added
 *    once, a brown-out (a window with a chance below 1) counted whole. An order in flight during a window
 *    waits it out, and every order queued behind it is pushed back by it.
 * 5. **One order's retry horizon.** The unluckiest order may fail up to `maxAttempts` times: each attempt
 *    may take the request timeout, and it waits up to the backoff ceiling min(maxDelayMs, baseDelayMs ×
 *    2ⁿ) before retry n + 1 — so Σ ceilings of maxAttempts − 1 retries + maxAttempts × requestTimeoutMs
 *    (141.5 s with the defaults). Added only when the plan or the network can fail a call.
 * 6. **Network pauses.** A held request costs its worker the pause, at most the request timeout (the
 *    client gives up then; the held request may still land). One order makes ⌈callsPerOrder × attempts⌉
 *    calls, each held with the pause's chance p; the bound allows h held requests, the least h with
 *    P(Binomial(calls, p) > h) ≤ 10⁻⁴ (so even a p99 that is the slowest of 100 orders is covered 99
 *    times in 100), each costing min(durationMs, requestTimeoutMs). In a call's time, pauses shorter than
 *    the timeout count as latency.
 *
 * The sum is multiplied by {@link p99BoundSlack} (2.5): the ideal pipeline's averages (expected retries,
 * mean latency, the lock's mean polling delay) are not worst cases, and the slack covers their spread.
 * Measured with `funnelstorm check --runs 2000 --seed 2026`: at 1.5, a launch of 108 orders on one
 * customer with 6.8 % request timeouts (10 s each, under the lock) and a limits cut reached 1.58 × the sum
 * (the spread is widest on a hot customer, whose lock serialises every fault its orders meet); at 2, a
 * launch of 121 orders through 7 workers on a slow custom plan (223 calls, 0.6/s) with 6.2 % 500s reached
 * 2.01 × (retries waiting for the retry budget). 2.5 leaves a quarter over the worst seen.
 *
 * **Where no bound is claimed.** The retry budget (DESIGN: retries ≤ 10 % of calls) holds retries back when
 * failures need more: a failed call costs up to {@link retriesPerFailure} retries, so a plan that fails a
 * share f of calls needs 2f / (1 − f) retries per first attempt. When that exceeds what the budget always
 * grants — its ratio, or its floor of max(10, concurrency) a minute as a share of the plan's 60 × leak
 * calls a minute — retries queue for the budget for minutes by design, and `claimed` is false.
 *
 * Measured on the 5 shipped scenarios and a few thousand generated ones (scenarios/scenario-arbitrary.ts,
 * up to 200 orders): the reference stays within the bound wherever one is claimed. A `limits` cut costs
 * more than its window: the throttle adopts the cut's bucket with the leak rate scaled to it
 * (pipeline/client-bucket.ts `adoptBucketSize`) and the slots it reserved at that slow rate outlast the
 * cut, so the cut's window counts stretched by `concurrency` of its intervals (fault-load.ts). Letting
 * the throttle re-space those slots when the limits rise would shorten the drain; it is left as it is.
 */
export function p99Bound(evidence: RunEvidence): P99Bound {
  const { scenario, report } = evidence;
  const { pipeline, network, shop } = scenario;
  const callsPerOrder = report.drain?.callsPerOrder ?? 1;
  const load = faultLoad(
    scenario.faults,
    network.pauses,
    pipeline.requestTimeoutMs,
    orderCalls(callsPerOrder),
    pipeline.concurrency,
  );
  const failure = Math.min(load.failureShare, 0.99);
  const attemptsPerCall = 1 / (1 - failure);

  const roundTripMs = network.roundTripMs + 2 * network.jitterMs;
  const attemptMs =
    roundTripMs +
    load.addedLatencyMs +
    load.hangShare * pipeline.requestTimeoutMs +
    failure * (pipeline.baseDelayMs / 2);
  const idealP99Ms = percentile99(
    idealLatenciesMs(firstArrivals(evidence), {
      callsPerOrder,
      // A 429 makes a client believe the bucket full (Shopify sends one only then, SHOPIFY.md), so with
      // injected 429s the ideal client has no burst to spend.
      bucketSize: load.injects429 ? 1 : Math.max(1, shop.bucketSize * (1 - failure)),
      leakPerSecond: shop.leakPerSecond * (1 - failure),
      concurrency: pipeline.concurrency,
      callMs: attemptsPerCall * attemptMs,
      lockPoll: referenceLockPoll,
    }),
  );
  const canFail = load.failureShare > 0 || load.outageMs > 0;
  const retryHorizonMs = canFail ? retryHorizon(pipeline) : 0;
  const pauses = network.pauses;
  const pauseHeldMs =
    pauses !== undefined && pauses.probability > 0
      ? Math.min(pauses.durationMs, pipeline.requestTimeoutMs) *
        binomialQuantile(Math.ceil(callsPerOrder * attemptsPerCall), pauses.probability, heldTailChance)
      : 0;
  const pacingMs = (callsPerOrder * 1000) / (shop.leakPerSecond * (1 - failure));
  const slack = p99BoundSlack;
  const retryShare = (retriesPerFailure * failure) / (1 - failure);
  const allowance = retryAllowance(pipeline, shop.leakPerSecond);
  return {
    claimed: retryShare <= allowance,
    retryAllowance: allowance,
    retryShare,
    boundMs:
      slack * (idealP99Ms + pacingMs + load.latencyTailMs + load.outageMs + retryHorizonMs + pauseHeldMs),
    pacingMs,
    idealP99Ms,
    outageMs: load.outageMs,
    retryHorizonMs,
    pauseHeldMs,
    slack,
    callsPerOrder,
    load,
  };
}

/**
 * The retries per first attempt the reference pipeline's retry budget always allows: its ratio
 * (`pipeline.retryBudgetRatio`), or its floor of max(10, concurrency) retries a minute as a share of the
 * most first attempts a minute the plan lets through (60 × leak rate), whichever is larger.
 */
function retryAllowance(pipeline: PipelineSettings, leakPerSecond: number): number {
  const floorPerMinute = Math.max(referenceRetryFloorPerMinute, pipeline.concurrency);
  return Math.max(pipeline.retryBudgetRatio, floorPerMinute / (60 * leakPerSecond));
}

/** One order's retry horizon: Σ backoff ceilings of maxAttempts − 1 retries + maxAttempts timeouts. */
function retryHorizon(pipeline: PipelineSettings): number {
  let ceilingsMs = 0;
  for (let retry = 0; retry < pipeline.maxAttempts - 1; retry++) {
    ceilingsMs += Math.min(pipeline.maxDelayMs, pipeline.baseDelayMs * 2 ** retry);
  }
  return ceilingsMs + pipeline.maxAttempts * pipeline.requestTimeoutMs;
}

/**
 * The chance that one order's held requests exceed the number the bound allows: 10⁻⁴, so that even when
 * the p99 is the slowest of 100 orders, the bound covers its pauses 99 times in 100.
 */
const heldTailChance = 1e-4;

/** The least h with P(Binomial(trials, p) > h) ≤ tailChance. */
export function binomialQuantile(trials: number, p: number, tailChance: number): number {
  let pmf = (1 - p) ** trials;
  let cumulative = pmf;
  for (let h = 0; h < trials; h++) {
    if (1 - cumulative <= tailChance) return h;
    pmf *= ((trials - h) / (h + 1)) * (p / (1 - p));
    cumulative += pmf;
  }
  return trials;
}

/** The nearest-rank 99th percentile (0 for no values). */
export function percentile99(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.99 * sorted.length) - 1] as number;
}
