import { z } from 'zod';
import { faultRoutes, type FaultPlan } from '../mocks/faults/fault-plan.js';
import { faultPlanSchema } from '../mocks/faults/fault-plan-schema.js';
import { planNames, plans } from '../mocks/plans.js';
import {
  customerLockLeaseMs,
  defaultNetworkSettings as network,
  defaultPipelineSettings as pipeline,
  defaultScenarioValues,
  type NetworkPauses,
  type PipelineName,
  type Scenario,
  type ShopSettings,
} from './scenario-types.js';
import { trafficSchema } from './traffic-schema.js';
import { workflowSchema } from './workflow-schema.js';

// The resolved types (with TSDoc on every field) and their defaults live in scenario-types.ts; they are
// re-exported here for those who look for them next to the schema.
export type { Scenario } from './scenario-types.js';
export { defaultNetworkSettings, defaultPipelineSettings, defaultScenarioValues } from './scenario-types.js';

/** The plans a scenario may name: the plan table's, and `custom` (which then needs its own limits). */
export const shopPlanNames = [...planNames, 'custom'] as const;

/**
 * The pipelines a scenario may run, each with what it is for — the words the error message for an
 * unknown name lists (see {@link PipelineName} for the details).
 */
export const pipelineDescriptions: Readonly<Record<PipelineName, string>> = {
  reference: 'every guarantee',
  'no-idempotency': 'no claim, no lookup: duplicates',
  'no-reconcile': 'no lookup after an ambiguous create: duplicates',
  'no-mutex': 'no customer lock: lost updates',
  'no-jitter': 'backoff without jitter: retry waves',
  'fixed-sleep': '600 ms sleep instead of a throttle: a 429 storm',
};

/** The pipelines a scenario may run: the reference and the naive baselines. */
export const pipelineNames = Object.keys(pipelineDescriptions) as readonly PipelineName[];

const isPipelineName = (name: string): name is PipelineName =>
  (pipelineNames as readonly string[]).includes(name);

/** A pipeline name; an unknown one is refused with the list of names and what each is for. */
const pipelineNameSchema = z.string().transform((name, ctx): PipelineName => {
  if (isPipelineName(name)) return name;
  const names = pipelineNames.map((known) => `${known} (${pipelineDescriptions[known]})`).join(', ');
  ctx.addIssue({ code: 'custom', message: `must be one of ${names} (got ${JSON.stringify(name)})` });
  return z.NEVER;
});

/** The largest custom REST bucket, in calls (Shopify's largest plan has 800). */
export const maxBucketSize = 1_000_000;

/**
 * The slowest custom leak rate, in calls per second: one call every 1,000 s. The GraphQL bucket the mock
 * derives from it (1,000 × the leak, mocks/graphql/cost-bucket.ts) must hold at least one point.
 */
export const minLeakPerSecond = 0.001;

/** The fastest custom leak rate, in calls per second (Shopify's fastest plan leaks 40). */
export const maxLeakPerSecond = 100_000;

/**
 * The longest network round trip, jitter, backoff delay or request timeout a scenario may set, in
 * milliseconds: one hour. Longer is surely a unit mistake, and far-future times overflow the clock.
 */
export const maxScenarioDelayMs = 3_600_000;

/** The most shops a scenario may spread its orders over: the mock's default `maxShops`. */
export const maxShopCount = 100;

/** `count` and `shares` of a many-shop scenario, checked against each other; nothing for one shop. */
function manyShops(
  shop: { count?: number | undefined; shares?: number[] | undefined },
  fail: (key: string, message: string) => void,
): Pick<ShopSettings, 'count' | 'shares'> {
  const { count, shares } = shop;
  if (shares === undefined) return count === undefined ? {} : { count };
  if (count === undefined) fail('shares', 'needs shop.count (the number of shops, one share each)');
  else if (shares.length !== count)
    fail('shares', `must have one weight per shop: ${count} (got ${shares.length})`);
  else if (!shares.some((share) => share > 0)) fail('shares', 'must have at least one weight above 0');
  return count === undefined ? {} : { count, shares };
}

/** Checks that `bucketSize` and `leakPerSecond` come exactly with `custom`, and resolves a plan's limits. */
const shopSchema = z
  .strictObject({
    plan: z.enum(shopPlanNames),
    bucketSize: z.int().min(1).max(maxBucketSize).optional(),
    leakPerSecond: z.number().min(minLeakPerSecond).max(maxLeakPerSecond).optional(),
    count: z.int().min(2).max(maxShopCount).optional(),
    shares: z.array(z.number().min(0).max(1e9)).min(2).max(maxShopCount).optional(),
  })
  .transform((shop, ctx): ShopSettings => {
    const fail = (key: string, message: string): void =>
      ctx.addIssue({ code: 'custom', path: [key], message });
    const many = manyShops(shop, fail);
    if (shop.plan !== 'custom') {
      const limits = plans[shop.plan];
      if (shop.bucketSize !== undefined)
        fail('bucketSize', `is only allowed with plan: custom (plan ${shop.plan} has ${limits.bucketSize})`);
      if (shop.leakPerSecond !== undefined)
        fail(
          'leakPerSecond',
          `is only allowed with plan: custom (plan ${shop.plan} has ${limits.leakPerSecond})`,
        );
      return { plan: shop.plan, bucketSize: limits.bucketSize, leakPerSecond: limits.leakPerSecond, ...many };
    }
    const { bucketSize, leakPerSecond } = shop;
    if (bucketSize === undefined)
      fail('bucketSize', 'is required with plan: custom (the REST bucket size, in calls)');
    if (leakPerSecond === undefined)
      fail('leakPerSecond', 'is required with plan: custom (the REST leak rate, in calls per second)');
    if (bucketSize === undefined || leakPerSecond === undefined) return z.NEVER;
    return { plan: 'custom', bucketSize, leakPerSecond, ...many };
  });

