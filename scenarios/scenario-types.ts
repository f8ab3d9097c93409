import type { WorkflowStep } from '../pipeline/workflow-steps.js';
import type { FaultPlan, FaultRoute } from '../mocks/faults/fault-plan.js';
import type { PlanName } from '../mocks/plans.js';

/**
 * The resolved, fully-defaulted scenario that {@link parseScenario} returns and a run (and its report) uses.
 * The file format is described in `scenarios/funnel-launch-standard.yaml`; the validating schema is
 * {@link scenarioSchema}.
 */
export interface Scenario {
  /** The scenario's name, shown in every report. Required, non-empty. */
  name: string;
  /** Free text for the reader; absent when the file has none. */
  description?: string;
  /** The run's seed: an integer in [0, 2^32). Defaults to 1. */
  seed: number;
  /** The shop under load: its plan and the plan's resolved REST limits. */
  shop: ShopSettings;
  /** The simulated network between the pipeline and Shopify. */
  network: NetworkSettings;
  /** The pipeline's state store in sim mode. Absent when the file has none: every Store operation is instant. */
  store?: StoreSettings;
  /** The orders that arrive, phase after phase. */
  traffic: TrafficSettings;
  /** The system under test and its settings. */
  pipeline: PipelineSettings;
  /**
   * The faults the mock Shopify injects, windows counted from the run's start (virtual 0): the same
   * format as a fault-plan file (mocks/faults/fault-plan.ts; `scenarios/chaos-standard.yaml` shows it).
   * Absent when the file has none: no faults.
   */
  faults?: FaultPlan;
  /**
   * Pass marks for the run, k6-style (`p99 < 30s`, `duplicates == 0`, `rate429 < 0.01`): `run` exits 1
   * when one fails (reports/thresholds.ts reads them). Absent when the file has none.
   */
  thresholds?: string[];
  /**
   * The steps one order costs, in order (scenarios/workflow-schema.ts reads them; pipeline/workflow-
   * steps.ts says how the reference protects each). Absent: the default workflow — the create, then the
   * customer's `funnelstorm.loyalty` metafield (3 calls).
   */
  workflow?: WorkflowStep[];
}

/** A named Shopify plan, or `custom` with its own limits. */
export type ShopPlan = PlanName | 'custom';

/** The shop: its plan and the REST leaky-bucket limits resolved from the plan table (or given, for `custom`). */
export interface ShopSettings {
  /** The plan. */
  plan: ShopPlan;
  /** REST bucket size, in calls: the plan table's value, or the file's for `custom`. */
  bucketSize: number;
  /** REST leak rate, in calls per second: the plan table's value, or the file's for `custom`. */
  leakPerSecond: number;
  /**
   * Many shops (a multi-brand merchant): the launch's orders spread over this many shops, each on this plan
   * with its own bucket, its own customers and its own pipeline (`pipeline.concurrency` workers each, a
   * throttle keyed by its shop). An integer in [2, 100]; absent: one shop (sim/run-shops.ts).
   */
  count?: number;
  /**
   * With `count`: each shop's share of the orders, as weights (≥ 0, not all 0; one per shop), each order
   * assigned independently from the seed. Absent: equal shares.
   */
  shares?: number[];
}

/** The simulated network. */
export interface NetworkSettings {
  /** The fixed round trip between pipeline and Shopify, in milliseconds. Defaults to 100. */
  roundTripMs: number;
  /** The uniform extra delay added to each direction, at most this many milliseconds. Defaults to 0. */
  jitterMs: number;
  /** Requests held on their way to the shop. Absent when the file has none: no request is held. */
  pauses?: NetworkPauses;
}

/**
 * Requests held on their way to the shop: a process pause (GC, a stopped VM) or a slow link between a
 * lock check and the write it guards — Kleppmann's case in "How to do distributed locking", where a write
 * reaches the resource after the writer's lease has run out. Each request is held independently.
 */
export interface NetworkPauses {
  /** The chance that a request is held, in [0, 1]. Required. */
  probability: number;
  /** How much longer a held request takes to reach the shop, in milliseconds: in (0, 3,600,000]. Required. */
  durationMs: number;
  /**
   * The routes whose requests may be held, named as in a fault rule's `match.route` (`orders.create`,
   * `customers.update`, …; one or a list in the file). Absent: every request. Holding only
   * `customers.update` is the lock holder's pause; an `orders.create` held past the request timeout can
   * land after the pipeline's lookup found nothing, and then no client can avoid a duplicate — Shopify's
   * REST order create takes no idempotency key (../shared/SHOPIFY.md, "Orders").
   */
  route?: FaultRoute[];
}

