import { FunnelstormError } from './errors.js';

/** The most problems one message lists; the rest are counted. */
export const maxProblemsListed = 10;

/**
 * The `SCENARIO_INVALID` error for a document a user wrote (a scenario, a fault plan): one problem on the
 * same line, several one per line, at most {@link maxProblemsListed} of them. Each problem is a sentence
 * naming the field path, e.g. `rules[2].probability must be ≤ 1 (got 1.5).`
 *
 * @param what - What the document is, e.g. `scenario` or `fault plan`.
 * @param source - Its name as the user gave it (a path, or a label such as `PUT /__admin/faults`).
 * @param problems - At least one sentence.
 * @example
 * throw documentInvalid('fault plan', 'faults.yaml', ['rules[0].kind is required (expected a string).']);
 */
export function documentInvalid(what: string, source: string, problems: readonly string[]): FunnelstormError {
  const head = `Failed to load ${what} ${source}:`;
  if (problems.length === 1) return new FunnelstormError('SCENARIO_INVALID', `${head} ${problems[0]}`);
  const listed = problems.slice(0, maxProblemsListed).map((problem) => `  - ${problem}`);
  const rest = problems.length - maxProblemsListed;
  if (rest > 0) listed.push(`  - … and ${rest} more.`);
  return new FunnelstormError(
    'SCENARIO_INVALID',
    `${head} ${problems.length} problems:\n${listed.join('\n')}`,
  );
}