/** The longest a request may be held on its way to the shop, in milliseconds: one hour. */
export const maxPauseDurationMs = 3_600_000;

const pausesSchema = z
  .strictObject({
    probability: z.number().min(0).max(1),
    durationMs: z.number().positive().max(maxPauseDurationMs),
    route: z
      .union([z.enum(faultRoutes), z.array(z.enum(faultRoutes)).min(1)], {
        error: `must be a route (${faultRoutes.join(', ')}) or a non-empty list of them`,
      })
      .optional(),
  })
  .transform(({ route, ...pauses }): NetworkPauses => {
    if (route === undefined) return pauses;
    return { ...pauses, route: Array.isArray(route) ? route : [route] };
  });

const networkSchema = z
  .strictObject({
    roundTripMs: z.number().min(0).max(maxScenarioDelayMs).default(network.roundTripMs),
    jitterMs: z.number().min(0).max(maxScenarioDelayMs).default(network.jitterMs),
    pauses: pausesSchema.optional(),
  })
  .prefault({});

const storeSchema = z.strictObject({ roundTripMs: z.number().min(0).max(maxScenarioDelayMs) });

const pipelineSchema = z
  .strictObject({
    name: pipelineNameSchema.default(pipeline.name),
    concurrency: z.int().min(1).max(4096).default(pipeline.concurrency),
    maxAttempts: z.int().min(1).max(100).default(pipeline.maxAttempts),
    baseDelayMs: z.number().positive().max(maxScenarioDelayMs).default(pipeline.baseDelayMs),
    maxDelayMs: z.number().positive().max(maxScenarioDelayMs).default(pipeline.maxDelayMs),
    requestTimeoutMs: z.number().positive().max(maxScenarioDelayMs).default(pipeline.requestTimeoutMs),
    retryBudgetRatio: z.number().min(0).max(1).default(pipeline.retryBudgetRatio),
  })
  .superRefine((settings, ctx) => {
    if (settings.maxDelayMs < settings.baseDelayMs)
      ctx.addIssue({
        code: 'custom',
        path: ['maxDelayMs'],
        message: `must be ≥ pipeline.baseDelayMs (${settings.baseDelayMs}) (got ${settings.maxDelayMs})`,
      });
    // A fenced customer write is sent only while the lease has a request timeout left, so a timeout as
    // long as the lease would give up every customer update. (A value past the field's own bound is
    // already reported there: one problem per field.)
    if (settings.requestTimeoutMs >= customerLockLeaseMs && settings.requestTimeoutMs <= maxScenarioDelayMs)
      ctx.addIssue({
        code: 'custom',
        path: ['requestTimeoutMs'],
        message:
          `must be below the customer lock's lease, the pipeline's lockTtlMs (${customerLockLeaseMs} ms) ` +
          `(got ${settings.requestTimeoutMs}): a customer write is sent only while the lease has ` +
          `requestTimeoutMs left, so no customer update could ever be written`,
      });
  })
  .prefault({});

/**
 * A fault plan's lowered limits within the bounds a custom plan has: the fault plan's own schema (shared
 * with `/__admin/faults`) accepts any positive leak, which the simulated shop then cannot run.
 */
function checkFaultLimits(faults: FaultPlan | undefined, ctx: z.RefinementCtx): void {
  for (const [index, rule] of (faults?.rules ?? []).entries()) {
    if (rule.kind !== 'limits') continue;
    const fail = (key: string, message: string): void =>
      ctx.addIssue({ code: 'custom', path: ['faults', 'rules', index, key], message });
    if (rule.leakPerSecond < minLeakPerSecond || rule.leakPerSecond > maxLeakPerSecond)
      fail(
        'leakPerSecond',
        `must be from ${minLeakPerSecond} to ${maxLeakPerSecond} (got ${rule.leakPerSecond})`,
      );
    if (rule.bucketSize > maxBucketSize)
      fail('bucketSize', `must be ≤ ${maxBucketSize} (got ${rule.bucketSize})`);
  }
}

const scenarioObjectSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  seed: z
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(defaultScenarioValues.seed),
  shop: shopSchema,
  network: networkSchema,
  store: storeSchema.optional(),
  traffic: trafficSchema,
  pipeline: pipelineSchema,
  faults: faultPlanSchema.optional(),
  thresholds: z.array(z.string().min(1)).optional(),
  workflow: workflowSchema.optional(),
});

/** What a scenario file may contain, before defaults: the shape to write when generating one. */
export type ScenarioInput = z.input<typeof scenarioObjectSchema>;

/**
 * The scenario schema: validates a parsed file (unknown keys are errors) and resolves it into a
 * {@link Scenario} with every default filled in and the plan's limits looked up. Use
 * {@link validateScenario} or {@link parseScenario} for user-facing error messages.
 */
export const scenarioSchema: z.ZodType<Scenario, ScenarioInput> = scenarioObjectSchema.superRefine(
  (scenario, ctx) => checkFaultLimits(scenario.faults, ctx),
);
