/**
 * The traffic section of a scenario: its phases, arrival processes and webhook deliveries (split from
 * scenarios/scenario-types.ts, which re-exports every name here).
 */

/**
 * How a phase's orders arrive (see `scenarios/phase-arrival-times.ts` and docs/scenario-format.md for the
 * exact semantics): the count-or-rate kinds `poisson`, `constant`, `spike`; the launch shapes `ramp`,
 * `step`, `wave`, `diurnal`, `rate-csv` and `hawkes` (open-model rate functions); `idle` (no orders);
 * `trace` (a replayed file of timestamped orders).
 */
export type ArrivalKind =
  | 'poisson'
  | 'constant'
  | 'spike'
  | 'ramp'
  | 'step'
  | 'wave'
  | 'diurnal'
  | 'rate-csv'
  | 'hawkes'
  | 'idle'
  | 'trace';

/**
 * One phase of traffic. Phases follow each other in time: a phase starts when the previous one's
 * `durationSeconds` has passed. Exactly one of `orders` and `ratePerSecond` is set (`spike`: `orders`).
 */
export interface TrafficPhase {
  /** A label for reports. Defaults to `phase-<index>`, the index as in error paths (from 0). */
  name: string;
  /** The arrival process. */
  arrival: ArrivalKind;
  /**
   * The phase's length, in seconds: > 0 for `poisson`, `constant` and the launch shapes, ≥ 0 for `spike`
   * and `idle`. Required except for `trace`, where it is optional (absent: the phase ends at the trace's
   * last order; given: orders past it are not replayed).
   */
  durationSeconds?: number;
  /** The exact number of orders in the phase (an integer ≥ 0; 0 is an idle phase). */
  orders?: number;
  /**
   * The mean arrival rate, in orders per second (> 0): `poisson` and `constant`; `diurnal`'s mean over a
   * period. Not allowed with `spike`.
   */
  ratePerSecond?: number;
  /**
   * The half-life, in seconds: of `spike`'s decaying rate (absent: all orders at the start), of `wave`'s
   * exponential decay, of `hawkes`' excitation after each order.
   */
  halfLifeSeconds?: number;
  /** `ramp` and `step`: the rate at the phase's start, in orders per second (≥ 0). */
  fromPerSecond?: number;
  /** `ramp` and `step`: the rate at the phase's end (`ramp`, linear in between) or after `atSeconds` (`step`). */
  toPerSecond?: number;
  /** `step`: when the rate jumps from `fromPerSecond` to `toPerSecond`, in seconds from the phase's start. */
  atSeconds?: number;
  /** `wave`: the rate right after the jump, at the phase's start, in orders per second (> 0). */
  peakPerSecond?: number;
  /**
   * The background rate, in orders per second: `wave`'s floor the wave decays to (≥ 0, default 0);
   * `hawkes`' immigrant rate μ (> 0, required).
   */
  basePerSecond?: number;
  /**
   * `wave` with a power-law (Omori) decay: the exponent α > 0 of rate = base + (peak − base)·(1 + t/τ)^(−α).
   * Exactly one of `halfLifeSeconds` (exponential) and `exponent` (power law) is given.
   */
  exponent?: number;
  /** `wave` with a power-law decay: the timescale τ, in seconds (> 0). */
  timescaleSeconds?: number;
  /** `diurnal`: the swing around the mean, in [0, 1]: rate = mean·(1 + amplitude·cos(2π(t − peakAt)/period)). */
  amplitude?: number;
  /** `diurnal`: the period, in seconds. Defaults to 86,400 (a day). */
  periodSeconds?: number;
  /** `diurnal`: when the rate peaks, in seconds from the phase's start. Defaults to 0. */
  peakAtSeconds?: number;
  /** `hawkes`: the branching ratio n in [0, 1): the mean number of orders each order triggers. */
  branchingRatio?: number;
  /**
   * `rate-csv` and `trace`: the file to read, relative to the scenario file (resolved when the scenario is
   * loaded). `rate-csv`: rows of `seconds,ratePerSecond`; `trace`: a CSV (Shopify's order export or a
   * generic one) or JSONL of timestamped orders (docs/scenario-format.md).
   */
  file?: string;
  /** `trace`: how many times faster than recorded the trace replays (> 0). Defaults to 1; `--speed` overrides it. */
  speed?: number;
  /**
   * `trace`: the volume multiplier (> 0): each recorded order is replayed ⌊scale⌋ times (copies after the
   * first spread uniformly over the gap to the next recorded order) plus once more with chance
   * scale − ⌊scale⌋ (thinning). Defaults to 1; `--scale` overrides it.
   */
  scale?: number;
}

