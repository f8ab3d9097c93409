import { InvalidArgumentError } from 'commander';
import { FunnelstormError } from '../runtime/errors.js';
import { systemClock } from '../runtime/system-clock.js';
import type { KneePointRunner } from '../sim/knee-point-runner.js';
import { defaultLiveKneeRunnerOptions, liveKneePointRunner } from '../sim/live-knee-runner.js';

/** What `knee --mode live` is given. */
export interface LiveKneeFlags {
  redis?: string;
  threads: number;
  /** Worker processes per point (`--processes`). */
  processes?: number;
  /** The live world runs this many times faster than the scenario (`--time-scale`). */
  timeScale?: number;
}

/**
 * The runner of `knee --mode live`: each point on a served mock with real `funnelstorm work` processes
 * coordinated through `--redis` (sim/live-knee-runner.ts), one point at a time — points side by side
 * would share the machine's cores and measure each other.
 *
 * @throws FunnelstormError `FLAG_INVALID` without `--redis`, or when the CLI is not built.
 */
export function liveKneeRunner(flags: LiveKneeFlags): {
  run: KneePointRunner;
  width: number;
  close(): Promise<void>;
} {
  if (flags.redis === undefined)
    throw new FunnelstormError(
      'FLAG_INVALID',
      'knee --mode live: needs --redis URL (the workers coordinate through it).',
    );
  const run = liveKneePointRunner({
    redisUrl: flags.redis,
    clock: systemClock,
    workers: flags.processes ?? defaultLiveKneeRunnerOptions.workers,
    timeScale: flags.timeScale ?? defaultLiveKneeRunnerOptions.timeScale,
  });
  return { run, width: 1, close: async () => undefined };
}

/** Parses `--time-scale`: a number > 0. */
export function timeScaleFlag(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0)
    throw new InvalidArgumentError(`--time-scale must be a number > 0, such as 10 (got "${value}").`);
  return parsed;
}
