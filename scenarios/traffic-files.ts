import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { FunnelstormError } from '../runtime/errors.js';
import { readRateCsv } from './rate-csv.js';
import type { Scenario } from './scenario-types.js';
import { scenarioInvalid } from './scenario-error.js';
import { TraceReader } from './trace-reader.js';

/**
 * Resolves the files a scenario's phases name (`rate-csv` and `trace`) against the scenario file's folder,
 * and reads each once, so a bad row is refused when the scenario loads — `SCENARIO_INVALID` naming the
 * phase, the file and the line — not halfway through a run. A trace is read through to its end in
 * constant memory (scenarios/trace-reader.ts); nothing of it is kept.
 *
 * @param scenario - The validated scenario.
 * @param source - The scenario file's path (its folder is where relative files are looked for).
 * @returns The scenario with each `file` joined to that folder (unchanged when no phase names a file).
 */
export function resolveTrafficFiles(scenario: Scenario, source: string): Scenario {
  if (!scenario.traffic.phases.some((phase) => phase.file !== undefined)) return scenario;
  const folder = dirname(source);
  const problems: string[] = [];
  const phases = scenario.traffic.phases.map((phase, index) => {
    if (phase.file === undefined) return phase;
    const file = isAbsolute(phase.file) ? phase.file : join(folder, phase.file);
    try {
      // A FIFO or a device would block the synchronous read (and with it the run) or never end.
      if (existsSync(file) && !statSync(file).isFile())
        throw new FunnelstormError(
          'SCENARIO_INVALID',
          `${file} is not a regular file; give a .csv or .jsonl file`,
        );
      if (phase.arrival === 'rate-csv') readRateCsv(file);
      else scanTrace(file);
    } catch (error) {
      if (!(error instanceof FunnelstormError)) throw error;
      problems.push(`traffic.phases[${index}].file: ${error.message}.`);
    }
    return { ...phase, file };
  });
  if (problems.length > 0) throw scenarioInvalid(source, problems);
  return { ...scenario, traffic: { ...scenario.traffic, phases } };
}

/** Reads a trace through, checking every order; returns how many orders it has. */
function scanTrace(file: string): number {
  const reader = new TraceReader(file);
  let count = 0;
  while (reader.next() !== undefined) count += 1;
  if (count === 0) throw new FunnelstormError('SCENARIO_INVALID', `${file} has no orders`);
  return count;
}
