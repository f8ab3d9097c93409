import { sizedConcurrency } from '../../scenarios/sized-concurrency.js';
import {
  lockPollCeilingMs,
  p99BoundSlack,
  referenceLockPoll,
  retriesPerFailure,
  runTailChance,
  type BoundContext,
} from './bound-context.js';
import { faultLoad, orderCalls, type FaultLoad } from './fault-load.js';
import { firstArrivals } from './first-arrivals.js';
import { idealLatenciesMs, type IdealPipeline } from './ideal-pipeline.js';
import { outageAllowance } from './outage-allowance.js';
import { pauseHeldMs } from './pause-held.js';
import { percentile99, perOrderTailChance } from './quantiles.js';
import { referenceRetryPolicy } from './reference-policy.js';
import { referenceRetryAllowance, shopRetryAfterMs } from './reference-retry-cost.js';
import { retryHorizonMs } from './retry-horizon.js';
import type { RunEvidence } from './run-evidence.js';
import { workflowCalls } from './workflow-targets.js';

export { lockPollCeilingMs, p99BoundSlack, referenceLockPoll, retriesPerFailure } from './bound-context.js';
export { referenceRetryFloorPerMinute } from './reference-retry-cost.js';

/** The p99 bound of one run and the terms it adds up, all in ms. */
export interface P99Bound {
  /**
   * False when the fault plan is expected to need more retries than the reference's retry budget always
   * grants (`retryShare` > `retryAllowance`): the budget then holds retries back by design, trading latency
   * for load, and no bound is claimed.
   */
  claimed: boolean;
  /** The expected retries per first attempt: {@link retriesPerFailure} × f / (1 − f). */
  retryShare: number;
  /** The retries per first attempt the reference's retry budget always grants (its ratio, or its floor). */
  retryAllowance: number;
  /** The bound: slack × (idealP99Ms + latency tail) + faultAllowanceMs. */
  boundMs: number;
  /**
   * The pool the shop needs, from the shop and the network (scenarios/sized-concurrency.ts): what the
   * scenario generator gives a pipeline, and the reference retry budget's floor. The ideal pipeline itself
   * has every order in flight.
   */
  idealConcurrency: number;
  /** The p99 of the ideal pipeline's end-to-end latency (term 1 of {@link p99Bound}). */
  idealP99Ms: number;
  /** The bucket calls the ideal throttle keeps unused against jitter (term 2). */
  headroomCalls: number;
  /** The union of the fault plan's windows, and one backoff cap after them (term 4). */
  outageMs: number;
  /**
   * The retries the unluckiest order's failures cost at the reference's backoff, slot waits and hangs
   * included (term 5); 0 without faults.
   */
  retryHorizonMs: number;
  /** The longest wait of any call of the ideal for its slot: what each retry waits again (term 5). */
  slotWaitMs: number;
  /** Held time from network pauses for one order, its own and those of the orders ahead on its lock (term 6). */
  pauseHeldMs: number;
  /** outageMs + retryHorizonMs + pauseHeldMs: the explicit per-fault allowance, not multiplied by the slack. */
  faultAllowanceMs: number;
  /** The stated slack, {@link p99BoundSlack}. */
  slack: number;
  /** The calls the ideal client makes per order, before failures (`report.drain.callsPerOrder`). */
  callsPerOrder: number;
  /** The latency tail (term 3): `load.latencyTailMs`, and the lock's poll cap when orders take a lock. */
  latencyTailMs: number;
  /** What the fault plan and the pauses cost the calls. */
  load: FaultLoad;
}

