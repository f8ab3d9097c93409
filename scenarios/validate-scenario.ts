import { describeIssues } from './describe-issues.js';
import { scenarioInvalid } from './scenario-error.js';
import { scenarioSchema } from './scenario-schema.js';
import type { Scenario } from './scenario-types.js';

/**
 * Validates already-parsed scenario data (from a file, or built in code) and resolves its defaults.
 * Throws `SCENARIO_INVALID` listing every problem with its field path.
 *
 * @param value - The parsed data.
 * @param source - What to call it in messages, usually the file's path.
 * @example
 * const scenario = validateScenario({ name: 'x', shop: { plan: 'plus' }, traffic: { phases } }, 'generated');
 */
export function validateScenario(value: unknown, source: string): Scenario {
  const result = scenarioSchema.safeParse(value);
  if (result.success) return result.data;
  throw scenarioInvalid(source, describeIssues(result.error.issues, value, scenarioSchema));
}
