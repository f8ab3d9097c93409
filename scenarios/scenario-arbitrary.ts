import fc from 'fast-check';
import { isPlanName, planNames, plans } from '../mocks/plans.js';
import { FunnelstormError } from '../runtime/errors.js';
import { faultPlanDocumentArbitrary } from './scenario-arbitrary-faults.js';
import { between, compact, decimal, sometimes } from './scenario-arbitrary-parts.js';
import { trafficDocumentArbitrary } from './scenario-arbitrary-traffic.js';
import { sizedConcurrency } from './sized-concurrency.js';
import type { ScenarioInput } from './scenario-schema.js';
import type { PipelineName } from './scenario-types.js';

/**
 * A scenario document: the plain data a scenario file holds, before defaults — what `validateScenario`
 * takes and what `scenarioDocumentToYaml` writes, so a generated case can be saved as a file that
 * `funnelstorm run` replays exactly.
 */
export type ScenarioDocument = ScenarioInput;

/** Options of {@link scenarioDocumentArbitrary}. */
export interface ScenarioArbitraryOptions {
  /** The pipeline every document runs (`pipeline.name`). Defaults to `reference`. */
  pipeline: PipelineName;
  /** The most orders a document has over all its phases, ≥ 1. Defaults to 200. */
  maxOrders: number;
  /** Whether documents may have a `faults` section (about 75 % of them do). Defaults to true. */
  faults: boolean;
  /** Whether documents may have a `traffic.webhooks` section (30 % of them do). Defaults to true. */
  webhooks: boolean;
  /** Whether documents may have a `network.pauses` section (25 % of them do). Defaults to true. */
  pauses: boolean;
  /** The scenario's `name`. Defaults to `generated`. */
  name: string;
}

/** The defaults of {@link ScenarioArbitraryOptions}. */
export const defaultScenarioArbitraryOptions: Readonly<ScenarioArbitraryOptions> = {
  pipeline: 'reference',
  maxOrders: 200,
  faults: true,
  webhooks: true,
  pauses: true,
  name: 'generated',
};

/** The most workers a generated scenario runs (`pipeline.concurrency`). */
export const maxGeneratedConcurrency = 64;

/**
 * The shop: one of the five named plans, or 1 time in 6 a `custom` plan with its own REST limits (a bucket
 * of 10 … 800 calls leaking 0.5 … 40 per second, the range of the named plans and below). Not below 10
 * calls: the reference throttle keeps one call of headroom against network jitter, and on a bucket of one
 * or two calls jitter alone overflows it (a 429 storm with no fault at all) — no Shopify plan is that small.
 */
const shop = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.constantFrom(...planNames).map((plan) => ({ plan })), weight: 5 },
  {
    arbitrary: fc
      .record({ bucketSize: between(10, 800), leakPerSecond: decimal(0.5, 40, 1) })
      .map(({ bucketSize, leakPerSecond }) => ({ plan: 'custom' as const, bucketSize, leakPerSecond })),
    weight: 1,
  },
);

/**
 * Requests held on their way to the shop: up to 5 % of them. Either any request, for 0.1 … 8 s — always
 * shorter than the 10 s request timeout, so the client is still waiting when it lands — or the customer
 * lock holder's reads and writes only, for 8 s … 2 minutes, half the time longer than the reference
 * pipeline's 30 s customer-lock lease: a holder that resumes after its lease ran out (Kleppmann, "How to
 * do distributed locking"). Creates are not held past the timeout: one that lands after the pipeline's
 * lookup found nothing is a duplicate no client can avoid, since Shopify's REST order create takes no
 * idempotency key (scenario-types.ts, `NetworkPauses.route`).
 */
const pauses = fc.oneof(
  { withCrossShrink: true },
  fc.record({ probability: decimal(0.001, 0.05, 3), durationMs: between(100, 8_000) }),
  fc.record({
    probability: decimal(0.001, 0.05, 3),
    durationMs: fc.oneof(between(8_001, 30_000), between(30_001, 120_000)),
    route: fc.constant<('customers.get' | 'customers.update')[]>(['customers.get', 'customers.update']),
  }),
);

/** The network: a 0 … 400 ms round trip with 0 (half the time) … 100 ms of jitter each way, and maybe pauses. */
function network(options: ScenarioArbitraryOptions) {
  return fc
    .record({
      roundTripMs: between(0, 400),
      // No jitter half the time (the default): requests sent together then fail together, the case
      // backoff jitter exists for.
      jitterMs: fc.oneof({ withCrossShrink: true }, fc.constant(0), between(1, 100)),
      pauses: options.pauses ? sometimes(pauses, 0.25) : fc.constant(undefined),
    })
    .map(({ pauses: held, ...rest }) => compact({ ...rest, pauses: held && { ...held } }));
}

/**
 * The pipeline section: `options.pipeline` with 1 … 64 workers (raised to the pool the shop needs); 20 % of
 * the time `maxAttempts` varies (8 … 12: fewer than the reference's 8 gives up on failures its retry policy
 * outlasts, which nothing-lost rightly blames). The rest keeps the defaults the pipeline is tuned for.
 */