/**
 * The bound of property 5 (bounded p99): what the best pipeline could reach given only what no pipeline
 * can choose — the arrivals, the plan's bucket and leak rate (and limits cuts), the calls per order, the
 * network's round trip and the injected fault time — with a small stated slack. It never reads the run's
 * own pipeline settings (`concurrency`, `maxAttempts`, `requestTimeoutMs`, backoff, retry budget): a
 * pipeline configured badly — too few workers, a timeout past its lease, one attempt, a throttle slower than
 * the leak rate — must break it. Where a fault's cost depends on how a client reacts (a hang lasts until the
 * client gives up; a failure costs a backoff), the reference's settings stand in
 * (`referenceRetryPolicy`, reference-policy.ts: 10 s timeout, 500 ms base, 30 s cap, 8 attempts).
 * Term by term, all in ms:
 *
 * 1. **The ideal pipeline's p99.** Orders arrive at their first delivery (a late delivery counts from when
 *    it came: latency is measured from delivery, so lateness is not latency). The ideal pipeline
 *    (ideal-pipeline.ts) is the reference's design on a perfect world with every order in flight at once
 *    (beyond the burst the leak rate paces them whatever the pool; scenarios/sized-concurrency.ts is the
 *    pool a pipeline needs to keep up, which the scenario generator gives it): each order makes `callsPerOrder` calls one after
 *    another (the create, then the customer's read and write under the customer's lock — a read-modify-write
 *    no correct pipeline can run concurrently); every call waits for its slot on the plan's ideal drain
 *    schedule (reports/ideal-drain.ts: the burst of `bucketSize` calls, then one per 1 / `leakPerSecond` s)
 *    and then takes one call's time; a released lock reaches a waiter as late as polling a Store makes it
 *    ({@link referenceLockPoll}: the poll cap, 250 ms, the worst case), and goes to the newest waiter: a
 *    polling lock keeps no order among its waiters, so the ideal takes the worst order for the oldest.
 *    Probability-only fault rules make a share f of calls fail (averaged over
 *    the order's calls, each counting the rules that match it; a pause past the timeout counts as a
 *    failure), and a failed call is made again — 1 / (1 − f) attempts per call on average. So the schedule
 *    runs on what succeeds, bucket and leak rate × (1 − f), and one call takes 1 / (1 − f) × (round trip
 *    with both jitters + mean added latency + chance of a hang × the reference's timeout + f × the first
 *    backoff's mean wait, base / 2) — under the customer's lock with the 90th percentile of the added latency
 *    instead of its mean, and the pauses' mean (fault-load.ts `lockedLatencyMs`): where a customer's orders
 *    queue for its lock, the spread of their calls' times sets the queue, as in any queue near saturation.
 *    Injected 429s (a `throttle` rule or a `limits` cut) cost the burst: a
 *    429 is what a full bucket answers (SHOPIFY.md, "REST Admin API — leaky bucket"), so a client must
 *    believe it — the ideal bucket is 1 call then. The nearest-rank p99 of the ideal latencies is term 1.
 * 2. **Headroom.** A throttle keeps the calls that leak in 20 ms (at least 1) of its bucket unused against
 *    jitter ({@link jitterHeadroomCalls}; pipeline/client-bucket.ts): the ideal schedule's burst is that
 *    much smaller. (Until this session a whole slot per call was added instead — 1.5 s on a 2/s plan, which
 *    dwarfed a small run's p99 and hid the lock's polling gaps.)
 * 3. **Latency tail.** The unluckiest order may draw a slow answer: the 99th percentile of each latency
 *    rule's distribution (capped at the timeout), summed over the rules matching one call (the most of any
 *    call of the order) — and when orders take a customer's lock, the poll cap more ({@link
 *    lockPollCeilingMs}): the order waiting on a slow holder waits it out and learns of the release late.
 *
 * Terms 1 and 3 are the workload's and are multiplied by {@link p99BoundSlack} (1.3). The faults' own time
 * is added once, as an explicit per-fault allowance:
 *
 * 4. **Fault windows, per order** (outage-allowance.ts, windowed-orders.ts). A window costs only the orders
 *    it can meet: those in flight at the bound while it is open, and those a second ideal run, whose calls
 *    wait out the outages that cover them, finishes later (the backlog an outage leaves behind). In that
 *    run the throttle also spends a slot on each call the reference sends into an outage — once per order
 *    in flight through it, and each retry its budget grants while it lasts (budget-hold.ts
 *    `outageSentCalls`): a throttle counts every call it sends, since it cannot know whether the shop
 *    counted a failed one (seed 1 run 1,201: leak 0.6/s, an 85 s outage; 158 failed calls emptied the
 *    reference's bucket, and orders arriving after the outage waited minutes). An outage (chance 1, or
 *    a brown-out whose retries the budget's floor cannot carry) costs such an order the longer of that
 *    delay and the window's rest from its arrival, one backoff cap (30 s: a request that failed at the
 *    window's end waits up to that long to learn it is over), the timeout when the window can hang a
 *    call, and the retry budget's hold (budget-hold.ts `budgetHoldMs`): the reference's budget (DESIGN:
 *    retries ≤ 10 % of calls over 60 s, at least max(10, pool)) grants G retries in the outage's last
 *    minute, at most its floor F; each order in flight then wants 2 more (D), and the plan's chance
 *    failures some; so they all go through within ⌈(G + D) / F⌉ − 1 further 60 s windows — a design
 *    choice the bound accepts, so it is counted, not blamed. (Until this session ⌈n r / F⌉ − 1 windows,
 *    r the retries each order made during the outage, as if each had to pass the budget again after it:
 *    up to 13 windows, 780 s, where G ≤ F and D = 2n ≤ 2F leave at most 2, and what chance failures add.) An order pays the hold of the outages that can reach it only (open while it is in flight, or
 *    holding retries back past its arrival); latency windows and brown-outs the budget carries force no
 *    such hold. A brown-out the budget carries costs the retries of its chance failures (at its chance,
 *    each at its backoff ceiling); a latency window, its most per covered call. The term is the p99 of the
 *    orders' bounds with their windows less 1.3 × term 1. (Until this session every window was charged
 *    whole to every run: a 14-order run whose orders were done in a second got 262 s for an outage minutes
 *    later; and until the next, every window's hold, a latency window's included, to every held order: a
 *    12 s outage cost 960 s, 780 of them for an 87 s latency window the order never met.)
 * 5. **The unluckiest order's retries** (retry-time-quantile.ts). The time T its failures cost: K failed
 *    attempts, K the sum over its calls of each call's failures before it succeeds, at that call's own
 *    chance (fault-load.ts `callFailureShares`: a rule matching the create only fails the create at its
 *    full rate, which the average over the calls understates — seed 1 run 3,048: a create timing out at
 *    5.4 % hung three times in a 5-order run); the k-th waits max(floor, U × min(cap, base × 2ᵏ)), U
 *    uniform (the reference's full jitter; a 429's Retry-After, 2 s, the floor), and then costs a round
 *    trip — or the timeout, with the share of its stage's failures that hang (the stage's worst call's;
 *    the create and the customer stage each back off from the first ceiling, as the reference does:
 *    workflow-backoff.ts one per stage, retry.ts one per request; a declared workflow is one stage) — and its
 *    slot again: a retried call goes through the throttle anew, at the back of the queue, so each failure
 *    also waits the ideal's longest slot wait (0 without a backlog; seed 3 run 3,786, 0.7 calls a second:
 *    without it the bound passed a correct run's p99 by 5 %). The term is T's upper q quantile, count,
 *    waits and hangs taken together, exactly on a 25 ms grid. q is the order's share of a chance of 10⁻⁵ per
 *    run (quantiles.ts `perOrderTailChance`: up to 100 orders the p99 is the slowest order, so every order
 *    must stay within). (Until this session K was its own quantile, each failure at its backoff ceiling,
 *    and the hangs another quantile on top: every tail at once, about twice T's.) Added only when the plan
 *    or the network can fail a call (retry-horizon.ts).
 * 6. **Network pauses** (pause-held.ts). A held request costs its worker the pause, at most the timeout, and behind a
 *    customer's lock every order queued there: the bound allows h held requests over the order's calls and
 *    the locked calls of the orders that can be ahead of it on its customer, the least h with
 *    P(Binomial(calls, p) > h) ≤ q, each costing min(durationMs, timeout), and the poll cap more when
 *    orders take a lock. An order can be ahead of another only while it is within its bound when the other
 *    arrives: that bound is first taken with the busiest customer's whole queue, then the queue is the
 *    most orders of one customer still within it at an arrival. A pause that outlasts the timeout is a
 *    failure that hangs: the order's own such pauses are in term 5 and are not counted here again, only
 *    those of the orders ahead of it. (Until this session they were counted in both terms.)

 * **Where no bound is claimed.** The reference's retry budget (DESIGN: retries ≤ 10 % of calls, at least
 * max(10, pool) a minute) holds retries back when failures need more: a plan that fails a share f of calls
 * needs 2f / (1 − f) retries per first attempt. When that exceeds what the budget always grants (its
 * ratio, or its floor as a share of the plan's 60 × leak calls a minute, with the pool the shop needs),
 * retries queue for the budget by design, and `claimed` is false. Nor is one claimed under a `limits` cut:
 * the header shows a client the cut's bucket size but never the leak rate, before or after, so how soon
 * a client paces at the restored rate is a guess (the reference's throttle keeps slots reserved at the
 * cut's rate for minutes after a deep cut). Like the bound, this reads nothing of the run's pipeline: a
 * pipeline cannot escape the bound by choosing settings.
 */
