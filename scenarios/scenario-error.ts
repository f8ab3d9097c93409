import { documentInvalid } from '../runtime/document-invalid.js';
import type { FunnelstormError } from '../runtime/errors.js';

export { maxProblemsListed } from '../runtime/document-invalid.js';

/**
 * The `SCENARIO_INVALID` error for a scenario file: one problem on the same line, several one per line.
 * Each problem is a sentence naming the field path, e.g. `traffic.phases[2].ratePerSecond must be > 0 (got -3).`
 *
 * @param source - The file's path as the user gave it.
 * @param problems - At least one sentence.
 */
export function scenarioInvalid(source: string, problems: readonly string[]): FunnelstormError {
  return documentInvalid('scenario', source, problems);
}
