import type { Random } from '../runtime/random.js';
import { TraceReader, type TraceOrder } from './trace-reader.js';

/** One replayed order of a trace phase. */
export interface TraceArrival {
  /**
   * When it arrives, in ms from the phase's start: the recorded offset ÷ speed — kept in ms so a whole
   * millisecond replays exactly (a round trip through seconds would not).
   */
  tMs: number;
  /** The recorded customer (an email or id, lower-cased); absent on extra copies and when the trace has none. */
  customer?: string;
  /** The recorded total, in cents, when the trace has one. */
  totalCents?: number;
}

/** How a trace is replayed. */
export interface TraceReplayOptions {
  /** Time compression: a recorded gap of g seconds is replayed as g / speed. > 0; 1 replays as recorded. */
  speed: number;
  /** Volume: each recorded order is replayed ⌊scale⌋ times plus once more with chance scale − ⌊scale⌋. > 0. */
  scale: number;
  /** Orders after this many seconds (after `speed`) are not replayed. Absent: the whole trace. */
  durationSeconds?: number;
}

/**
 * Replays a trace file lazily ({@link TraceReader}: one recorded order in memory, plus the next one for its
 * gap). Each recorded order at offset t (seconds, divided by `speed`) becomes:
 *
 * - at scale 1, one arrival at exactly t — the recorded gaps, no draw;
 * - at scale k + f (k whole, 0 ≤ f < 1): a superposition of jittered copies — the first copy at exactly
 *   t, each further copy (k − 1 of them, plus one more with chance f) at t + u·gap with u uniform in [0, 1)
 *   and gap the time to the next recorded order (0 for the last), so the launch keeps its shape at the
 *   resolution of its own gaps and its length; below 1 (k = 0) this is thinning: each order is kept, at its
 *   recorded time, with chance f. The volume is scale × the trace's orders on average (exactly, for a whole
 *   scale).
 *
 * Draws (only when scale ≠ 1): one coin for f, then one uniform per further copy, per recorded order.
 *
 * @param path - The trace file.
 * @param options - Speed, scale and an optional cut-off.
 * @param random - The phase's own stream.
 */
export function* traceArrivals(
  path: string,
  options: TraceReplayOptions,
  random: Random,
): Generator<TraceArrival, void, undefined> {
  const reader = new TraceReader(path);
  const whole = Math.floor(options.scale);
  const fraction = options.scale - whole;
  const limit = (options.durationSeconds ?? Infinity) * 1000;
  try {
    let current = reader.next();
    while (current !== undefined) {
      const following = reader.next();
      const t = current.offsetMs / options.speed;
      if (t >= limit) return;
      const gap = following === undefined ? 0 : following.offsetMs / options.speed - t;
      if (options.scale === 1) yield recordedArrival(current, t);
      else yield* copies(current, t, gap, copyCount(whole, fraction, random), random);
      current = following;
    }
  } finally {
    reader.close();
  }
}

function copyCount(whole: number, fraction: number, random: Random): number {
  return whole + (random.next() < fraction ? 1 : 0);
}

function* copies(
  order: TraceOrder,
  t: number,
  gap: number,
  count: number,
  random: Random,
): Generator<TraceArrival, void, undefined> {
  if (count === 0) return;
  yield recordedArrival(order, t);
  if (count === 1) return;
  const extra: number[] = [];
  for (let i = 1; i < count; i++) extra.push(t + random.next() * gap);
  extra.sort((a, b) => a - b);
  for (const tMs of extra)
    yield order.totalCents === undefined ? { tMs } : { tMs, totalCents: order.totalCents };
}

/** The recorded order itself, at `tMs`: its customer and total kept. */
function recordedArrival(order: TraceOrder, tMs: number): TraceArrival {
  const arrival: TraceArrival = { tMs };
  if (order.customer !== undefined) arrival.customer = order.customer;
  if (order.totalCents !== undefined) arrival.totalCents = order.totalCents;
  return arrival;
}
