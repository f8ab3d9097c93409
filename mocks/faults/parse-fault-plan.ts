import { readFileSync } from 'node:fs';
import { describeIssues } from '../../runtime/describe-issues.js';
import { documentInvalid } from '../../runtime/document-invalid.js';
import { FunnelstormError } from '../../runtime/errors.js';
import { readStructuredText, structuredTextFormat } from '../../runtime/read-structured-text.js';
import type { FaultPlan } from './fault-plan.js';
import { faultPlanSchema } from './fault-plan-schema.js';

const what = 'fault plan';

/**
 * Validates fault-plan data (parsed from a file, or built in code) and resolves its defaults. Throws
 * `SCENARIO_INVALID` listing every problem with its field path, e.g.
 * `Failed to load fault plan faults.yaml: rules[2].probability must be ≤ 1 (got 1.5).`
 *
 * @param value - The data; a resolved {@link FaultPlan} is valid too.
 * @param source - What to call it in messages: a file's path, or e.g. `PUT /__admin/faults`.
 */
export function validateFaultPlan(value: unknown, source: string): FaultPlan {
  const result = faultPlanSchema.safeParse(value);
  if (result.success) return result.data;
  throw documentInvalid(
    what,
    source,
    describeIssues(result.error.issues, value, faultPlanSchema, 'the fault plan'),
  );
}

/**
 * Parses a fault plan from YAML or JSON text: JSON when `source` ends in `.json`, YAML otherwise (YAML
 * reads JSON too). Empty text is the empty plan. Throws `SCENARIO_INVALID` naming `source`, with line and
 * column for a syntax error and the field path for a wrong value.
 *
 * @param text - The plan's text, e.g. a file's contents or a request body posted to the admin API.
 * @param source - Names it in messages and picks the format.
 * @example
 * const plan = parseFaultPlan('rules:\n  - { kind: status, status: 503, probability: 0.1 }\n', 'inline.yaml');
 */
export function parseFaultPlan(text: string, source: string): FaultPlan {
  if (text.trim() === '') return { rules: [] };
  const parsed = readStructuredText(text, structuredTextFormat(source));
  if (!parsed.ok) throw documentInvalid(what, source, parsed.reason);
  // A YAML file of comments only parses to null: no rules.
  return validateFaultPlan(parsed.value ?? {}, source);
}

/**
 * Reads a fault-plan file (YAML or JSON). Throws `SCENARIO_NOT_FOUND` when it cannot be read and
 * `SCENARIO_INVALID` when it is wrong (see {@link parseFaultPlan}).
 *
 * @param path - The file's path, absolute or relative to the working directory.
 * @example
 * const service = createShopifyService({ model: { limits: plans.plus }, random, faults: loadFaultPlan('faults.yaml') });
 */
export function loadFaultPlan(path: string): FaultPlan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'the file does not exist'
        : (error as Error).message;
    throw new FunnelstormError(
      'SCENARIO_NOT_FOUND',
      `Failed to load ${what} ${path}: ${reason}. Check the path.`,
      {
        cause: error,
      },
    );
  }
  return parseFaultPlan(text, path);
}
