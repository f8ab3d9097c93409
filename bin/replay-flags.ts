import { InvalidArgumentError } from 'commander';
import { FunnelstormError } from '../runtime/errors.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { maxTraceFactor } from '../scenarios/traffic-schema.js';

/** `--speed` and `--scale` of `funnelstorm run`, parsed. */
export interface ReplayFlags {
  speed?: number;
  scale?: number;
}

/**
 * A commander option parser for `--speed` or `--scale`: a number above 0 and at most 10,000, with an error
 * that names the flag (exit 2).
 *
 * @param name - The flag, for the message.
 */
export function replayFactorFlag(name: string): (value: string) => number {
  return (value) => {
    const parsed = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
    if (!(parsed > 0 && parsed <= maxTraceFactor))
      throw new InvalidArgumentError(
        `${name} must be a number above 0 and at most ${maxTraceFactor}, e.g. 10 or 0.5 (got "${value}").`,
      );
    return parsed;
  };
}

/**
 * Applies `--speed` and `--scale` to every `trace` phase of a scenario (they override the phases' own
 * `speed` and `scale`); the result is what runs and what the report records. Throws `FLAG_INVALID` (exit 2)
 * when a flag is given and the scenario replays no trace.
 *
 * @param scenario - The loaded scenario.
 * @param flags - The parsed flags.
 * @param file - The scenario's path, for the message.
 */
export function applyReplayFlags(scenario: Scenario, flags: ReplayFlags, file: string): Scenario {
  const given = (['speed', 'scale'] as const).filter((flag) => flags[flag] !== undefined);
  if (given.length === 0) return scenario;
  if (!scenario.traffic.phases.some((phase) => phase.arrival === 'trace'))
    throw new FunnelstormError(
      'FLAG_INVALID',
      `${given.map((flag) => `--${flag}`).join(' and ')} ${given.length === 1 ? 'applies' : 'apply'} to trace phases, and ${file} has none ` +
        '(a phase with arrival: trace; see docs/scenario-format.md, "Trace replay").',
    );
  const phases = scenario.traffic.phases.map((phase) =>
    phase.arrival !== 'trace'
      ? phase
      : {
          ...phase,
          ...(flags.speed !== undefined && { speed: flags.speed }),
          ...(flags.scale !== undefined && { scale: flags.scale }),
        },
  );
  return { ...scenario, traffic: { ...scenario.traffic, phases } };
}
