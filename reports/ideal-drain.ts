import { FunnelstormError } from '../runtime/errors.js';

/**
 * The plan's ideal drain schedule (../shared/DESIGN.md, "Bounded p99"): a perfect client that knows the
 * bucket exactly spends the burst of `bucketSize` calls, then makes one call per `1 / leakPerSecond`
 * seconds, one call per order, in arrival order. Returns each order's ideal slot: the earliest time, in
 * ms, that client could make that order's call — never before the order arrives, never before `startMs`.
 *
 * The walk is the Generic Cell Rate Algorithm (GCRA, ITU-T I.371's virtual scheduling), which is the
 * same leaky bucket Shopify enforces (each call adds 1, the bucket leaks `leakPerSecond`, a call that
 * would overflow `bucketSize` is refused):
 *
 * - emission interval T = 1000 / leakPerSecond ms; burst tolerance τ = (bucketSize − 1) · T;
 * - the theoretical arrival time TAT starts at `startMs` (the bucket is empty then);
 * - a call at time t fits the bucket iff t ≥ TAT − τ, i.e. the level (TAT − t) / T stays ≤ bucketSize;
 * - so order i's slot is max(arrival_i, startMs, TAT − τ), and then TAT = max(TAT, slot) + T.
 *
 * With n orders all waiting at `startMs` the slots are startMs for the first `bucketSize` orders and
 * startMs + (i − bucketSize + 1) · T after, so the last is (n − bucketSize) / leakPerSecond s later.
 * TAT is kept as `anchor + k · T` and re-anchored whenever the bucket empties, so long runs do not
 * accumulate floating-point error from adding T over and over.
 *
 * @param arrivalsMs - Order arrival times in ms, sorted ascending.
 * @param bucketSize - Bucket capacity in calls (the burst); must be ≥ 1. E.g. 40 on standard.
 * @param leakPerSecond - Leak rate in calls per second; must be > 0. E.g. 2 on standard.
 * @param startMs - When the bucket is empty and the client may start, in ms. Defaults to the first
 *   arrival (0 when there is none).
 * @returns One slot per arrival, in ms, in the same order.
 * @throws FunnelstormError `INTERNAL` when the plan is not a valid bucket or the arrivals are unsorted.
 * @example
 * idealDrainSchedule([0, 0, 0], 2, 1); // [0, 0, 1000]
 */
export function idealDrainSchedule(
  arrivalsMs: ArrayLike<number>,
  bucketSize: number,
  leakPerSecond: number,
  startMs?: number,
): number[] {
  const slots = new Array<number>(arrivalsMs.length);
  walkSlots(arrivalsMs, bucketSize, leakPerSecond, startMs, (index, slotMs) => {
    slots[index] = slotMs;
  });
  return slots;
}

/**
 * The last order's ideal slot, in ms: when the plan's ideal schedule (see {@link idealDrainSchedule},
 * same parameters) makes its final call. Returns `startMs` (or 0) when there are no arrivals. Keeps no
 * slot per order (issue 12: a million-order run's report). `callsPerArrival` (default 1): that many calls
 * at each arrival's time, as if each arrival were repeated that many times.
 *
 * @example
 * idealDrainEndMs(new Array(1000).fill(0), 40, 2); // 480_000: (1000 − 40) / 2 s
 */
export function idealDrainEndMs(
  arrivalsMs: ArrayLike<number>,
  bucketSize: number,
  leakPerSecond: number,
  startMs?: number,
  callsPerArrival = 1,
): number {
  let lastMs = startMs ?? 0;
  walkSlots(
    arrivalsMs,
    bucketSize,
    leakPerSecond,
    startMs,
    (_, slotMs) => {
      lastMs = slotMs;
    },
    callsPerArrival,
  );
  return lastMs;
}

/**
 * The GCRA walk of {@link idealDrainSchedule}: visits each call's slot in order, `callsPerArrival` calls
 * at each arrival's time (call i at arrival ⌊i / callsPerArrival⌋), as if each arrival were repeated.
 */
function walkSlots(
  arrivalsMs: ArrayLike<number>,
  bucketSize: number,
  leakPerSecond: number,
  startMs: number | undefined,
  visit: (index: number, slotMs: number) => void,
  callsPerArrival = 1,
): void {
  checkPlan(bucketSize, leakPerSecond);
  const intervalMs = 1000 / leakPerSecond;
  const start = startMs ?? arrivalsMs[0] ?? 0;
  // TAT = anchorMs + sinceAnchor · intervalMs.
  let anchorMs = start;
  let sinceAnchor = 0;
  let previousMs = -Infinity;
  for (let i = 0; i < arrivalsMs.length * callsPerArrival; i++) {
    const arrivalMs = arrivalsMs[Math.floor(i / callsPerArrival)] as number;
    if (!(arrivalMs >= previousMs)) throw unsorted(i, arrivalMs, previousMs);
    previousMs = arrivalMs;
    const tatMs = anchorMs + sinceAnchor * intervalMs;
    // TAT − τ, written so that it is one multiplication from the anchor.
    const fitsFromMs = anchorMs + (sinceAnchor - bucketSize + 1) * intervalMs;
    const slotMs = Math.max(arrivalMs, start, fitsFromMs);
    visit(i, slotMs);
    if (slotMs >= tatMs) {
      // The bucket has drained completely: the next TAT counts from this call.
      anchorMs = slotMs;
      sinceAnchor = 1;
    } else {
      sinceAnchor++;
    }
  }
}

function checkPlan(bucketSize: number, leakPerSecond: number): void {
  if (!(bucketSize >= 1 && Number.isFinite(bucketSize))) {
    throw new FunnelstormError(
      'INTERNAL',
      `Cannot compute the ideal drain schedule: bucketSize must be a finite number ≥ 1, got ${bucketSize}.`,
    );
  }
  if (!(leakPerSecond > 0 && Number.isFinite(leakPerSecond))) {
    throw new FunnelstormError(
      'INTERNAL',
      `Cannot compute the ideal drain schedule: leakPerSecond must be a finite number > 0, got ${leakPerSecond}.`,
    );
  }
}

function unsorted(index: number, arrivalMs: number, previousMs: number): FunnelstormError {
  return new FunnelstormError(
    'INTERNAL',
    `Cannot compute the ideal drain schedule: arrivalsMs must be sorted ascending numbers, but ` +
      `arrivalsMs[${index}] = ${arrivalMs} follows ${previousMs}. Please sort the arrivals first.`,
  );
}
