import type { KneePointRunner } from './knee-point-runner.js';
import { measureKneePoint } from './measure-knee-point.js';
import { createRunPool } from './run-pool.js';

/** A {@link KneePointRunner} in simulation, with what the sweep needs to drive it. */
export interface SimKneeRunner {
  run: KneePointRunner;
  /** Points to keep in flight so no thread waits (threads × 2; 1 in this thread). */
  width: number;
  /** Ends the worker threads. */
  close(): Promise<void>;
}

/**
 * Runs sweep points in simulation: on `threads` worker threads (sim/run-pool.ts, as `run --seeds` and
 * `check` do; the pool needs `npm run build`), or in this thread when `threads` is 1. A point's result
 * depends only on its job, so a sweep gives the same figures for any number of threads.
 *
 * @example
 * const runner = simKneePointRunner({ threads: os.availableParallelism() });
 * try { sweep = await runKneeSweep(options, runner.run); } finally { await runner.close(); }
 */
export function simKneePointRunner(options: { threads: number }): SimKneeRunner {
  if (options.threads <= 1) return { run: measureKneePoint, width: 1, close: async () => undefined };
  const pool = createRunPool(options.threads);
  return { run: (job) => pool.knee(job), width: options.threads * 2, close: () => pool.close() };
}
