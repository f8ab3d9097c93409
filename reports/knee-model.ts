/**
 * The model of a capacity sweep (`funnelstorm knee`): what one point of the sweep measured, what a whole
 * sweep holds, and what the analysis concludes. The sweep runner (sim or live) fills {@link KneeSweep};
 * the analysis (Kneedle, the Universal Scalability Law fit, Little's law) reads it and returns a
 * {@link KneeAnalysis}; the formatters (terminal, JSON, Markdown, HTML chart) read both. Nothing here runs
 * anything.
 */

/**
 * The figures one run measures, and a point averages over its runs (in {@link KneePoint}: the means over
 * the seeds' runs).
 */
export interface KneeFigures {
  /**
   * Completed orders per second over the window in which a backlog existed (work waited for a worker or
   * for the bucket), or, when no backlog formed, over the run's busiest 10 s (the pipeline kept up with
   * the launch: sim/knee-recorder.ts). Comparable with {@link KneeSweepPlan.ceilingOrdersPerSecond}.
   */
  ordersPerSecond: number;
  /** Requests that reached the shop per second over the same window. Comparable with the leak rate. */
  callsPerSecond: number;
  /** End-to-end latency (arrival to completion), median and 99th percentile, in ms. */
  p50Ms: number;
  p99Ms: number;
  /** Time an order waited for a free worker, 99th percentile, in ms. */
  queueWaitP99Ms: number;
  /** The shop's own 429s / requests that reached the shop (0 to 1). */
  share429: number;
  deadLetters: number;
}

/** One run of one sweep point: one seed at one concurrency on one plan. */
export interface KneeSeedResult extends KneeFigures {
  seed: number;
  /** Source orders the run generated. */
  orders: number;
  /** Virtual (sim) or wall (live) time from the first arrival to the last completion, in ms. */
  drainMs: number;
  /**
   * The length of the backlog window the throughput was measured over, in ms; 0 when no backlog formed
   * (every order found a free worker and the bucket room). Absent when the runner does not know it.
   */
  backlogMs?: number;
}

/** One point of the sweep: the runs of every seed at one concurrency (and one arrival scaling). */
export interface KneePoint extends KneeFigures {
  /** Pipeline workers. */
  concurrency: number;
  /** The arrival-rate multiplier of this point (`--rates`); 1 without it. */
  rateScale: number;
  /** One result per seed, in seed order. */
  runs: KneeSeedResult[];
  /** ordersPerSecond / the plan's ceiling (0 to about 1). */
  ceilingShare: number;
  /** The spread across seeds: the lowest and highest of each run's figure. */
  spread: {
    ordersPerSecond: { min: number; max: number };
    p99Ms: { min: number; max: number };
  };
}

/** The sweep of one plan. */
export interface KneeSweepPlan {
  /** The plan's name (`standard`, `plus`, `custom`, …). */
  plan: string;
  bucketSize: number;
  leakPerSecond: number;
  /** REST calls one order costs in the scenario's workflow, retries aside. */
  callsPerOrder: number;
  /** The plan's ceiling: leakPerSecond / callsPerOrder, in orders per second. */
  ceilingOrdersPerSecond: number;
  /** The points, by ascending concurrency (then rate scale). */
  points: KneePoint[];
}

/** The assumptions a sweep's answer depends on; printed with every recommendation. */
export interface KneeAssumptions {
  /** The simulated network's round trip, in ms (live: measured). */
  roundTripMs: number;
  /** The shop's added server latency per call (a fixed or median figure), in ms; 0 without one. */
  serverLatencyMs: number;
  /** The Store's round trip per operation, in ms; 0 without one. */
  storeRoundTripMs: number;
  /** REST calls per order of the declared workflow. */
  callsPerOrder: number;
  /** The time one call holds a worker: round trip + server latency (+ the Store's share), in ms. */
  callHoldMs: number;
}

/** The whole sweep, as `knee --json` writes it (with its analysis). */
export interface KneeSweep {
  /** The scenario's name and the file it came from. */
  scenario: { name: string; file: string };
  mode: 'sim' | 'live';
  /** The seeds every point ran. */
  seeds: number[];
  assumptions: KneeAssumptions;
  plans: KneeSweepPlan[];
}

/** A Universal Scalability Law fit: X(N) = λN / (1 + σ(N − 1) + κN(N − 1)). */
export interface UslFit {
  /** Throughput of one worker (orders/s). */
  lambda: number;
  /** Contention, ≥ 0. */
  sigma: number;
  /** Coherency, ≥ 0. */
  kappa: number;
  /** Coefficient of determination of the fit, 0 to 1. */
  rSquared: number;
  /** ⌊√((1 − σ) / κ)⌋: the concurrency of peak throughput; undefined when κ = 0 (no peak). */
  peakConcurrency?: number;
}

/** What the analysis concludes for one plan. */
export interface KneePlanAnalysis {
  plan: string;
  /** The knee of throughput against concurrency by Kneedle; undefined when the curve has none. */
  kneeConcurrency?: number;
  usl?: UslFit;
  /** Little's law's analytical knee: ⌈leak rate × call hold time⌉ (calls in flight at the ceiling). */
  littleConcurrency: number;
  /** The recommended concurrency and the evidence for it (a point of the sweep). */
  recommended?: { concurrency: number; ceilingShare: number; p99Ms: number; share429: number };
  /** The recommendation in words, with its evidence. */
  text: string;
}

/** One row of a one-at-a-time sensitivity analysis: the knee when one assumption is changed. */
export interface KneeSensitivity {
  /** The assumption changed (`roundTripMs`, `serverLatencyMs`, `storeRoundTripMs`, `callsPerOrder`). */
  assumption: keyof KneeAssumptions;
  /** Its value in the sweep and in this row. */
  from: number;
  to: number;
  plan: string;
  kneeConcurrency?: number;
}

/** The analysis of a whole sweep. */
export interface KneeAnalysis {
  plans: KneePlanAnalysis[];
  sensitivity: KneeSensitivity[];
}
