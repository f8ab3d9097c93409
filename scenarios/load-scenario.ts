import { readFileSync, statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { FunnelstormError } from '../runtime/errors.js';
import { readDocument } from './read-document.js';
import type { Scenario } from './scenario-types.js';
import { scenarioInvalid } from './scenario-error.js';
import { resolveTrafficFiles } from './traffic-files.js';
import { validateScenario } from './validate-scenario.js';

/**
 * Parses and validates a scenario from text. The format follows `source`'s extension: JSON for `.json`,
 * YAML otherwise. Throws `SCENARIO_INVALID` naming `source` and each field path that is wrong. Files that
 * phases name (`rate-csv`, `trace`) are looked for next to `source` and read through once to check them.
 *
 * @param text - The file's contents.
 * @param source - The file's path, used for the format and in messages.
 * @param validate - Checks the parsed document and resolves it; defaults to {@link validateScenario}
 *   (`validateWithOverrides` applies `--plan` and `--set` first).
 * @example
 * const scenario = parseScenario('name: x\nshop: { plan: plus }\ntraffic: { phases: [...] }', 'inline.yaml');
 */
export function parseScenario(
  text: string,
  source: string,
  validate: ScenarioValidator = validateScenario,
): Scenario {
  if (text.length > maxScenarioBytes) throw scenarioInvalid(source, [tooLarge(`${text.length} characters`)]);
  return resolveTrafficFiles(validate(readDocument(text, source), source), source);
}

/** Checks a parsed scenario document and resolves its defaults; throws `SCENARIO_INVALID` naming `source`. */
export type ScenarioValidator = (document: Record<string, unknown>, source: string) => Scenario;

/**
 * The largest scenario file, in bytes: 10 MB. Checked before the file is read or parsed — a YAML parse
 * takes many times its text in memory (a 48 MB file exhausted the default heap after a minute), and no
 * hand-written scenario comes near this size.
 */
export const maxScenarioBytes = 10 * 1024 * 1024;

function tooLarge(size: string): string {
  return `the file is too large (${size}; at most ${maxScenarioBytes / 1024 / 1024} MB). A scenario describes traffic; it does not list it.`;
}

/**
 * Reads a scenario file (YAML or JSON) and resolves it into a {@link Scenario} with every default filled in.
 * Throws `SCENARIO_NOT_FOUND` when the file is missing or unreadable, `SCENARIO_INVALID` when it is wrong.
 *
 * @param path - The file's path, absolute or relative to the working directory.
 * @param validate - As for {@link parseScenario}.
 * @example
 * const scenario = loadScenario('scenarios/funnel-launch-standard.yaml');
 */
export function loadScenario(path: string, validate: ScenarioValidator = validateScenario): Scenario {
  let text: string;
  try {
    // A FIFO or a device would block the read or never end: only a regular file is read, and its size is
    // checked before reading.
    const stats = statSync(path);
    if (!stats.isFile()) throw notRegular(path, stats);
    if (stats.size > maxScenarioBytes) throw scenarioInvalid(path, [tooLarge(`${stats.size} bytes`)]);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof FunnelstormError) throw error;
    throw new FunnelstormError(
      'SCENARIO_NOT_FOUND',
      `Failed to load scenario ${path}: ${whyUnreadable(error, path)}`,
      {
        cause: error,
      },
    );
  }
  return parseScenario(text, path, validate);
}

function notRegular(path: string, stats: Stats): FunnelstormError {
  const what = stats.isDirectory()
    ? 'it is a directory; give the path of a .yaml or .json file.'
    : `it is not a regular file (${specialKind(stats)}); give the path of a .yaml or .json file.`;
  return new FunnelstormError('SCENARIO_NOT_FOUND', `Failed to load scenario ${path}: ${what}`);
}

function specialKind(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

function whyUnreadable(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `the file does not exist (looked for ${resolve(path)}). Check the path.`;
  if (code === 'EISDIR') return 'it is a directory; give the path of a .yaml or .json file.';
  if (code === 'EACCES' || code === 'EPERM') return 'the file cannot be read (permission denied).';
  return `the file cannot be read (${(error as Error).message}).`;
}
