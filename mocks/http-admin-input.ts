import { fail, ok, type Result } from '../runtime/result.js';
import type { BucketLimits } from './leaky-bucket.js';
import { allPlanNames, isPlanName, plans } from './plans.js';

/** A plan as `PUT /__admin/plan` sets it: a named plan's REST limits, or custom ones. */
export interface AdminPlanChange {
  /** The plan's name, or `custom` for limits given as numbers. */
  name: string;
  /** The REST limits to apply. */
  limits: BucketLimits;
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

/**
 * Reads `{"plan": "plus"}` or `{"bucketSize": 400, "leakPerSecond": 20}`; a reason names the field.
 *
 * @example
 * parseAdminPlan({ plan: 'plus' }); // ok: { name: 'plus', limits: { bucketSize: 400, leakPerSecond: 20 } }
 */
export function parseAdminPlan(input: Record<string, unknown>): Result<AdminPlanChange, string> {
  const unknownKey = Object.keys(input).find((key) => !['plan', 'bucketSize', 'leakPerSecond'].includes(key));
  if (unknownKey !== undefined) {
    return fail(`${unknownKey} is not a known field (expected plan, or bucketSize and leakPerSecond)`);
  }
  if ('plan' in input) {
    const { plan } = input;
    if ('bucketSize' in input || 'leakPerSecond' in input) {
      return fail('plan cannot be combined with bucketSize or leakPerSecond: send one or the other');
    }
    if (typeof plan !== 'string' || !isPlanName(plan)) {
      return fail(`plan must be one of ${allPlanNames.join(', ')} (got ${JSON.stringify(plan)})`);
    }
    const { bucketSize, leakPerSecond } = plans[plan];
    return ok({ name: plan, limits: { bucketSize, leakPerSecond } });
  }
  const { bucketSize, leakPerSecond } = input;
  if (typeof bucketSize !== 'number' || !Number.isSafeInteger(bucketSize) || bucketSize < 1) {
    return fail(`bucketSize must be a whole number of calls ≥ 1 (got ${JSON.stringify(bucketSize)})`);
  }
  if (typeof leakPerSecond !== 'number' || !Number.isFinite(leakPerSecond) || leakPerSecond <= 0) {
    return fail(
      `leakPerSecond must be a number of calls per second > 0 (got ${JSON.stringify(leakPerSecond)})`,
    );
  }
  return ok({ name: 'custom', limits: { bucketSize, leakPerSecond } });
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