/** The traffic: how many customers, how orders pick them, how their webhooks arrive, and which phases. */
export interface TrafficSettings {
  /** The number of distinct customers; each order picks one (uniformly unless `customerSkew`). Defaults to 100. */
  customers: number;
  /**
   * The Zipf exponent s of the customer each order picks, in [0, 4]: customer k (1 … `customers`) is picked
   * with weight 1/k^s, so a few customers get most orders and race on their records. 0 is uniform; at
   * s = 1 customer 1 gets 1/H(customers) of the orders (about 19 % of 100 customers). Absent when the file
   * has none: uniform. Above 0 it needs `customers` ≤ 1,000,000 (the sampler keeps a table of them).
   */
  customerSkew?: number;
  /** How the orders' webhooks reach the pipeline. Absent when the file has none: each once, on arrival. */
  webhooks?: WebhookSettings;
  /** The phases, in time order; at least one. */
  phases: TrafficPhase[];
}

/**
 * Duplicate and late webhook deliveries. Shopify redelivers with the same payload and webhook id, does not
 * guarantee order, and may deliver late (../shared/SHOPIFY.md, "Webhooks"; shopify.dev/docs/apps/build/
 * webhooks/ignore-duplicates). Each order is late, and duplicated, independently with the given shares.
 */
export interface WebhookSettings {
  /** The chance that an order's webhook is delivered a second time, in [0, 1]. Defaults to 0. */
  duplicateShare: number;
  /**
   * The second delivery comes uniform(0, this] seconds after the first, in (0, 14,400] (Shopify retries for
   * 4 hours). Defaults to 60.
   */
  duplicateDelaySeconds: number;
  /** The chance that an order's (first) delivery is late, in [0, 1]. Defaults to 0. */
  lateShare: number;
  /** A late delivery comes uniform(0, this] seconds after the order's arrival, in (0, 14,400]. Defaults to 300. */
  lateDelaySeconds: number;
  /**
   * The chance that the receiver answers a delivery after Shopify's 5 s (a GC pause, a slow intake): the
   * pipeline got it, but Shopify counts it failed and redelivers it on its retry schedule — a duplicate of
   * an order already in work. In [0, 1]; absent: 0.
   */
  slowShare?: number;
  /**
   * Out-of-order delivery: each order's first delivery lands uniform[0, this) seconds after its turn, so
   * orders closer together than this may arrive in either order. In (0, 14,400]; absent: in order.
   */
  reorderWindowSeconds?: number;
  /**
   * Windows in which the pipeline's webhook intake is down: a delivery attempt inside one fails and
   * Shopify redelivers it on its retry schedule. Absent: the intake never fails.
   */
  intakeOutages?: IntakeOutage[];
  /**
   * When Shopify retries a failed or slow delivery, in seconds after the first attempt, ascending (at most
   * 20). Absent: {@link shopifyRetryScheduleSeconds}, 8 retries over 4 hours.
   */
  retryScheduleSeconds?: number[];
}

/** A window in which the webhook intake answers nothing (a deploy, a crashed receiver). */
export interface IntakeOutage {
  /** When it starts, in seconds from the run's start (≥ 0). */
  startSeconds: number;
  /** How long it lasts, in seconds (> 0). */
  durationSeconds: number;
}

/**
 * Shopify's redelivery schedule, in seconds after the first attempt: 8 retries over 4 hours with
 * exponential backoff, the payload and webhook id unchanged (shopify.dev/changelog/updates-to-webhook-
 * retry-mechanism, 2024-09-10). The intervals are not published (a guess, hence a setting): each wait
 * doubles, and the eighth retry lands at 4 h — waits of 14,400 / 255 × 2^k s, k = 0 … 7 (56.5 s, 113 s, …,
 * 2 h), so retries at 56.5 s, 169 s, 395 s, 847 s, 1,751 s, 3,558 s, 7,172 s and 14,400 s.
 */
export const shopifyRetryScheduleSeconds: readonly number[] = Array.from({ length: 8 }, (_, k) =>
  Number((((2 ** (k + 1) - 1) * 14_400) / 255).toFixed(3)),
);
