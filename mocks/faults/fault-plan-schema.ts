import { z } from 'zod';
import { latencyDistributionSchema } from './latency-distribution-schema.js';
import {
  ambiguousOutcomes,
  faultKinds,
  faultRoutes,
  faultStatuses,
  type FaultMatch,
  type FaultPlan,
  type FaultRule,
  type FaultWindow,
} from './fault-plan.js';

/** One value or a list of them, as a list. The message says which, since a union's own message does not. */
const oneOrMany = <T extends z.ZodType>(item: T, what: string) =>
  z.union([item, z.array(item).min(1)], { error: `must be ${what} or a non-empty list of them` });

const windowSchema = z
  .strictObject({ fromSeconds: z.number().min(0), toSeconds: z.number() })
  .superRefine((window, ctx) => {
    if (window.toSeconds > window.fromSeconds) return;
    ctx.addIssue({
      code: 'custom',
      path: ['toSeconds'],
      message: `must be > fromSeconds (${window.fromSeconds}) (got ${window.toSeconds})`,
    });
  });

const matchSchema = z
  .strictObject({
    method: oneOrMany(z.string().min(1), 'an HTTP method').optional(),
    route: oneOrMany(z.enum(faultRoutes), `a route (${faultRoutes.join(', ')})`).optional(),
    shop: oneOrMany(z.string().min(1), 'a shop domain').optional(),
  })
  .transform((match): FaultMatch => {
    const list = <T>(value: T | T[] | undefined): T[] | undefined =>
      value === undefined ? undefined : Array.isArray(value) ? value : [value];
    const result: FaultMatch = {};
    const method = list(match.method)?.map((m) => m.toUpperCase());
    const route = list(match.route);
    const shop = list(match.shop)?.map((s) => s.toLowerCase());
    if (method) result.method = method;
    if (route) result.route = route;
    if (shop) result.shop = shop;
    return result;
  });

/** The fields each kind needs beyond the trigger; any other kind must leave them out. */
const kindFields = {
  status: ['status'],
  latency: ['latency'],
  ambiguous: ['then'],
  limits: ['bucketSize', 'leakPerSecond'],
} as const satisfies Partial<Record<(typeof faultKinds)[number], readonly string[]>>;
type KindField = (typeof kindFields)[keyof typeof kindFields][number];

/**
 * One rule, written flat (`kind` plus that kind's fields) and checked kind by kind, so that every mistake
 * gets a message naming the field, e.g. `rules[1].then is only allowed with kind: ambiguous`.
 */
const ruleSchema = z
  .strictObject({
    kind: z.enum(faultKinds),
    probability: z.number().min(0).max(1).optional(),
    window: windowSchema.optional(),
    match: matchSchema.optional(),
    status: z.literal(faultStatuses).optional(),
    then: z.literal(ambiguousOutcomes).optional(),
    latency: latencyDistributionSchema.optional(),
    bucketSize: z.int().min(1).optional(),
    leakPerSecond: z.number().positive().optional(),
  })
  .transform((rule, ctx): FaultRule => {
    let problems = 0;
    const fail = (key: string, message: string): void => {
      problems++;
      ctx.addIssue({ code: 'custom', path: [key], message });
    };
    const needed: readonly KindField[] =
      rule.kind in kindFields ? kindFields[rule.kind as keyof typeof kindFields] : [];
    for (const field of Object.values(kindFields).flat()) {
      const given = rule[field] !== undefined;
      if (needed.includes(field) && !given) fail(field, `is required with kind: ${rule.kind}`);
      if (!needed.includes(field) && given) fail(field, `is only allowed with kind: ${kindOf(field)}`);
    }
    if (rule.kind === 'limits') return limitsRule(rule, fail);
    if (rule.probability === undefined && rule.window === undefined)
      fail('probability', `is required without a window (a rule needs a probability, a window, or both)`);
    if (problems > 0) return z.NEVER;
    const trigger = { probability: rule.probability ?? 1, ...optional(rule.window, rule.match) };
    switch (rule.kind) {
      case 'status':
        return { kind: 'status', status: rule.status ?? 500, ...trigger };
      case 'latency':
        return rule.latency ? { kind: 'latency', latency: rule.latency, ...trigger } : z.NEVER;
      case 'ambiguous':
        return { kind: 'ambiguous', then: rule.then ?? 500, ...trigger };
      default:
        return { kind: rule.kind, ...trigger };
    }
  });

function kindOf(field: KindField): string {
  return (
    Object.entries(kindFields).find(([, fields]) => (fields as readonly string[]).includes(field))?.[0] ?? ''
  );
}

function optional(window: FaultWindow | undefined, match: FaultMatch | undefined) {
  return { ...(window && { window }), ...(match && { match }) };
}

function limitsRule(
  rule: {
    window?: FaultWindow;
    probability?: number;
    match?: FaultMatch;
    bucketSize?: number;
    leakPerSecond?: number;
  },
  fail: (key: string, message: string) => void,
): FaultRule {
  if (rule.window === undefined)
    fail('window', 'is required with kind: limits (limits apply in a window only)');
  if (rule.probability !== undefined) fail('probability', 'is not allowed with kind: limits (window only)');
  if (rule.match !== undefined)
    fail('match', 'is not allowed with kind: limits (limits apply to every bucket)');
  const { window, bucketSize, leakPerSecond } = rule;
  if (window === undefined || bucketSize === undefined || leakPerSecond === undefined) return z.NEVER;
  return { kind: 'limits', window, bucketSize, leakPerSecond };
}

const planObjectSchema = z
  .strictObject({ rules: z.array(ruleSchema).max(1000).default([]) })
  .superRefine((plan, ctx) => {
    // Two lowered-limits windows at once would leave it unclear what to restore: they must not overlap.
    const windows = plan.rules.flatMap((rule, index) =>
      rule.kind === 'limits' ? [{ index, ...rule.window }] : [],
    );
    windows.sort((a, b) => a.fromSeconds - b.fromSeconds);
    for (let i = 1; i < windows.length; i++) {
      const [before, after] = [windows[i - 1], windows[i]];
      if (before && after && after.fromSeconds < before.toSeconds) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', after.index, 'window'],
          message: `overlaps the limits window of rules[${before.index}] (${before.fromSeconds}–${before.toSeconds} s); limits windows must not overlap`,
        });
      }
    }
  });

/** What a fault-plan file (or a scenario's `faults` section) may contain, before defaults. */
export type FaultPlanInput = z.input<typeof planObjectSchema>;

/**
 * The fault-plan schema: validates parsed data (unknown keys are errors) and resolves it into a
 * {@link FaultPlan} — one-or-many fields become lists, methods upper-case, shop domains lower-case, a
 * window's probability defaults to 1 and heavy-tailed latencies get their cap. A resolved plan is valid
 * input again. For user-facing messages use `validateFaultPlan` or `parseFaultPlan`.
 */
export const faultPlanSchema: z.ZodType<FaultPlan, FaultPlanInput> = planObjectSchema;
