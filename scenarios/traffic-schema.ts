import { z } from 'zod';
import { expectedPhaseOrders } from './expected-orders.js';
import { checkShapePhase, isShapeKind, refuseShapeFields } from './phase-fields.js';
import {
  defaultScenarioValues,
  defaultWebhookSettings as webhooks,
  type TrafficPhase,
  type TrafficSettings,
} from './scenario-types.js';

/** The arrival processes a phase may use (docs/scenario-format.md). */
export const arrivalKinds = [
  'poisson',
  'constant',
  'spike',
  'ramp',
  'step',
  'wave',
  'diurnal',
  'rate-csv',
  'hawkes',
  'idle',
  'trace',
] as const;

/** The largest `speed` and `scale` of a trace phase: beyond, a unit mistake is likelier than a plan. */
export const maxTraceFactor = 10_000;

/** The most orders a scenario may expect over all its phases (a guard against typos like `1e9`). */
export const maxExpectedOrders = 10_000_000;

/** The longest phase, in seconds: 365 days. Longer is surely a unit mistake. */
export const maxPhaseDurationSeconds = 365 * 24 * 3600;

/** The largest Zipf exponent `traffic.customerSkew` takes: at 4, customer 1 already gets over 92 % of the orders. */
export const maxCustomerSkew = 4;

/** The most customers a scenario may have (the mock's own limit per shop, mocks/model-options.ts). */
export const maxCustomers = 1_000_000_000;

/**
 * The most customers a skewed traffic may have: the Zipf sampler keeps one number per customer
 * (scenarios/zipf-sampler.ts), 8 MB at this size.
 */
export const maxSkewedCustomers = 1_000_000;

/**
 * The longest webhook delay, in seconds: 4 hours, the span over which Shopify retries a failed delivery
 * (../shared/SHOPIFY.md, "Webhooks"; shopify.dev/docs/apps/build/webhooks).
 */
export const maxWebhookDelaySeconds = 4 * 3600;

const intakeOutageSchema = z.strictObject({
  startSeconds: z.number().min(0).max(maxPhaseDurationSeconds),
  durationSeconds: z.number().positive().max(maxPhaseDurationSeconds),
});

/** Shopify's retry offsets: ascending, after the first attempt, within a day (SHOPIFY.md: a delivery can be a day late). */
const retryScheduleSchema = z
  .array(
    z
      .number()
      .positive()
      .max(24 * 3600),
  )
  .min(1)
  .max(20)
  .refine((offsets) => offsets.every((s, i) => i === 0 || s > offsets[i - 1]!), {
    message: 'must be ascending: each retry later than the one before, in seconds after the first attempt',
  });

const webhooksSchema = z.strictObject({
  duplicateShare: z.number().min(0).max(1).default(webhooks.duplicateShare),
  duplicateDelaySeconds: z
    .number()
    .positive()
    .max(maxWebhookDelaySeconds)
    .default(webhooks.duplicateDelaySeconds),
  lateShare: z.number().min(0).max(1).default(webhooks.lateShare),
  lateDelaySeconds: z.number().positive().max(maxWebhookDelaySeconds).default(webhooks.lateDelaySeconds),
  slowShare: z.number().min(0).max(1).optional(),
  reorderWindowSeconds: z.number().positive().max(maxWebhookDelaySeconds).optional(),
  intakeOutages: z.array(intakeOutageSchema).optional(),
  retryScheduleSeconds: retryScheduleSchema.optional(),
});

const phaseObjectSchema = z.strictObject({
  name: z.string().min(1).optional(),
  arrival: z.enum(arrivalKinds),
  durationSeconds: z.number().min(0).max(maxPhaseDurationSeconds).optional(),
  orders: z.int().min(0).optional(),
  ratePerSecond: z.number().positive().optional(),
  halfLifeSeconds: z.number().positive().optional(),
  fromPerSecond: z.number().min(0).optional(),
  toPerSecond: z.number().min(0).optional(),
  atSeconds: z.number().min(0).optional(),
  peakPerSecond: z.number().positive().optional(),
  basePerSecond: z.number().min(0).optional(),
  exponent: z.number().positive().optional(),
  timescaleSeconds: z.number().positive().optional(),
  amplitude: z.number().min(0).max(1).optional(),
  periodSeconds: z.number().positive().optional(),
  peakAtSeconds: z.number().min(0).optional(),
  branchingRatio: z.number().min(0).lt(1).optional(),
  file: z.string().min(1).optional(),
  speed: z.number().positive().max(maxTraceFactor).optional(),
  scale: z.number().positive().max(maxTraceFactor).optional(),
});

type PhaseInput = z.output<typeof phaseObjectSchema>;

