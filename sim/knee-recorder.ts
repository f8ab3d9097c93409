import type { OrderOutcome } from '../pipeline/order-workflow.js';
import type { CallRecord } from '../pipeline/observe-calls.js';
import type { KneeSeedResult } from '../reports/knee-model.js';
import type { RunReport } from '../reports/report-model.js';
import type { RunObserver } from './run-observer.js';

/** What {@link KneeRecorder.result} needs besides the recorded events. */
export interface KneeRecorderOptions {
  /** The run's pipeline workers. */
  concurrency: number;
  /**
   * The Store's round trip, in ms: every throttle slot is one Store operation, so a request that waited
   * no longer than this (plus 1 ms) did not wait for the bucket.
   */
  storeRoundTripMs: number;
}

/** Fewer completed orders than this inside the backlog window: the run is measured as if none formed. */
const minBacklogOrders = 10;
/**
 * The shortest backlog stretch measured, and the window of a run that formed none (its busiest stretch of
 * this length), in ms.
 */
export const peakWindowMs = 10_000;

/**
 * Measures one run of a capacity sweep from what its pipeline did (a {@link RunObserver}).
 *
 * Throughput is taken **over the window in which a backlog existed**: virtual time during which an order
 * waited for a worker (more orders in the pipeline than workers) or a request waited for the bucket (issued
 * by the retry stage but not yet sent, for longer than one Store round trip), in stretches of at least
 * {@link peakWindowMs} (a brief clump of arrivals is not a backlog). There the pipeline ran as
 * fast as its workers or the plan let it, so the rate is its capacity at this concurrency, not the
 * launch's arrival rate: a launch like scenarios/funnel-launch-standard.yaml spends most of its hour
 * waiting for orders, and its mean rate is the same at every concurrency. At high concurrency the workers
 * are never the bottleneck but the bucket is, so the window stays the drain of the spike, counted from when
 * the bucket's burst ran out (the first wait for the bucket). A run that formed
 * no backlog (fewer than 10 orders completed in one) kept up with every arrival; its figure is then its
 * busiest {@link peakWindowMs}: at least what the concurrency below it managed, as the launch allows —
 * never the hour's mean, which would look like a collapse of throughput, a false knee. `backlogMs` says
 * which.
 *
 * The wait for a worker is derived exactly for a first-in first-out queue feeding `concurrency` workers
 * (the reference's pipeline/work-queue.ts): delivery k starts at max(its arrival, the start of delivery
 * k − 1, the (k − concurrency)-th completion).
 */
export class KneeRecorder implements RunObserver {
  private readonly acceptedMs: number[] = [];
  private readonly issuedMs: number[] = [];
  private readonly sentMs: number[] = [];
  private readonly doneMs: number[] = [];
  /** Completion times of created orders (what throughput counts). */
  private readonly createdMs: number[] = [];

  accepted(atMs: number): void {
    this.acceptedMs.push(atMs);
  }

  issued(atMs: number): void {
    this.issuedMs.push(atMs);
  }

  call(call: CallRecord): void {
    this.sentMs.push(call.sentAtMs);
  }

  done(atMs: number, outcome: OrderOutcome): void {
    this.doneMs.push(atMs);
    if (outcome.kind === 'created') this.createdMs.push(atMs);
  }

  /** The run's {@link KneeSeedResult}, from the recorded events and its report. */
  result(report: RunReport, options: KneeRecorderOptions): KneeSeedResult {
    const sent = [...this.sentMs].sort(ascending);
    const waits = bucketWaits(this.issuedMs, sent, options.storeRoundTripMs + 1);
    const window = backlogWindow({
      acceptedMs: this.acceptedMs,
      doneMs: this.doneMs,
      ...waits,
      sentMs: sent,
      createdMs: this.createdMs,
      concurrency: options.concurrency,
    });
    const first = this.acceptedMs[0] ?? 0;
    const last = this.doneMs.reduce((a, b) => Math.max(a, b), first);
    const backlog = window.created >= Math.min(minBacklogOrders, Math.max(1, this.createdMs.length));
    const peak = backlog ? undefined : busiest(this.createdMs, sent, peakWindowMs);
    const perSecond = (count: number, ms: number) => (ms > 0 ? round((count * 1000) / ms) : 0);
    const { endToEnd } = report.latencyMs;
    return {
      seed: report.seed,
      orders: report.orders.generated,
      ordersPerSecond: peak ? peak.ordersPerSecond : perSecond(window.created, window.ms),
      callsPerSecond: peak ? peak.callsPerSecond : perSecond(window.calls, window.ms),
      p50Ms: endToEnd.p50,
      p99Ms: endToEnd.p99,
      queueWaitP99Ms: round(percentile(queueWaits(this.acceptedMs, this.doneMs, options.concurrency), 0.99)),
      share429: report.api.status429Share,
      deadLetters: report.orders.deadLettered,
      drainMs: round(last - first),
      backlogMs: backlog ? round(window.ms) : 0,
    };
  }
}

/**
 * The stretches in which requests waited for the bucket: the throttle grants slots in the order requests
 * ask (one Store operation each, of equal round trip), so the k-th request issued is the k-th sent; it
 * waited from `graceMs` after it was issued until it was sent, if it was sent later than that.
 */