export function p99Bound(evidence: RunEvidence): P99Bound {
  // Three checkers ask for one run's bound (bounded p99, and the give-ups' budget test): compute it once.
  const known = boundOf.get(evidence);
  if (known !== undefined) return known;
  const bound = computeP99Bound(evidence);
  boundOf.set(evidence, bound);
  return bound;
}

const boundOf = new WeakMap<RunEvidence, P99Bound>();

function computeP99Bound(evidence: RunEvidence): P99Bound {
  const { scenario, report } = evidence;
  const { network, shop } = scenario;
  const policy = referenceRetryPolicy;
  const callsPerOrder = report.drain?.callsPerOrder ?? 1;
  // The declared workflow's calls, each with its method and route; else the default create, read and write.
  const calls = scenario.workflow ? workflowCalls(scenario.workflow) : orderCalls(callsPerOrder);
  const load = faultLoad(scenario.faults, network.pauses, policy.requestTimeoutMs, calls);
  const failure = Math.min(load.failureShare, 0.99);
  const attemptsPerCall = 1 / (1 - failure);

  const roundTripMs = network.roundTripMs + 2 * network.jitterMs;
  const attemptMs =
    roundTripMs +
    load.addedLatencyMs +
    load.hangShare * policy.requestTimeoutMs +
    failure * (load.injects429 ? shopRetryAfterMs : policy.baseDelayMs / 2);
  // A throttle keeps a little of the bucket unused against jitter (term 2): the ideal spends the rest.
  const bucketSize = load.injects429
    ? 1
    : Math.max(1, shop.bucketSize * (1 - failure) - jitterHeadroomCalls(shop.leakPerSecond));
  const leakPerSecond = shop.leakPerSecond * (1 - failure);
  const idealConcurrency = sizedConcurrency(shop, network, callsPerOrder);
  const arrivals = firstArrivals(evidence);
  const ideal: IdealPipeline = {
    callsPerOrder,
    // A 429 makes a client believe the bucket full (Shopify sends one only then, SHOPIFY.md), so with
    // injected 429s the ideal client has no burst to spend.
    bucketSize,
    leakPerSecond,
    // Every order in flight at once: beyond the burst the leak rate paces them whatever the pool, and on a
    // customer several orders share, each waits for the lock, polling, as any Store-based lock makes it.
    concurrency: Math.max(1, arrivals.length),
    callMs: attemptsPerCall * attemptMs,
    // Under the lock, a call's spread sets the customer's queue: its 90th percentile of added latency.
    lockedCallMs: attemptsPerCall * (attemptMs - load.addedLatencyMs + load.lockedLatencyMs),
    lockPoll: { ...referenceLockPoll, worstCase: true },
    // A polling lock keeps no order among its waiters: the oldest may be overtaken by every newer one.
    lockOrder: 'lifo',
  };
  // The longest any call of the ideal waits for its slot: a retry asks for a slot again, at the back of
  // the queue (term 5).
  let slotWaitMs = 0;
  const idealMs = idealLatenciesMs(arrivals, {
    ...ideal,
    onSlot: (askedMs, slotMs) => {
      slotWaitMs = Math.max(slotWaitMs, slotMs - askedMs);
    },
  });
  const idealP99Ms = percentile99(idealMs);
  // Behind a customer's lock, a slow or held call costs the orders waiting on it too: they wait it out and
  // then learn of the release as late as their next poll's ceiling, the reference's poll cap.
  const knockOnMs = (extraMs: number): number =>
    callsPerOrder > 1 && extraMs > 0 ? extraMs + lockPollCeilingMs : extraMs;
  const context: BoundContext = {
    scenario,
    load,
    arrivals,
    ideal,
    idealMs,
    callsPerOrder,
    roundTripMs,
    slotWaitMs,
    // The chance per order that bounds one run's p99 to `runTailChance` (see perOrderTailChance).
    orderTailChance: perOrderTailChance(arrivals.length, runTailChance),
    idealConcurrency,
    failure,
    knockOnMs,
  };
  const slack = p99BoundSlack;
  const retryShare = (retriesPerFailure * failure) / (1 - failure);
  const retryHorizon = retryHorizonMs(context);
  const { outageMs, windowedMs } = outageAllowance(context, retryShare);
  const latencyTailMs = knockOnMs(load.latencyTailMs);
  const pauseHeld = pauseHeldMs(context, Math.ceil(callsPerOrder * attemptsPerCall), (pauseMs) =>
    windowedMs.map((ms) => ms + slack * latencyTailMs + retryHorizon + pauseMs),
  );
  const allowance = referenceRetryAllowance(idealConcurrency, shop.leakPerSecond);
  const faultAllowanceMs = outageMs + retryHorizon + pauseHeld;
  const hasLimitsCut = (scenario.faults?.rules ?? []).some((rule) => rule.kind === 'limits');
  return {
    // Nor under a limits cut: how fast a client recovers from one depends on the restored leak rate, which
    // the shop never shows (the call-limit header gives the bucket size only).
    claimed: retryShare <= allowance && !hasLimitsCut,
    retryAllowance: allowance,
    retryShare,
    boundMs: slack * (idealP99Ms + latencyTailMs) + faultAllowanceMs,
    latencyTailMs,
    headroomCalls: load.injects429 ? 0 : jitterHeadroomCalls(shop.leakPerSecond),
    idealConcurrency,
    idealP99Ms,
    outageMs,
    retryHorizonMs: retryHorizon,
    slotWaitMs,
    pauseHeldMs: pauseHeld,
    faultAllowanceMs,
    slack,
    callsPerOrder,
    load,
  };
}

/**
 * The bucket calls a throttle keeps unused against network jitter: those that leak in 20 ms, at least 1 —
 * two calls sent one slot apart can arrive together, and a bucket kept full to its last call refuses the
 * second. (The reference's own default, pipeline/reference-pipeline.ts `jitterHeadroom`, is the same; read
 * as data: any throttle that does not want 429s needs one.)
 */
export function jitterHeadroomCalls(leakPerSecond: number): number {
  return Math.max(1, Math.ceil((leakPerSecond * 20) / 1000));
}
