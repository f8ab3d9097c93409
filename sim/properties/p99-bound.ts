import { sizedConcurrency } from '../../scenarios/sized-concurrency.js';
import { faultLoad, orderCalls, type FaultLoad } from './fault-load.js';
import { workflowCalls } from './workflow-targets.js';
import { firstArrivals, type FirstArrival } from './first-arrivals.js';
import { idealLatenciesMs, type IdealPipeline } from './ideal-pipeline.js';
import type { RunEvidence } from './run-evidence.js';
import { binomialQuantile, failuresQuantile, percentile99, perOrderTailChance } from './quantiles.js';
import { referenceRetryPolicy } from './reference-policy.js';
import { windowedOrdersMs } from './windowed-orders.js';
import { retryTimeQuantileMs } from './retry-time-quantile.js';
import { budgetHoldMs, outageSentCalls } from './budget-hold.js';
import { defaultPipelineSettings } from '../../scenarios/scenario-types.js';
import {
  backoffCeilingMs,
  referenceRetryAllowance,
  referenceRetryFloorPerMinute,
  retriesCostMs,
  shopRetryAfterMs,
} from './reference-retry-cost.js';

export { referenceRetryFloorPerMinute } from './reference-retry-cost.js';

/**
 * How the reference pipeline's customer lock is polled (pipeline/mutex.ts and reference-pipeline.ts, read
 * as data, not imported): the first poll waits up to 50 ms, each later one up to twice as long, capped at
 * 250 ms (`lockPollMaxMs`). With full jitter a waiter learns of a release up to the cap late, whatever it
 * waited (its earlier sleeps may all have been short), and on average about what it waited + 50 ms: the
 * bound's ideal pipeline hands the lock over at the cap, the worst case; rate discipline's drain, on the
 * mean.
 */
export const referenceLockPoll = { pollBaseMs: 50, pollCapMs: 250 } as const;

/**
 * The stated slack the workload's terms (ideal p99, latency tail) are multiplied by: the ideal
 * pipeline's averages (expected retries, mean latency, the lock's mean polling delay) are not worst cases.
 */
export const p99BoundSlack = 1.3;

/**
 * The retries one failed call costs at most: the retry itself, or the lookup and the create again after an
 * ambiguous create, or the customer's re-read and write again after a failed write.
 */
export const retriesPerFailure = 2;

/**
 * The chance that a run's p99 passes its bound because of chance failures or pauses (terms 5 and 6): 10⁻⁵
 * per run, so a search of thousands of runs of a correct pipeline breaks it by chance about once in a
 * hundred searches. Each order is allowed the retry time or pauses it exceeds with chance
 * `perOrderTailChance(n, 10⁻⁵)` (quantiles.ts): with up to 100 orders the p99 is the slowest, so every
 * order must stay within it. (A larger chance buys a tighter bound but real false breaks: at 10⁻⁴ the
 * reference broke once in seed 1's 5,000 runs, run 3,048 — three 10 s hangs of one create, a 10⁻³ event.)
 */
const runTailChance = 1e-5;

/**
 * How late a lock waiter learns of a release, at most, in ms: the reference's poll cap
 * ({@link referenceLockPoll}, 250 ms). What one slow or held call under a customer's lock costs in all is
 * its own extra time and, for the order waiting on the lock, that poll.
 */