export function bucketWaits(
  issuedMs: readonly number[],
  sentMs: readonly number[],
  graceMs: number,
): { waitFromMs: number[]; waitEndMs: number[] } {
  const waitFromMs: number[] = [];
  const waitEndMs: number[] = [];
  const pairs = Math.min(issuedMs.length, sentMs.length);
  for (let k = 0; k < pairs; k++) {
    const fromMs = (issuedMs[k] ?? 0) + graceMs;
    const endMs = sentMs[k] ?? 0;
    if (endMs <= fromMs) continue;
    waitFromMs.push(fromMs);
    waitEndMs.push(endMs);
  }
  return { waitFromMs, waitEndMs: waitEndMs.sort(ascending) };
}

interface BacklogInput {
  acceptedMs: readonly number[];
  doneMs: readonly number[];
  /** When each wait for the bucket began, ascending, and when each ended, ascending. */
  waitFromMs: readonly number[];
  waitEndMs: readonly number[];
  sentMs: readonly number[];
  createdMs: readonly number[];
  concurrency: number;
}

/**
 * The backlog window's length, and the created orders and sent calls inside it, by one sweep over the
 * events in time order: the stretches in which the backlog held without a break for at least
 * `minPeriodMs`, from the first wait for the bucket on when there is one. An event at time t counts when
 * the backlog held just before t. Shorter stretches are left out: a stretch ends at a completion, so a
 * brief one (a clump of arrivals at moderate load) holds a completion in hardly any time and would
 * overstate the rate. Time before the first wait for the bucket is left out when the bucket was ever
 * waited for: until then the plan's burst let calls through above the leak rate (400 of them on plus,
 * 9 % more throughput over a 4,500-call backlog), which is no capacity a sustained launch has.
 */
export function backlogWindow(
  input: BacklogInput,
  minPeriodMs = peakWindowMs,
): { ms: number; created: number; calls: number } {
  const streams = [
    input.acceptedMs,
    input.doneMs,
    input.waitFromMs,
    input.waitEndMs,
    input.sentMs,
    input.createdMs,
  ];
  const next = streams.map(() => 0);
  const take = (i: number, nowMs: number): number => {
    const times = streams[i] ?? [];
    let count = 0;
    while ((times[next[i] ?? 0] ?? Infinity) === nowMs) {
      next[i] = (next[i] ?? 0) + 1;
      count++;
    }
    return count;
  };
  // The throttle first waits when the bucket's burst is spent: from then on the run is at its sustained
  // rate. Before, a plan's burst (400 calls on plus) lets a backlog drain above the leak rate for a while.
  const countFromMs = input.waitFromMs[0] ?? -Infinity;
  let inPipeline = 0;
  let waitingForBucket = 0;
  let previousMs = 0;
  const window = { ms: 0, created: 0, calls: 0 };
  let period = { ms: 0, created: 0, calls: 0 };
  const close = () => {
    if (period.ms < minPeriodMs) return;
    window.ms += period.ms;
    window.created += period.created;
    window.calls += period.calls;
  };
  for (;;) {
    let nowMs = Infinity;
    streams.forEach((times, i) => (nowMs = Math.min(nowMs, times[next[i] ?? 0] ?? Infinity)));
    const before = inPipeline > input.concurrency || waitingForBucket > 0;
    if (nowMs === Infinity) {
      if (before) close();
      return window;
    }
    inPipeline += take(0, nowMs) - take(1, nowMs);
    waitingForBucket += take(2, nowMs) - take(3, nowMs);
    const sent = take(4, nowMs);
    const created = take(5, nowMs);
    if (before && nowMs > countFromMs) {
      period.ms += nowMs - Math.max(previousMs, countFromMs);
      period.created += created;
      period.calls += sent;
    }
    const after = inPipeline > input.concurrency || waitingForBucket > 0;
    if (before && !after) close();
    if (after && !before) period = { ms: 0, created: 0, calls: 0 };
    previousMs = nowMs;
  }
}

/** The most created orders and sent calls in any `windowMs` (starting at a completion), per second. */
function busiest(
  createdMs: readonly number[],
  sentMs: readonly number[],
  windowMs: number,
): { ordersPerSecond: number; callsPerSecond: number } {
  let best = 0;
  let bestStart = 0;
  let tail = 0;
  for (let head = 0; head < createdMs.length; head++) {
    const start = createdMs[head] ?? 0;
    while (tail < createdMs.length && (createdMs[tail] ?? 0) < start + windowMs) tail++;
    if (tail - head > best) {
      best = tail - head;
      bestStart = start;
    }
  }
  const calls = sentMs.filter((t) => t >= bestStart && t < bestStart + windowMs).length;
  return {
    ordersPerSecond: round((best * 1000) / windowMs),
    callsPerSecond: round((calls * 1000) / windowMs),
  };
}

/**
 * Each delivery's wait for a worker, in ms, for a first-in first-out queue feeding `concurrency` workers
 * that take the next delivery the instant they finish one. `doneMs` is in time order.
 */
export function queueWaits(
  acceptedMs: readonly number[],
  doneMs: readonly number[],
  concurrency: number,
): number[] {
  let startMs = -Infinity;
  return acceptedMs.map((arrivalMs, k) => {
    const freedMs = k >= concurrency ? (doneMs[k - concurrency] ?? Infinity) : -Infinity;
    startMs = Math.max(arrivalMs, startMs, freedMs);
    return startMs - arrivalMs;
  });
}

/** The nearest-rank percentile `q` (0 to 1) of `values`; 0 for none. */
function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort(ascending);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

function ascending(a: number, b: number): number {
  return a - b;
}

function round(value: number, decimals = 3): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
