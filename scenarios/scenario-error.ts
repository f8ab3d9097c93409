import { FunnelstormError } from '../runtime/errors.js';

/** The most problems one message lists; the rest are counted. */
export const maxProblemsListed = 10;

/**
 * The `SCENARIO_INVALID` error for a scenario file: one problem on the same line, several one per line.
 * Each problem is a sentence naming the field path, e.g. `traffic.phases[2].ratePerSecond must be > 0 (got -3).`
 *
 * @param source - The file's path as the user gave it.
 * @param problems - At least one sentence.
 */
export function scenarioInvalid(source: string, problems: readonly string[]): FunnelstormError {
  const head = `Failed to load scenario ${source}:`;
  if (problems.length === 1) return new FunnelstormError('SCENARIO_INVALID', `${head} ${problems[0]}`);
  const listed = problems.slice(0, maxProblemsListed).map((problem) => `  - ${problem}`);
  const rest = problems.length - maxProblemsListed;
  if (rest > 0) listed.push(`  - … and ${rest} more.`);
  return new FunnelstormError(
    'SCENARIO_INVALID',
    `${head} ${problems.length} problems:\n${listed.join('\n')}`,
  );
}
