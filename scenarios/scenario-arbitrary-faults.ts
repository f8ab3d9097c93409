import fc from 'fast-check';
import type { FaultPlanInput } from '../mocks/faults/fault-plan-schema.js';
import { ambiguousOutcomes, faultStatuses, type FaultRoute } from '../mocks/faults/fault-plan.js';
import { between, compact, decimal, sometimes } from './scenario-arbitrary-parts.js';

/** One rule of a fault-plan document, as a file writes it (before defaults). */
export type FaultRuleDocument = FaultPlanInput['rules'] extends (infer R)[] | undefined ? R : never;

/** A latency distribution of a fault-plan document, as a file writes it. */
type LatencyDocument = NonNullable<FaultRuleDocument['latency']>;

/** The most request rules (all but `limits`) a generated fault plan has. */
export const maxGeneratedRequestRules = 4;

/**
 * The routes a generated rule may narrow to: the four the pipeline calls (create, the lookup after an
 * ambiguous create, and the customer's read-modify-write).
 */
const pipelineRoutes = [
  'orders.create',
  'customers.update',
  'customers.get',
  'orders.list',
] as const satisfies readonly FaultRoute[];

/**
 * A window in the first 15 minutes, 1 s to 90 s long. Short on purpose: a window with probability 1 is
 * an outage, and a retry of a failed order waits at most about a minute in all (8 attempts, 30 s cap, full
 * jitter), so longer outages would mostly fill the dead-letter queue.
 */
const window = fc
  .record({ fromSeconds: between(0, 900), lengthSeconds: between(1, 90) })
  .map(({ fromSeconds, lengthSeconds }) => ({ fromSeconds, toSeconds: fromSeconds + lengthSeconds }));

/**
 * When a failure rule fires: mostly a small probability (0.1 % … 10 % of the requests it covers), else a
 * window (an outage) or a window with a probability in it (a brown-out). Probabilities stay moderate so
 * that most orders of most runs are still created.
 */
const failureTrigger = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.record({ probability: decimal(0.001, 0.1, 3) }), weight: 3 },
  { arbitrary: fc.record({ window }), weight: 1 },
  { arbitrary: fc.record({ probability: decimal(0.05, 0.5, 2), window }), weight: 1 },
);

/** When a latency rule fires: any share of the requests, sometimes only in a window. */
const latencyTrigger = fc
  .record({ probability: decimal(0.01, 1, 2), window: sometimes(window, 0.2) })
  .map((trigger) => compact(trigger));

/** A rule narrowed to one of the pipeline's routes, 30 % of the time. */
const match = sometimes(
  fc.constantFrom(...pipelineRoutes).map((route) => ({ route })),
  0.3,
);

/** The four distributions, with parameters from a few milliseconds to a tail past the 10 s timeout. */
const latency: fc.Arbitrary<LatencyDocument> = fc.oneof(
  between(0, 500).map((ms) => ({ distribution: 'fixed' as const, ms })),
  fc
    .record({ minMs: between(0, 200), spreadMs: between(0, 1_000) })
    .map(({ minMs, spreadMs }) => ({ distribution: 'uniform' as const, minMs, maxMs: minMs + spreadMs })),
  fc
    .record({
      medianMs: between(5, 300),
      sigma: decimal(0.1, 1.5, 1),
      capMs: sometimes(between(1_000, 30_000), 0.5),
    })
    .map((params) => compact({ distribution: 'lognormal' as const, ...params })),
  fc
    .record({
      scaleMs: between(10, 1_000),
      shape: decimal(1.1, 3, 1),
      capMs: sometimes(between(1_000, 30_000), 0.5),
    })
    .map((params) => compact({ distribution: 'pareto' as const, ...params })),
);

/** Where an ambiguous commit strikes: the order create, the customer update, or any request. */
const ambiguousMatch = fc.oneof(
  { arbitrary: fc.constant({ route: 'orders.create' as const }), weight: 3 },
  { arbitrary: fc.constant({ route: 'customers.update' as const }), weight: 2 },
  { arbitrary: fc.constant(undefined), weight: 1 },
);

/** A rule of `kind` from its fields, its trigger's written flat (`probability`, `window`) as a file has them. */
const rule = <T extends { trigger: object }>(kind: FaultRuleDocument['kind'], fields: fc.Arbitrary<T>) =>
  fields.map(({ trigger, ...rest }) => compact({ kind, ...trigger, ...rest }) as FaultRuleDocument);

/** One rule that the injector draws for request by request: every kind but `limits`. */
const requestRule: fc.Arbitrary<FaultRuleDocument> = fc.oneof(
  {
    arbitrary: rule(
      'status',
      fc.record({ status: fc.constantFrom(...faultStatuses), trigger: failureTrigger, match }),
    ),
    weight: 3,
  },
  {
    arbitrary: rule(
      'ambiguous',
      fc.record({
        then: fc.constantFrom(...ambiguousOutcomes),
        trigger: failureTrigger,
        match: ambiguousMatch,
      }),
    ),
    weight: 3,
  },
  { arbitrary: rule('throttle', fc.record({ trigger: failureTrigger, match })), weight: 2 },
  { arbitrary: rule('latency', fc.record({ latency, trigger: latencyTrigger, match })), weight: 2 },
  { arbitrary: rule('reset', fc.record({ trigger: failureTrigger, match })), weight: 2 },
  { arbitrary: rule('timeout', fc.record({ trigger: failureTrigger, match })), weight: 2 },
);

/**
 * A `limits` cut: the REST bucket lowered to 10 … 40 calls (the leak rate follows the shop's own ratio, set by
 * `scenarioDocumentArbitrary`; 0.5 … 2 per second here) for
 * 10 s … 5 min in the first 15 minutes — Shopify's "may lower limits temporarily" (SHOPIFY.md).
 */
const limitsRule: fc.Arbitrary<FaultRuleDocument> = fc
  .record({
    fromSeconds: between(0, 900),
    lengthSeconds: between(10, 300),
    bucketSize: between(10, 40),
    leakPerSecond: decimal(0.5, 2, 1),
  })
  .map(({ fromSeconds, lengthSeconds, bucketSize, leakPerSecond }) => ({
    kind: 'limits',
    window: { fromSeconds, toSeconds: fromSeconds + lengthSeconds },
    bucketSize,
    leakPerSecond,
  }));

/**
 * A fault-plan document (a scenario's `faults` section): up to 4 request rules of every kind, each with a
 * probability, a window or both, and 15 % of the time one `limits` cut (one only, since limits windows
 * must not overlap). Each rule sits in its own optional slot rather than in an array, so shrinking can drop
 * any one of them (fast-check shortens an array from its front, so a rule needed in first place would keep
 * the rules after it). The plan may come out empty: the scenario then has no `faults` section.
 */
export const faultPlanDocumentArbitrary: fc.Arbitrary<FaultPlanInput> = fc
  .record({
    rules: fc.tuple(...Array.from({ length: maxGeneratedRequestRules }, () => sometimes(requestRule, 0.5))),
    limits: sometimes(limitsRule, 0.15),
  })
  .map(({ rules, limits }) => ({
    rules: [...rules, limits].filter((rule): rule is FaultRuleDocument => rule !== undefined),
  }));
