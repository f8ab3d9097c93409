import type { WorkflowStep } from '../pipeline/workflow-steps.js';
import type { FaultPlan, FaultRoute } from '../mocks/faults/fault-plan.js';
import type { PlanName } from '../mocks/plans.js';
import type { TrafficSettings, WebhookSettings } from './traffic-settings.js';

export type {
  ArrivalKind,
  IntakeOutage,
  TrafficPhase,
  TrafficSettings,
  WebhookSettings,
} from './traffic-settings.js';
export { shopifyRetryScheduleSeconds } from './traffic-settings.js';

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