function pipeline(options: ScenarioArbitraryOptions) {
  return fc
    .record({ concurrency: between(1, maxGeneratedConcurrency), maxAttempts: sometimes(between(8, 12), 0.2) })
    .map(({ concurrency, maxAttempts }) => compact({ name: options.pipeline, concurrency, maxAttempts }));
}

/**
 * Generates scenario documents — whole simulated launches — for property tests and `funnelstorm check`:
 * any plan (the five named and `custom`), 1 … 3 traffic phases (spike, Poisson, constant) of 1 … `maxOrders`
 * orders in all, 1 … 300 customers with or without a Zipf skew, duplicate and late webhooks, 1 … 64
 * workers, network round trip, jitter and pauses (some longer than the customer-lock lease), fault plans
 * with probabilities and windows of every fault kind (ambiguous commits on creates and on customer
 * updates, limits cuts), and a seed in [0, 2^32). Every document passes `validateScenario`.
 *
 * Each generated run stays cheap: at most `maxOrders` orders, fault probabilities of at most 10 % (50 %
 * inside a window, windows ≤ 90 s) so most orders are still created, and the pipeline's own settings at
 * their defaults but for the worker count and sometimes `maxAttempts`. Absence comes first in every
 * optional section's `oneof`, with cross-shrinking, so shrinking drops whole sections (faults → none,
 * webhooks → none) before it shrinks inside them; every count is an integer that fast-check's bias draws
 * small (few orders, customers, workers) in many runs, most of all the early ones.
 *
 * @example
 * fc.assert(
 *   fc.asyncProperty(scenarioDocumentArbitrary({ pipeline: 'no-idempotency', maxOrders: 50 }), async (doc) => {
 *     const { report } = await simulateScenario(validateScenario(doc, 'generated'));
 *     expect(report.orders.duplicates).toBe(0);
 *   }),
 * );
 */
export function scenarioDocumentArbitrary(
  options: Partial<ScenarioArbitraryOptions> = {},
): fc.Arbitrary<ScenarioDocument> {
  const settings: ScenarioArbitraryOptions = { ...defaultScenarioArbitraryOptions, ...options };
  if (!Number.isInteger(settings.maxOrders) || settings.maxOrders < 1)
    throw new FunnelstormError(
      'FLAG_INVALID',
      `Cannot generate scenarios: maxOrders must be an integer ≥ 1 (got ${settings.maxOrders}). Please give a whole number of orders.`,
    );
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      shop,
      network: network(settings),
      traffic: trafficDocumentArbitrary(settings),
      pipeline: pipeline(settings),
      faults: settings.faults ? sometimes(faultPlanDocumentArbitrary, 0.8) : fc.constant(undefined),
    })
    .map(({ faults, ...parts }) =>
      // A plan whose every rule was left out is no plan: the document has no `faults` section.
      compact({
        name: settings.name,
        ...parts,
        pipeline: { ...parts.pipeline, concurrency: poolFor(parts) },
        faults: faults?.rules?.length ? planShapedCuts(faults, parts.shop) : undefined,
      }),
    );
}

/**
 * The drawn worker count, raised to the pool the shop needs (sized-concurrency.ts): a pipeline with fewer
 * workers than it takes to spend the burst and keep pace with the leak rate is configured too small, and
 * bounded p99 rightly says so; generated runs judge the pipeline's design, not a bad setting.
 */
function poolFor(parts: {
  shop: { plan: string; bucketSize?: number; leakPerSecond?: number };
  network: { roundTripMs?: number; jitterMs?: number };
  pipeline: { concurrency?: number };
}): number {
  const limits = isPlanName(parts.shop.plan) ? plans[parts.shop.plan] : parts.shop;
  const sized = sizedConcurrency(
    { bucketSize: limits.bucketSize ?? 1, leakPerSecond: limits.leakPerSecond ?? 1 },
    { roundTripMs: parts.network.roundTripMs ?? 0, jitterMs: parts.network.jitterMs ?? 0 },
  );
  return Math.max(parts.pipeline.concurrency ?? 1, sized);
}

/**
 * A `limits` cut keeps the shop's own ratio of leak rate to bucket size, as a Shopify plan change does
 * (every plan leaks bucket / 20 per second): the call-limit header shows a client only the new bucket size,
 * and the reference throttle infers the leak rate from it by that ratio (pipeline/client-bucket.ts,
 * `adoptBucketSize`). A cut to an unrelated leak rate would test a guess no client can make.
 */
function planShapedCuts(
  faults: NonNullable<ScenarioDocument['faults']>,
  shop: { plan: string; bucketSize?: number; leakPerSecond?: number },
): NonNullable<ScenarioDocument['faults']> {
  const limits = isPlanName(shop.plan) ? plans[shop.plan] : shop;
  const ratio = (limits.leakPerSecond ?? 1) / (limits.bucketSize ?? 20);
  const rules = (faults.rules ?? []).map((rule) =>
    rule.kind === 'limits' && rule.bucketSize !== undefined
      ? { ...rule, leakPerSecond: rule.bucketSize * ratio }
      : rule,
  );
  return { ...faults, rules };
}
