import type { KneeSeedResult } from '../reports/knee-model.js';
import { createLatencyRecorder } from '../reports/latency-recorder.js';
import type { LiveOrderTiming } from './run-live.js';

/** What one live point measured: the workers' order timings, the mock's counts, the dead letters. */
export interface LivePointFigures {
  seed: number;
  /** Source orders of the run (every process's share). */
  orders: number;
  /** One timing per ended order, from every worker process (`funnelstorm work --timings`). */
  timings: readonly LiveOrderTiming[];
  /** The mock's own counts: calls that reached the model, and of them the bucket's 429s. */
  shop: { calls: number; throttled: number };
  /** Orders the workers dead-lettered. */
  deadLetters: number;
}

/**
 * Turns a live point's raw figures into a {@link KneeSeedResult}, in wall-clock ms:
 *
 * - end-to-end latency is from an order's arrival (the run's start + its scenario arrival ÷ the time
 *   scale) to its end, queue wait from its arrival to the moment a worker took it — as the sim measures
 *   them from the webhook's arrival (an order another delivery had claimed is not counted, as in sim);
 * - `ordersPerSecond` is the completion rate over the middle 80 % of completions (from the 10th to the
 *   90th percentile of completion times): it leaves out the start-up (the first calls' round trip, the
 *   bucket's initial burst) and the tail (one order retried after a 429 waits out its Retry-After), which
 *   on a short live run would otherwise weigh as much as the steady state the knee is about; with fewer
 *   than 10 completions, completions ÷ the drain time;
 * - `callsPerSecond` is that rate × the calls that reached the mock per completed order (the mock's own
 *   count), comparable with the leak rate;
 * - `share429` is the mock's own 429s (the bucket's; injected ones never reach the model) over the calls
 *   that reached it.
 *
 * Deterministic: the same figures give the same result.
 */
export function measureLivePoint(figures: LivePointFigures): KneeSeedResult {
  const ended = figures.timings.filter((timing) => timing.outcome !== 'already-claimed');
  const endToEnd = createLatencyRecorder({ engine: 'js' });
  const queueWait = createLatencyRecorder({ engine: 'js' });
  let firstArrivalMs = Infinity;
  let lastDoneMs = -Infinity;
  for (const timing of ended) {
    endToEnd.record(timing.doneMs - timing.arrivalMs);
    queueWait.record(timing.startMs - timing.arrivalMs);
    firstArrivalMs = Math.min(firstArrivalMs, timing.arrivalMs);
    lastDoneMs = Math.max(lastDoneMs, timing.doneMs);
  }
  const latency = endToEnd.summary();
  const waits = queueWait.summary();
  endToEnd.destroy();
  queueWait.destroy();
  const drainMs = ended.length === 0 ? 0 : lastDoneMs - firstArrivalMs;
  const completedAtMs = figures.timings
    .filter((timing) => timing.outcome === 'created')
    .map((timing) => timing.doneMs)
    .sort((a, b) => a - b);
  const ordersPerSecond = completionRate(completedAtMs, drainMs);
  const callsPerOrder = completedAtMs.length === 0 ? 0 : figures.shop.calls / completedAtMs.length;
  return {
    seed: figures.seed,
    orders: figures.orders,
    ordersPerSecond: round3(ordersPerSecond),
    callsPerSecond: round3(ordersPerSecond * callsPerOrder),
    p50Ms: latency.p50,
    p99Ms: latency.p99,
    queueWaitP99Ms: waits.p99,
    share429: figures.shop.calls === 0 ? 0 : figures.shop.throttled / figures.shop.calls,
    deadLetters: figures.deadLetters,
    drainMs,
  };
}

/** The fewest completions the percentile window is used for; below it, completions ÷ the drain time. */
const minCompletionsForWindow = 10;

/**
 * Completions per second in the window from the 10th to the 90th percentile of `doneMs` (sorted): those
 * after its start and up to its end, over its length — so that completions in batches (several workers
 * ending at one instant) count exactly.
 */
function completionRate(doneMs: readonly number[], drainMs: number): number {
  const last = doneMs.length - 1;
  const fromMs = doneMs[Math.floor(0.1 * last)] ?? 0;
  const toMs = doneMs[Math.ceil(0.9 * last)] ?? 0;
  if (doneMs.length >= minCompletionsForWindow && toMs > fromMs) {
    const inside = doneMs.filter((atMs) => atMs > fromMs && atMs <= toMs).length;
    return (inside * 1000) / (toMs - fromMs);
  }
  return drainMs > 0 ? (doneMs.length * 1000) / drainMs : 0;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