/** The rules between a phase's fields; paths are relative to the phase. */
function checkPhase(phase: PhaseInput, ctx: z.RefinementCtx): void {
  const fail = (path: string[], message: string): void => ctx.addIssue({ code: 'custom', path, message });
  const { arrival } = phase;
  if (isShapeKind(arrival)) return checkShapePhase({ ...phase, arrival }, ctx);
  refuseShapeFields(phase, ctx);
  if (phase.durationSeconds === undefined)
    return fail(['durationSeconds'], `is required with arrival: ${arrival}`);
  if (phase.arrival === 'spike') {
    if (phase.ratePerSecond !== undefined)
      fail(
        ['ratePerSecond'],
        'is not allowed with arrival: spike (give orders, the number of orders in the spike)',
      );
    if (phase.orders === undefined)
      fail(['orders'], 'is required with arrival: spike (the number of orders in the spike)');
    if (phase.halfLifeSeconds !== undefined && phase.durationSeconds === 0)
      fail(
        ['durationSeconds'],
        'must be > 0 when halfLifeSeconds is set (got 0); leave out halfLifeSeconds for a backlog at the phase start',
      );
    return;
  }
  if (phase.durationSeconds === 0)
    fail(['durationSeconds'], `must be > 0 for arrival: ${phase.arrival} (got 0)`);
  if (phase.halfLifeSeconds !== undefined) fail(['halfLifeSeconds'], 'is only allowed with arrival: spike');
  const both = phase.orders !== undefined && phase.ratePerSecond !== undefined;
  const neither = phase.orders === undefined && phase.ratePerSecond === undefined;
  if (both || neither)
    fail([], `must have exactly one of orders or ratePerSecond (got ${both ? 'both' : 'neither'})`);
}

/** Groups thousands for messages: 36000000 → "36,000,000". Locale-free so messages are stable. */
function grouped(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The guard against absurd volumes: names the phase where the expected total crosses the limit. */
function checkVolume(traffic: { phases: PhaseInput[] }, ctx: z.RefinementCtx): void {
  let total = 0;
  for (const [index, phase] of traffic.phases.entries()) {
    const expected = expectedPhaseOrders(phase);
    total += expected;
    if (total <= maxExpectedOrders) continue;
    const how = isShapeKind(phase.arrival)
      ? `${grouped(expected)} expected from its ${phase.arrival} rate over durationSeconds ${phase.durationSeconds}`
      : phase.orders === undefined
        ? `ratePerSecond ${phase.ratePerSecond} × durationSeconds ${phase.durationSeconds} = ${grouped(expected)}`
        : `orders ${grouped(expected)}`;
    ctx.addIssue({
      code: 'custom',
      path: ['phases', index],
      message:
        `brings the expected number of orders to ${grouped(total)} (this phase: ${how}), over the limit of ` +
        `${grouped(maxExpectedOrders)} per scenario; lower orders, ratePerSecond or durationSeconds`,
    });
    return;
  }
}

type TrafficInput = {
  customers: number;
  customerSkew?: number | undefined;
  webhooks?: TrafficSettings['webhooks'];
  phases: PhaseInput[];
};

/** A Zipf table per customer has a size limit; a uniform pick (skew 0) has none. */
function checkSkew(traffic: TrafficInput, ctx: z.RefinementCtx): void {
  const skew = traffic.customerSkew ?? 0;
  if (skew === 0 || traffic.customers <= maxSkewedCustomers) return;
  ctx.addIssue({
    code: 'custom',
    path: ['customerSkew'],
    message:
      `needs customers ≤ ${grouped(maxSkewedCustomers)} (got customers ${grouped(traffic.customers)}): the ` +
      'Zipf sampler keeps a table of every customer; lower customers, or leave out customerSkew for a uniform pick',
  });
}

/**
 * Names unnamed phases `phase-<index>`, with the name first so reports read well. The optional sections
 * are kept only when the file has them, so a scenario without them resolves (and reports) as before.
 */
function namePhases(traffic: TrafficInput): TrafficSettings {
  // The default goes after the spread, so a phase given `name: undefined` (code-built scenarios can be)
  // still gets one; the name is then moved first so reports read well.
  const phases = traffic.phases.map((phase, index): TrafficPhase => {
    const { name, ...rest } = phase;
    return { name: name ?? `phase-${index}`, ...rest };
  });
  return {
    customers: traffic.customers,
    ...(traffic.customerSkew !== undefined && { customerSkew: traffic.customerSkew }),
    ...(traffic.webhooks !== undefined && { webhooks: traffic.webhooks }),
    phases,
  };
}

/**
 * The `traffic` section: customers (default 100), their Zipf skew and the webhooks' duplicates and delays
 * (both optional), and at least one phase.
 */
export const trafficSchema = z
  .strictObject({
    customers: z.int().min(1).max(maxCustomers).default(defaultScenarioValues.customers),
    customerSkew: z.number().min(0).max(maxCustomerSkew).optional(),
    webhooks: webhooksSchema.optional(),
    phases: z.array(phaseObjectSchema.superRefine(checkPhase)).min(1),
  })
  .superRefine(checkVolume)
  .superRefine(checkSkew)
  .transform(namePhases);