/** The simulated Store (the in-memory store on the virtual clock; sim/round-trip-store.ts). */
export interface StoreSettings {
  /**
   * The round trip of every Store operation — claim, lock, fencing counter, throttle slot — in
   * milliseconds, in [0, 3,600,000]: about 0.5 for a Redis on the same host, milliseconds for a remote one.
   * The operation takes effect midway. 0 is an instant store, as when the section is absent.
   */
  roundTripMs: number;
}

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

/**
 * The pipelines a scenario can run: the reference, or a naive baseline — the reference minus one
 * guarantee, with the defect it is named for (pipeline/pipeline-variants.ts):
 * - `reference` — every guarantee: claim, lookup after an ambiguous create, fenced customer mutex,
 *   jittered backoff, shared throttle;
 * - `no-idempotency` — no claim and no lookup: creates again after an ambiguous failure → duplicates;
 * - `no-reconcile` — claims, but creates again after an ambiguous failure without a lookup → duplicates;
 * - `no-mutex` — the customer's read-modify-write without lock or fencing token → lost updates;
 * - `no-jitter` — backoff min(cap, base × 2^n) without jitter → retries in synchronised waves;
 * - `fixed-sleep` — no throttle, a 600 ms sleep after every call → a 429 storm and a slower drain.
 */
export type PipelineName =
  'reference' | 'no-idempotency' | 'no-reconcile' | 'no-mutex' | 'no-jitter' | 'fixed-sleep';

/** The system under test. */
export interface PipelineSettings {
  /** Which pipeline: the reference or a naive baseline (see {@link PipelineName}). Defaults to `reference`. */
  name: PipelineName;
  /** Orders worked on at once: an integer in [1, 4096]. Defaults to 8. */
  concurrency: number;
  /** Requests per order (retries and lookups included) before dead-lettering: an integer in [1, 100]. Defaults to 8. */
  maxAttempts: number;
  /** Backoff base delay, in milliseconds (> 0). Defaults to 500. */
  baseDelayMs: number;
  /** Backoff cap, in milliseconds (≥ `baseDelayMs`). Defaults to 30,000. */
  maxDelayMs: number;
  /** How long one request may take before the client gives up, in milliseconds (> 0). Defaults to 10,000. */
  requestTimeoutMs: number;
  /**
   * Retries allowed per first attempt over the retry budget's 60 s window, shared by all workers: a number
   * in [0, 1]. Defaults to 0.1 (Google SRE, "Handling Overload"). Keep it above the share of calls that
   * fail in normal running, or retries wait for the budget and are dead-lettered after an hour.
   */
  retryBudgetRatio: number;
}

/**
 * The reference pipeline's customer-lock lease, in ms (`lockTtlMs` in pipeline/reference-pipeline.ts, read
 * as data): `pipeline.requestTimeoutMs` must stay below it, since a fenced write is sent only while the
 * lease has a request timeout left.
 */
export const customerLockLeaseMs = 30_000;

/** The defaults of the `network` section. */
export const defaultNetworkSettings: Readonly<NetworkSettings> = { roundTripMs: 100, jitterMs: 0 };

/** The defaults of a `traffic.webhooks` section (no duplicates, none late). */
export const defaultWebhookSettings: Readonly<WebhookSettings> = {
  duplicateShare: 0,
  duplicateDelaySeconds: 60,
  lateShare: 0,
  lateDelaySeconds: 300,
};

/** The defaults of the `pipeline` section. */
export const defaultPipelineSettings: Readonly<PipelineSettings> = {
  name: 'reference',
  concurrency: 8,
  maxAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  requestTimeoutMs: 10_000,
  retryBudgetRatio: 0.1,
};

/** Every default a scenario file may leave out. */
export const defaultScenarioValues = {
  /** The seed: 1. */
  seed: 1,
  /** `traffic.customers`: 100. */
  customers: 100,
  /** The `network` section. */
  network: defaultNetworkSettings,
  /** The `pipeline` section. */
  pipeline: defaultPipelineSettings,
} as const;
