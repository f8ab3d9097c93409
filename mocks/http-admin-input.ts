import { fail, ok, type Result } from '../runtime/result.js';
import type { ShopLimits } from './model-options.js';
import { allPlanNames, isPlanName, plans } from './plans.js';

/** A plan as `PUT /__admin/plan` sets it: a named plan's REST and GraphQL limits, or custom ones. */
export interface AdminPlanChange {
  /** The plan's name, or `custom` for limits given as numbers. */
  name: string;
  /** The limits to apply (GraphQL's follow from the leak rate when a custom plan leaves them out). */
  limits: ShopLimits;
}

/** The body of `POST /__admin/audit`. */
export interface AdminAuditInput {
  /** Every source order id the traffic sent. */
  expectedSourceIds: string[];
  /** The source order ids the pipeline gave up on. Optional in the body; defaults to none. */
  deadLetteredSourceIds: string[];
}

/** Parses an admin request body as a JSON object, or says why it is not one. */
export function parseAdminJson(body: string | undefined): Result<Record<string, unknown>, string> {
  if (body === undefined || body.trim() === '') return fail('the request body is empty: send a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return fail(`the request body is not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('the request body must be a JSON object');
  }
  return ok(value as Record<string, unknown>);
}

const customFields = ['bucketSize', 'leakPerSecond', 'graphqlRestorePerSecond', 'graphqlBucketSize'] as const;

/**
 * Reads `{"plan": "plus"}`, or custom limits `{"bucketSize": 400, "leakPerSecond": 20}` with optional
 * `graphqlRestorePerSecond` and `graphqlBucketSize`; a reason names the field.
 *
 * @example
 * parseAdminPlan({ plan: 'plus' }); // ok: { name: 'plus', limits: { bucketSize: 400, leakPerSecond: 20, … } }
 */
export function parseAdminPlan(input: Record<string, unknown>): Result<AdminPlanChange, string> {
  const unknownKey = Object.keys(input).find(
    (key) => key !== 'plan' && !(customFields as readonly string[]).includes(key),
  );
  if (unknownKey !== undefined) {
    return fail(`${unknownKey} is not a known field (expected plan, or ${customFields.join(', ')})`);
  }
  if ('plan' in input) {
    const { plan } = input;
    const mixed = customFields.find((key) => key in input);
    if (mixed !== undefined) {
      return fail(`plan cannot be combined with ${mixed}: send a plan name or custom limits`);
    }
    if (typeof plan !== 'string' || !isPlanName(plan)) {
      return fail(`plan must be one of ${allPlanNames.join(', ')} (got ${JSON.stringify(plan)})`);
    }
    const { bucketSize, leakPerSecond, graphqlRestorePerSecond, graphqlBucketSize } = plans[plan];
    return ok({
      name: plan,
      limits: { bucketSize, leakPerSecond, graphqlRestorePerSecond, graphqlBucketSize },
    });
  }
  const { bucketSize, leakPerSecond, graphqlRestorePerSecond, graphqlBucketSize } = input;
  const problem =
    rangeProblem('bucketSize', bucketSize, customRanges.bucketSize) ??
    rangeProblem('leakPerSecond', leakPerSecond, customRanges.leakPerSecond) ??
    (graphqlRestorePerSecond === undefined
      ? undefined
      : rangeProblem(
          'graphqlRestorePerSecond',
          graphqlRestorePerSecond,
          customRanges.graphqlRestorePerSecond,
        )) ??
    (graphqlBucketSize === undefined
      ? undefined
      : rangeProblem('graphqlBucketSize', graphqlBucketSize, customRanges.graphqlBucketSize));
  if (problem !== undefined) return fail(problem);
  const limits: ShopLimits = { bucketSize: bucketSize as number, leakPerSecond: leakPerSecond as number };
  if (graphqlRestorePerSecond !== undefined)
    limits.graphqlRestorePerSecond = graphqlRestorePerSecond as number;
  if (graphqlBucketSize !== undefined) limits.graphqlBucketSize = graphqlBucketSize as number;
  return ok({ name: 'custom', limits });
}

interface Range {
  min: number;
  max: number;
  whole: boolean;
  unit: string;
}

/**
 * What custom limits may be. The lower bounds keep every derived figure meaningful: a leak of 0.001
 * calls/s gives a GraphQL restore of 0.05 points/s and a bucket of 1 point (cost-bucket.ts), and a rate
 * near 1e-300 would make the derived bucket smaller than one point (issue 16: it was a 500). The upper
 * bounds are far above every Shopify plan (SHOPIFY.md) and keep the arithmetic exact.
 */
const customRanges: Record<(typeof customFields)[number], Range> = {
  bucketSize: { min: 1, max: 1e9, whole: true, unit: 'calls' },
  leakPerSecond: { min: 0.001, max: 1e6, whole: false, unit: 'calls per second' },
  graphqlRestorePerSecond: { min: 0.05, max: 1e9, whole: false, unit: 'points per second' },
  graphqlBucketSize: { min: 1, max: 1e12, whole: true, unit: 'points' },
};

function rangeProblem(field: string, value: unknown, range: Range): string | undefined {
  const fits =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= range.min &&
    value <= range.max &&
    (!range.whole || Number.isInteger(value));
  if (fits) return undefined;
  const kind = range.whole ? 'a whole number of' : 'a number of';
  return `${field} must be ${kind} ${range.unit} from ${range.min} to ${range.max} (got ${JSON.stringify(value)})`;
}

/** Reads `{"expectedSourceIds": [...], "deadLetteredSourceIds": [...]}` (the second is optional). */
export function parseAdminAudit(input: Record<string, unknown>): Result<AdminAuditInput, string> {
  const unknownKey = Object.keys(input).find(
    (key) => key !== 'expectedSourceIds' && key !== 'deadLetteredSourceIds',
  );
  if (unknownKey !== undefined) {
    return fail(`${unknownKey} is not a known field (expected expectedSourceIds, deadLetteredSourceIds)`);
  }
  const expected = stringList(input, 'expectedSourceIds', true);
  if (!expected.ok) return expected;
  const deadLettered = stringList(input, 'deadLetteredSourceIds', false);
  if (!deadLettered.ok) return deadLettered;
  return ok({ expectedSourceIds: expected.value, deadLetteredSourceIds: deadLettered.value });
}

function stringList(
  input: Record<string, unknown>,
  field: string,
  required: boolean,
): Result<string[], string> {
  const value = input[field];
  if (value === undefined && !required) return ok([]);
  if (!Array.isArray(value)) return fail(`${field} must be an array of source order ids (strings)`);
  const bad = value.findIndex((item) => typeof item !== 'string');
  if (bad !== -1) return fail(`${field}[${bad}] must be a string (got ${JSON.stringify(value[bad])})`);
  return ok(value as string[]);
}
