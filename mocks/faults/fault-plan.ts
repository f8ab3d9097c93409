/**
 * The fault plan: plain data that says which faults the mock Shopify injects, when and into which requests.
 * The same plan drives the simulator, the node:http server and the msw handlers. It is validated by
 * `faultPlanSchema` (fault-plan-schema.ts) and read from YAML or JSON by `parseFaultPlan`.
 *
 * Evaluation order for each request (fault-injector.ts):
 * 1. `limits` windows that started or ended since the last request are applied at their exact times.
 * 2. Every other rule whose `match` and `window` cover the request draws its decision from its own random
 *    stream, whether or not an earlier rule fired — so adding a rule never changes another's decisions.
 * 3. Pre-request faults (`throttle`, `status`, `reset`, `timeout`): the first that fired, in plan order,
 *    answers and the model never sees the request.
 * 4. Otherwise the model handles the request; then the first `ambiguous` rule that fired replaces its answer.
 * 5. The samples of every `latency` rule that fired add up into the server time of whatever is answered.
 */

/** Every kind of fault, in the order reports list them. */
export const faultKinds = [
  'throttle',
  'status',
  'latency',
  'reset',
  'timeout',
  'ambiguous',
  'limits',
] as const;

/** A kind of fault. */
export type FaultKind = (typeof faultKinds)[number];

/** The statuses a `status` fault answers with: Shopify's 5xx (SHOPIFY.md, "Errors", doc) and 408. */
export const faultStatuses = [500, 502, 503, 504, 408] as const;

/** A status a `status` fault answers with. */
export type FaultStatus = (typeof faultStatuses)[number];

/** What the client sees after an ambiguous commit: a 5xx, a dropped connection, or no answer at all. */
export const ambiguousOutcomes = [500, 502, 503, 504, 'reset', 'timeout'] as const;

/** What the client sees after an ambiguous commit. */
export type AmbiguousOutcome = (typeof ambiguousOutcomes)[number];

/**
 * The routes a rule may match, named `resource.action` after the Admin API's REST routes, and `graphql`.
 * `customers.get` / `customers.update` are the customer read-modify-write: the customer record and its
 * metafields (fault-route.ts).
 */
export const faultRoutes = [
  'orders.create',
  'orders.list',
  'orders.get',
  'orders.update',
  'orders.metafields.get',
  'orders.metafields.set',
  'customers.get',
  'customers.update',
  'fulfillments.list',
  'fulfillments.create',
  'graphql',
] as const;

/** A route a rule may match. */
export type FaultRoute = (typeof faultRoutes)[number];

/** A stretch of time in which a rule applies: `fromSeconds` ≤ t < `toSeconds`, from the face's origin. */
export interface FaultWindow {
  /** Start, in seconds from the face's time origin (virtual 0 in the simulator; server start over HTTP). ≥ 0. */
  fromSeconds: number;
  /** End (exclusive), in seconds from the same origin. > `fromSeconds`. */
  toSeconds: number;
}

/** Which requests a rule applies to. Every listed field must match; an absent field matches anything. */
export interface FaultMatch {
  /** HTTP methods, upper-case (a file may give one string, in any case). */
  method?: string[];
  /** Routes (a file may give one name). A request the model does not route matches no route. */
  route?: FaultRoute[];
  /** Shop domains, lower-case (a file may give one string, in any case). */
  shop?: string[];
}

/** How much server time a `latency` fault adds, in milliseconds. */
export type LatencyDistribution =
  /** Always `ms`. */
  | { distribution: 'fixed'; ms: number }
  /** Uniform in [`minMs`, `maxMs`). */
  | { distribution: 'uniform'; minMs: number; maxMs: number }
  /** Log-normal with median `medianMs` and shape `sigma` (the standard deviation of ln x), capped at `capMs`. */
  | { distribution: 'lognormal'; medianMs: number; sigma: number; capMs: number }
  /** Pareto (type I) with minimum `scaleMs` and tail index `shape`, capped at `capMs`. */
  | { distribution: 'pareto'; scaleMs: number; shape: number; capMs: number };

/** The name of a latency distribution. */
export type LatencyDistributionName = LatencyDistribution['distribution'];

/**
 * The cap of the heavy-tailed distributions when a plan gives none, in milliseconds: 60 s. A guess (a
 * Pareto tail is unbounded; no client waits that long) and a setting: `capMs`.
 */
export const defaultLatencyCapMs = 60_000;

/** When and to what a probabilistic rule applies. */
export interface FaultTrigger {
  /**
   * The chance the rule fires for a request it covers, in [0, 1]. With a `window`, the chance inside the
   * window; defaults to 1 there. Without a window it is required.
   */
  probability: number;
  /** Absent: always. */
  window?: FaultWindow;
  /** Absent: every request. */
  match?: FaultMatch;
}

/** One rule of a {@link FaultPlan}. */
export type FaultRule =
  /** A spurious 429 exactly as a real one looks; the bucket is not touched. */
  | (FaultTrigger & { kind: 'throttle' })
  /** A Shopify-ish error answer (`{"errors":"..."}`); nothing is applied. */
  | (FaultTrigger & { kind: 'status'; status: FaultStatus })
  /** Server time added to the answer; adds up over every latency rule that fires. */
  | (FaultTrigger & { kind: 'latency'; latency: LatencyDistribution })
  /** The connection dropped before an answer; nothing is applied. */
  | (FaultTrigger & { kind: 'reset' })
  /** No answer ever (the client's own timeout ends the wait); nothing is applied. */
  | (FaultTrigger & { kind: 'timeout' })
  /** The model handles the request (the write happens), then the client sees `then` instead. */
  | (FaultTrigger & { kind: 'ambiguous'; then: AmbiguousOutcome })
  /**
   * The REST limits of every bucket lowered during `window`, then restored ("Shopify may lower limits
   * temporarily to protect the platform", SHOPIFY.md, doc). Window only: no probability, no match.
   */
  | { kind: 'limits'; window: FaultWindow; bucketSize: number; leakPerSecond: number };

/** A rule that is not `limits`: one the injector draws for, request by request. */
export type RequestFaultRule = Exclude<FaultRule, { kind: 'limits' }>;

/** A `limits` rule. */
export type LimitsFaultRule = Extract<FaultRule, { kind: 'limits' }>;

/**
 * A validated fault plan: its rules, in evaluation order. An empty list injects nothing.
 *
 * @example
 * const plan: FaultPlan = {
 *   rules: [
 *     { kind: 'ambiguous', then: 503, probability: 0.05, match: { route: ['orders.create'] } },
 *     { kind: 'status', status: 503, probability: 1, window: { fromSeconds: 600, toSeconds: 660 } },
 *     { kind: 'latency', probability: 1, latency: { distribution: 'lognormal', medianMs: 80, sigma: 0.5, capMs: 60_000 } },
 *   ],
 * };
 */
export interface FaultPlan {
  rules: FaultRule[];
}

/** The plan that injects nothing. */
export const emptyFaultPlan: Readonly<FaultPlan> = Object.freeze({ rules: [] });
