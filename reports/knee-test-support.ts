import type { KneeAssumptions, KneePoint, KneeSeedResult, KneeSweep, KneeSweepPlan } from './knee-model.js';

/** What shapes a hand-built plan curve in {@link fixtureKneePlan}. */
export interface FixturePlanShape {
  plan: string;
  bucketSize: number;
  leakPerSecond: number;
  concurrencies: number[];
  /** 429 share at each concurrency (defaults: none below twice the knee, then 0.2 % per knee). */
  share429?: (concurrency: number, knee: number) => number;
  deadLetters?: (concurrency: number) => number;
  /** Caps throughput below the ceiling, e.g. a slow pipeline (orders/s). */
  capOrdersPerSecond?: number;
}

/** The assumptions of the fixture: 2.5 s round trip + 500 ms server latency, 3 calls per order. */
export const fixtureAssumptions: KneeAssumptions = {
  roundTripMs: 2500,
  serverLatencyMs: 500,
  storeRoundTripMs: 0,
  callsPerOrder: 3,
  callHoldMs: 3000,
};

const orders = 1000;
const seedFactors = [0.98, 1, 1.02];

/**
 * A realistic capacity curve built by hand (no run): a launch of 1,000 orders at once; each worker
 * completes one order per calls-per-order × call-hold time until the plan's ceiling (leak ÷ calls per
 * order) binds, with a soft bend near the knee; p99 ≈ the drain time; 429s appear well past the knee; three
 * seeds spread ±2 %.
 */
export function fixtureKneePlan(shape: FixturePlanShape, assumptions = fixtureAssumptions): KneeSweepPlan {
  const ceiling = shape.leakPerSecond / assumptions.callsPerOrder;
  const perWorker = 1000 / (assumptions.callsPerOrder * assumptions.callHoldMs);
  const knee = ceiling / perWorker;
  const cap = Math.min(ceiling * 0.995, shape.capOrdersPerSecond ?? Infinity);
  const share429 = shape.share429 ?? ((n: number, k: number) => (n >= 2 * k ? (0.002 * n) / k : 0));
  const points = shape.concurrencies.map((concurrency): KneePoint => {
    // A soft minimum of the linear rise and the ceiling (p-norm), so the bend is not a sharp corner.
    const base = 1 / ((1 / (concurrency * perWorker)) ** 12 + (1 / cap) ** 12) ** (1 / 12);
    const runs = seedFactors.map((factor, i): KneeSeedResult => {
      const ordersPerSecond = base * (factor === 1 ? 1 : 1 + (factor - 1) * 0.5);
      const drainMs = (orders / ordersPerSecond) * 1000;
      const s429 = share429(concurrency, knee);
      return {
        seed: i + 1,
        orders,
        ordersPerSecond,
        callsPerSecond: ordersPerSecond * assumptions.callsPerOrder * (1 + s429),
        p50Ms: drainMs * 0.5,
        p99Ms: drainMs * 0.99 * factor * (1 + 4 * s429),
        queueWaitP99Ms: Math.max(0, drainMs * 0.99 - assumptions.callsPerOrder * assumptions.callHoldMs),
        share429: s429,
        deadLetters: shape.deadLetters?.(concurrency) ?? 0,
        drainMs,
      };
    });
    return summarise(concurrency, runs, ceiling);
  });
  return {
    plan: shape.plan,
    bucketSize: shape.bucketSize,
    leakPerSecond: shape.leakPerSecond,
    callsPerOrder: assumptions.callsPerOrder,
    ceilingOrdersPerSecond: ceiling,
    points,
  };
}

function summarise(concurrency: number, runs: KneeSeedResult[], ceiling: number): KneePoint {
  const mean = (pick: (r: KneeSeedResult) => number): number =>
    runs.reduce((a, r) => a + pick(r), 0) / runs.length;
  const range = (pick: (r: KneeSeedResult) => number) => ({
    min: Math.min(...runs.map(pick)),
    max: Math.max(...runs.map(pick)),
  });
  const ordersPerSecond = mean((r) => r.ordersPerSecond);
  return {
    concurrency,
    rateScale: 1,
    runs,
    ordersPerSecond,
    callsPerSecond: mean((r) => r.callsPerSecond),
    p50Ms: mean((r) => r.p50Ms),
    p99Ms: mean((r) => r.p99Ms),
    queueWaitP99Ms: mean((r) => r.queueWaitP99Ms),
    share429: mean((r) => r.share429),
    deadLetters: mean((r) => r.deadLetters),
    ceilingShare: ordersPerSecond / ceiling,
    spread: { ordersPerSecond: range((r) => r.ordersPerSecond), p99Ms: range((r) => r.p99Ms) },
  };
}

/** Standard (40/2) and plus (400/20) swept 1…128: Little's knee 6 on standard and 60 on plus. */
export function fixtureKneeSweep(): KneeSweep {
  const concurrencies = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 24, 32, 48, 64, 96, 128];
  return {
    scenario: { name: 'funnel-launch', file: 'scenarios/funnel-launch.yaml' },
    mode: 'sim',
    seeds: [1, 2, 3],
    assumptions: fixtureAssumptions,
    plans: [
      fixtureKneePlan({ plan: 'standard', bucketSize: 40, leakPerSecond: 2, concurrencies }),
      fixtureKneePlan({ plan: 'plus', bucketSize: 400, leakPerSecond: 20, concurrencies }),
    ],
  };
}
