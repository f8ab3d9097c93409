import type { DrillReport } from './drill-report.js';
import type { RunSeries } from './run-series.js';

/**
 * The versioned JSON report of one run. Everything here is a pure function of the scenario and the seed:
 * no wall-clock time, no host names, no absolute paths, so the same scenario and seed give a
 * byte-identical report (../shared/DESIGN.md). Later capabilities (time series, thresholds, comparison)
 * add fields; they never change the meaning of an existing one — bump {@link reportVersion} if they must.
 */
export const reportVersion = 1;

/** Latency percentiles, in milliseconds, from an HDR histogram (3 significant digits). */
export interface LatencySummary {
  /** Number of recorded values. */
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** One give-up of the pipeline, as the dead-letter queue recorded it. */
export interface DeadLetterEntry {
  sourceOrderId: string;
  reason: string;
  attempts: number;
}

/** How fast a backlog drained against the plan's ideal schedule (burst, then the leak rate). */
export interface DrainSummary {
  /** Virtual time of the first API call, in ms. */
  firstCallMs: number;
  /** Virtual time the last order completed (created or dead-lettered), in ms. */
  lastCompletionMs: number;
  /** lastCompletionMs − firstCallMs. */
  durationMs: number;
  /** The ideal schedule's length from the first call to the last order's slot, in ms. */
  idealMs: number;
  /** durationMs / idealMs; null when the ideal length is 0 (everything fits in the burst). */
  ratio: number | null;
  /**
   * The calls the ideal client makes per order: 1 (the create), plus 2 when the pipeline also updates the
   * order's customer (its read and its write). The ideal schedule spends that many slots per order.
   */
  callsPerOrder: number;
}

/** The customer audit (../shared/DESIGN.md, property 3) and the customer updates given up on. */
export interface CustomerSummary {
  /** Customers the audit checked: those with orders, or written at least once. */
  checked: number;
  /** Customers whose running totals differ from the sum of their orders: an update was lost (or doubled). */
  lostUpdates: number;
  /** Customer updates the pipeline gave up on and dead-lettered (their orders exist). */
  deadLettered: number;
}

/** What a run's fault plan did (the mock's injector counts; see mocks/faults/fault-stats.ts). */
export interface FaultReport {
  /** Rules in the plan. */
  rules: number;
  /** Requests the plan decided on. */
  requests: number;
  /**
   * Faults that took effect, per kind, every kind listed in a fixed order (throttle, status, latency,
   * reset, timeout, ambiguous, limits); `limits` counts windows entered. A rule that fired but lost to an
   * earlier one (first match wins) is not counted here.
   */
  byKind: Record<string, number>;
  /** Ambiguous faults that hid a 2xx: writes that happened while the client was told they failed. */
  ambiguousCommitted: number;
  /** Server time added by latency faults, summed over requests, in ms. */
  addedLatencyMs: number;
  /** Per rule, in plan order: how often its draw came up (`fired`) and took effect (`applied`). */
  byRule: { kind: string; fired: number; applied: number }[];
}

/** What the simulated network did beyond its fixed delays. */
export interface NetworkReport {
  /**
   * Requests held on their way to the shop (`network.pauses`): a paused client or a slow link, so the
   * request may reach the shop after its caller gave up or its lock lease ran out.
   */
  pausedRequests: number;
}

/** What Shopify's webhook redelivery did (scenarios/webhook-redelivery.ts). */
export interface WebhookReport {
  /** Delivery attempts that failed because the intake was down (`traffic.webhooks.intakeOutages`). */
  failedAttempts: number;
  /** Deliveries the pipeline got but answered after Shopify's 5 s (`slowShare`), so Shopify sent them again. */
  slowAnswers: number;
  /** Retries that reached the pipeline, after a failed or slow attempt. */
  redelivered: number;
  /** Orders none of whose attempts reached the pipeline: Shopify gave up after its last retry. */
  abandoned: number;
}

/** One shop's figures in a many-shop run (`shop.count`; sim/run-shops.ts). */
export interface ShopReport {
  domain: string;
  /** Source orders that went to this shop. */
  orders: number;
  created: number;
  duplicates: number;
  missing: number;
  deadLettered: number;
  /** Its customers whose totals differ from their orders'. */
  lostUpdates: number;
  /** Requests that reached this shop, and its own 429s. */
  calls: number;
  status429: number;
  /** End-to-end p99 of this shop's orders, in ms. */
  p99Ms: number;
  /** From this shop's first call to its last order's end, in ms (0 without calls). */
  drainMs: number;
  /** Its drain against its plan's ideal schedule (null when everything fit in the burst, or no calls). */
  drainRatio: number | null;
  /** The properties broken on this shop; empty when all hold. */
  brokenProperties: string[];
}

/** The six properties of ../shared/DESIGN.md, in its order. */
export const propertyNames = [
  'no-duplicates',
  'nothing-lost',
  'no-lost-updates',
  'mutual-exclusion',
  'bounded-p99',
  'rate-discipline',
] as const;

/** One of the six properties. */
export type PropertyName = (typeof propertyNames)[number];

/** A checker's verdict on one run. */
export interface PropertyVerdict {
  property: PropertyName;
  /**
   * False when the property makes no claim about this run (rate discipline with injected 429s, say); such a
   * verdict always `holds`.
   */
  applies: boolean;
  holds: boolean;
  /** One line for people: what was checked, with the figures (and, when broken, what broke). */
  detail: string;
  /** The source orders a violation involves, sorted, at most 20; empty when it holds. */
  orderIds: string[];
  /**
   * Bounded p99 only, when a bound is claimed: the run's p99 / the bound (≤ 1 holds). How tight the bound
   * is on a good pipeline: `funnelstorm check` reports the median over its runs.
   */
  ratio?: number;
}

/** The report of one `funnelstorm run`. */
export interface RunReport {
  /** Report format version. */
  funnelstormReport: typeof reportVersion;
  seed: number;
  scenario: {
    name: string;
    /** The scenario after defaults and flag overrides, exactly as it ran. */
    resolved: unknown;
  };
  shop: { plan: string; bucketSize: number; leakPerSecond: number };
  pipeline: { name: string; concurrency: number };
  orders: {
    /** Source orders the traffic generator emitted. */
    generated: number;
    /** Distinct source orders that exist in the shop. */
    created: number;
    /** Extra orders in the shop beyond one per source order. */
    duplicates: number;
    /** Source orders neither in the shop nor in the dead-letter queue. */
    missing: number;
    deadLettered: number;
    /**
     * Orders in the shop that carry no source order id: nobody can tell which source order they were for,
     * so nobody can reconcile them (each is counted as breaking no-duplicates).
     */
    unattributed: number;
    /** Source order ids in the shop that the traffic never sent (a pipeline inventing or mangling ids). */
    unexpected: number;
  };
  customers: CustomerSummary;
  api: {
    /** Requests that reached the shop. */
    calls: number;
    status429: number;
    /**
     * The sustained rate: calls beyond the first bucketful (the burst absorbs those), divided by the
     * active window from the first call sent to the last, in calls per second. Comparable with the leak rate.
     */
    callsPerSecond: number;
    leakPerSecond: number;
    /** callsPerSecond / leakPerSecond: how much of the plan's sustained capacity the run used. */
    leakUtilisation: number;
    /** status429 / calls (0 without calls), to 4 decimals: the 429 share of the calls that reached the shop. */
    status429Share: number;
    /**
     * Retries the client issued: repeats inside the retry stage, and requests of a stage that continues
     * after a failure (a lookup after an ambiguous create, a customer re-read). Counted when they leave the
     * retry stage, before any wait for a throttle slot; a retry the budget refuses is not issued.
     */
    retries: number;
    /**
     * The most retries issued within any 100 ms: the size of a retry wave. Without jitter, clients that
     * failed together come back together; the throttle then still spaces what reaches the shop.
     */
    retryPeakPer100Ms: number;
  };
  /** Present when the scenario's network holds requests (`network.pauses`). */
  network?: NetworkReport;
  /** Present when the scenario's webhooks have intake outages or slow answers, which Shopify redelivers. */
  webhooks?: WebhookReport;
  /**
   * Present when the scenario has a `faults` section. Requests a pre-request fault answered (throttle,
   * status, reset, timeout) never reached the shop and are not counted in `api`.
   */
  faults?: FaultReport;
  drain: DrainSummary | null;
  /**
   * The verdicts of the six properties of ../shared/DESIGN.md (sim/properties/), in their order; present
   * on sim runs (live runs have no whole history).
   */
  properties?: PropertyVerdict[];
  latencyMs: {
    /** From the order's arrival to its completion (created or dead-lettered). */
    endToEnd: LatencySummary;
    /** From a request leaving the client to its answer, per attempt. */
    apiCall: LatencySummary;
  };
  /** Virtual time when the run ended, in ms. */
  virtualDurationMs: number;
  /** Simulator events processed (a measure of work, not of time). */
  events: number;
  deadLetters: DeadLetterEntry[];
  /**
   * Present on a many-shop run (`shop.count`): each shop's figures, in rank order. The figures above are
   * then the whole run's: counts summed over shops, `api.leakPerSecond` the shops' leak rates summed,
   * properties holding only when they hold on every shop (sim/merge-shop-reports.ts).
   */
  shops?: ShopReport[];
  /** Time series and the latency spectrum, for charts; present when the run was asked to record them. */
  series?: RunSeries;
  /** The webhook sender's figures; present on `funnelstorm drill` reports only. */
  drill?: DrillReport;
}
