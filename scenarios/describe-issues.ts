import type { z } from 'zod';
import {
  describeIssues as describeDocumentIssues,
  formatPath as formatDocumentPath,
} from '../runtime/describe-issues.js';

/**
 * Turns zod's issues about a scenario into sentences a user can act on, e.g.
 * `traffic.phases[2].ratePerSecond must be > 0 (got -3).` The wording is shared with every other document
 * a user writes (runtime/describe-issues.ts); here the top level is called `the scenario`.
 *
 * @param issues - From a failed `safeParse`.
 * @param input - The value that was parsed, to show what was found.
 * @param schema - The schema that was used, to list the known keys of an object.
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  schema: z.ZodType,
): string[] {
  return describeDocumentIssues(issues, input, schema, 'the scenario');
}

/** `['traffic', 'phases', 2, 'orders']` → `traffic.phases[2].orders`; the empty path is `the scenario`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return formatDocumentPath(path, 'the scenario');
}
