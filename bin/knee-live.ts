import { FunnelstormError } from '../runtime/errors.js';
import type { KneePointRunner } from '../sim/knee-point-runner.js';

/** What `knee --mode live` is given. */
export interface LiveKneeFlags {
  redis?: string;
  threads: number;
}

/**
 * The runner of `knee --mode live`: real worker processes against a served mock, coordinated through Redis.
 * Not wired in this build: it exits 2 saying so (sim/live-knee-runner.ts replaces this function).
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
  throw new FunnelstormError('FLAG_INVALID', 'knee --mode live: not wired in this build; use --mode sim.');
}
