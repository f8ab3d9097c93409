import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FunnelstormError } from '../runtime/errors.js';
import { readDocument } from './read-document.js';
import type { Scenario } from './scenario-types.js';
import { validateScenario } from './validate-scenario.js';

/**
 * Parses and validates a scenario from text. The format follows `source`'s extension: JSON for `.json`,
 * YAML otherwise. Throws `SCENARIO_INVALID` naming `source` and each field path that is wrong.
 *
 * @param text - The file's contents.
 * @param source - The file's path, used for the format and in messages.
 * @example
 * const scenario = parseScenario('name: x\nshop: { plan: plus }\ntraffic: { phases: [...] }', 'inline.yaml');
 */
export function parseScenario(text: string, source: string): Scenario {
  return validateScenario(readDocument(text, source), source);
}

/**
 * Reads a scenario file (YAML or JSON) and resolves it into a {@link Scenario} with every default filled in.
 * Throws `SCENARIO_NOT_FOUND` when the file is missing or unreadable, `SCENARIO_INVALID` when it is wrong.
 *
 * @param path - The file's path, absolute or relative to the working directory.
 * @example
 * const scenario = loadScenario('scenarios/funnel-launch-standard.yaml');
 */
export function loadScenario(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new FunnelstormError(
      'SCENARIO_NOT_FOUND',
      `Failed to load scenario ${path}: ${whyUnreadable(error, path)}`,
      {
        cause: error,
      },
    );
  }
  return parseScenario(text, path);
}

function whyUnreadable(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `the file does not exist (looked for ${resolve(path)}). Check the path.`;
  if (code === 'EISDIR') return 'it is a directory; give the path of a .yaml or .json file.';
  if (code === 'EACCES' || code === 'EPERM') return 'the file cannot be read (permission denied).';
  return `the file cannot be read (${(error as Error).message}).`;
}