export const lockPollCeilingMs = referenceLockPoll.pollCapMs;

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
 * 4. **Fault windows, per order** (windowed-orders.ts). A window costs only the orders it can meet: those
 *    in flight at the bound while it is open, and those a second ideal run, whose calls wait out the
 *    outages that cover them, finishes later (the backlog an outage leaves behind). An outage (chance 1, or
 *    a brown-out whose retries the budget's floor cannot carry) costs such an order the longer of that
 *    delay and the window's rest from its arrival, one backoff cap (30 s: a request that failed at the
 *    window's end waits up to that long to learn it is over), the timeout when the window can hang a
 *    call, and the retry budget's hold: a window forces the retries of every order in flight through it,
 *    and the reference's budget (DESIGN: retries ≤ 10 % of calls, at least 10 a minute) makes those beyond
 *    its floor wait further 60 s windows — a design choice the bound accepts, so it is counted, not
 *    blamed. An order pays the hold of the outages that can reach it only (open while it is in flight, or
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
 *    trip — or the timeout, with the share of that call's failures that hang (the worst call's) — and its
 *    slot again: a retried call goes through the throttle anew, at the back of the queue, so each failure
 *    also waits the ideal's longest slot wait (0 without a backlog; seed 3 run 3,786, 0.7 calls a second:
 *    without it the bound passed a correct run's p99 by 5 %). The term is T's upper q quantile, count,
 *    waits and hangs taken together, exactly on a 25 ms grid. q is the order's share of a chance of 10⁻⁵ per
 *    run (quantiles.ts `perOrderTailChance`: up to 100 orders the p99 is the slowest order, so every order
 *    must stay within). (Until this session K was its own quantile, each failure at its backoff ceiling,
 *    and the hangs another quantile on top: every tail at once, about twice T's.) Added only when the plan
 *    or the network can fail a call.
 * 6. **Network pauses.** A held request costs its worker the pause, at most the timeout, and behind a
 *    customer's lock every order queued there: the bound allows h held requests over the order's calls and
 *    the locked calls of the orders that can be ahead of it on its customer, the least h with
 *    P(Binomial(calls, p) > h) ≤ q, each costing min(durationMs, timeout), and the poll cap more when
 *    orders take a lock. An order can be ahead of another only while it is within its bound when the other
 *    arrives: that bound is first taken with the busiest customer's whole queue, then the queue is the
 *    most orders of one customer still within it at an arrival. (Until this session the busiest
 *    customer's whole queue, though its orders came minutes apart.)

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
  const canFail = load.failureShare > 0;
  const attempts = Math.ceil(callsPerOrder * attemptsPerCall);
  // The chance per order that bounds one run's p99 to `runTailChance` (see perOrderTailChance).
  const orderTailChance = perOrderTailChance(arrivals.length, runTailChance);
  // Where the retry time has no quantile (a call that always fails): K's own quantile at each ceiling,
  // half the order's tail chance to its failures, half to how many of them hang (a subset).
  const failures = canFail ? failuresQuantile(callsPerOrder, failure, orderTailChance / 2) : 0;
  const hangs =
    load.hangShare > 0
      ? Math.min(failures, binomialQuantile(callsPerOrder + failures, load.hangShare, orderTailChance / 2))
      : 0;
  const floorMs = load.injects429 ? shopRetryAfterMs : 0;
  // The share of a call's failures that hang; a stage's failures hang at its worst call's share.
  const hangShareOf = (c: number): number => {
    const hang = load.callHangShares[c] ?? 0;
    return hang / Math.max(hang, load.callFailureShares[c] ?? 0, 1e-300);
  };
  const allCalls = load.callFailureShares.map((_, c) => c);
  const hangChance = Math.max(0, ...allCalls.map(hangShareOf));
  // The reference's two stages (the create, then the customer's read and write) each back off from the
  // first ceiling (pipeline/workflow-backoff.ts, one per stage; retry.ts, one per request): a declared
  // workflow is taken as one stage, the worse.
  const stages =
    scenario.workflow === undefined && allCalls.length > 1
      ? [[0], allCalls.slice(1)].map((calls) => ({
          calls,
          hangChance: Math.max(0, ...calls.map(hangShareOf)),
        }))
      : undefined;
  const retryHorizonMs = canFail
    ? (retryTimeQuantileMs(orderTailChance, {
        callFailureChances: load.callFailureShares,
        ceilingMs: backoffCeilingMs,
        floorMs,
        attemptMs: roundTripMs + slotWaitMs,
        hangChance,
        hangMs: policy.requestTimeoutMs + slotWaitMs,
        ...(stages !== undefined && { stages }),
      }) ??
      retriesCostMs(failures, roundTripMs + slotWaitMs, floorMs) +
        hangs * (policy.requestTimeoutMs - roundTripMs))
    : 0;
  // Behind a customer's lock, a slow or held call costs the orders waiting on it too: they wait it out and
  // then learn of the release as late as their next poll's ceiling, the reference's poll cap.
  const knockOn = (extraMs: number): number =>
    callsPerOrder > 1 && extraMs > 0 ? extraMs + lockPollCeilingMs : extraMs;
  const slack = p99BoundSlack;
  const retryShare = (retriesPerFailure * failure) / (1 - failure);
  const windowed = windowedOrdersMs(arrivals, ideal, idealMs, load, {
    slack,
    budgetWaitMs: (outage) =>
      budgetHoldMs(outage, {
        arrivals,
        idealMs,
        callsPerOrder,
        retriesPerFailure,
        chanceRetriesPerMinute: 2 * retryShare * 60 * shop.leakPerSecond,
      }),
    outageCalls: (outage) =>
      outageSentCalls(outage, {
        arrivals,
        idealMs,
        callsPerOrder,
        grantsPerWindow: Math.max(
          referenceRetryFloorPerMinute,
          idealConcurrency,
          defaultPipelineSettings.retryBudgetRatio * (shop.bucketSize + 60 * shop.leakPerSecond),
        ),
      }),
    budgetFloorPerMinute: Math.max(referenceRetryFloorPerMinute, idealConcurrency),
    retriesMs: (count, hang) =>
      retriesCostMs(
        count,
        hang ? policy.requestTimeoutMs : roundTripMs,
        load.injects429 ? shopRetryAfterMs : 0,
      ),
    failuresAllowed: (chance) => failuresQuantile(callsPerOrder, chance, orderTailChance),
    knockOnMs: (extraMs) => knockOn(extraMs),
  });
  const outageMs = Math.max(0, percentile99(windowed) - slack * idealP99Ms);
  const pauses = network.pauses;
  // A pause that outlasts the timeout is a failure that hangs: the order's own such pauses are in the
  // retry term (term 5), so the pause term counts only those of the orders ahead of it on its lock.
  const pausesHang = pauses !== undefined && pauses.durationMs >= policy.requestTimeoutMs;
  // A pause of a lock holder's call holds every order queued behind it on that customer: the p99 order
  // may wait behind the whole queue of the busiest customer, so its held requests are counted over the
  // locked calls of that queue (seed 2, run 721: 103 orders of 2 customers, pauses of 5.3 s at 2.4 %).
  const pauseHeldFor = (queuedOrders: number): number =>
    pauses !== undefined && pauses.probability > 0
      ? knockOn(
          Math.min(pauses.durationMs, policy.requestTimeoutMs) *
            binomialQuantile(
              (pausesHang ? 0 : attempts) + (callsPerOrder > 1 ? (callsPerOrder - 1) * queuedOrders : 0),
              pauses.probability,
              orderTailChance,
            ),
        )
      : 0;
  const latencyTailMs = knockOn(load.latencyTailMs);
  // First over the busiest customer's whole queue; then over the orders that can still be ahead of each
  // order on its customer when it arrives — within their bound of that first pass (see term 6).
  const busiestPauseMs = pauseHeldFor(busiestCustomerOrders(arrivals));
  const pauseHeldMs =
    busiestPauseMs > 0 && callsPerOrder > 1
      ? pauseHeldFor(
          longestQueueAhead(
            arrivals,
            windowed.map((ms) => ms + slack * latencyTailMs + retryHorizonMs + busiestPauseMs),
          ),
        )
      : busiestPauseMs;
  const allowance = referenceRetryAllowance(idealConcurrency, shop.leakPerSecond);
  const faultAllowanceMs = outageMs + retryHorizonMs + pauseHeldMs;
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
    retryHorizonMs,
    slotWaitMs,
    pauseHeldMs,
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

/** The most orders any one customer has among `arrivals`. */
function busiestCustomerOrders(arrivals: readonly { customerNumber: number }[]): number {
  const counts = new Map<number, number>();
  let most = 0;
  for (const { customerNumber } of arrivals) {
    const count = (counts.get(customerNumber) ?? 0) + 1;
    counts.set(customerNumber, count);
    most = Math.max(most, count);
  }
  return most;
}

/**
 * The most orders of one customer that can be ahead of an order when it arrives: those of its customer
 * that arrived before it (or with it) and whose bound `boundsMs[j]` (in `arrivals` order, from arrival) has
 * not run out by then. An order done within its bound holds nobody who arrives later.
 */
function longestQueueAhead(arrivals: readonly FirstArrival[], boundsMs: readonly number[]): number {
  // Per customer, the ends of its orders still open, in a min-heap: a million orders of one hot
  // customer cost n log n, not n².
  const open = new Map<number, number[]>();
  let most = 0;
  arrivals.forEach(({ customerNumber, atMs }, i) => {
    let ends = open.get(customerNumber);
    if (ends === undefined) open.set(customerNumber, (ends = []));
    while (ends.length > 0 && (ends[0] as number) <= atMs) popMin(ends);
    most = Math.max(most, ends.length);
    pushMin(ends, atMs + (boundsMs[i] ?? 0));
  });
  return most;
}

/** Adds `value` to the binary min-heap `heap`. */
function pushMin(heap: number[], value: number): void {
  let at = heap.push(value) - 1;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if ((heap[parent] as number) <= value) break;
    heap[at] = heap[parent] as number;
    at = parent;
  }
  heap[at] = value;
}

/** Removes the least value of the binary min-heap `heap` (not empty). */
function popMin(heap: number[]): void {
  const last = heap.pop() as number;
  if (heap.length === 0) return;
  let at = 0;
  for (;;) {
    const left = 2 * at + 1;
    if (left >= heap.length) break;
    const right = left + 1;
    const child = right < heap.length && (heap[right] as number) < (heap[left] as number) ? right : left;
    if ((heap[child] as number) >= last) break;
    heap[at] = heap[child] as number;
    at = child;
  }
  heap[at] = last;
}
