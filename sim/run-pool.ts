import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import type { RunReport } from '../reports/report-model.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { FunnelstormError } from '../runtime/errors.js';
import type { RunExecutor } from './run-executor.js';

/** A pool of worker threads that run simulations: a {@link RunExecutor} for searches, and whole reports. */
export interface RunPool extends RunExecutor {
  /** The report of one resolved scenario, run on a worker thread (the same report as in this thread). */
  report(scenario: Scenario): Promise<RunReport>;
  /** Ends the worker threads; pending runs are dropped. */
  close(): Promise<void>;
}

/** Runs kept queued per thread beyond the one it runs, so no thread waits for the next run. */
const queuedPerThread = 1;

/**
 * Starts `threads` worker threads (tinypool) that each load the built simulator
 * (dist/sim/run-pool-worker.js) and run one simulation at a time. A run on a thread gives the same result
 * as in this thread: a simulation depends only on its scenario and seed.
 *
 * Threads load the compiled JavaScript, so the pool needs `npm run build` when used from the sources (the
 * CLI always runs from dist/).
 *
 * @example
 * const pool = createRunPool(os.availableParallelism());
 * const result = await exploreScenarios({ seed: 7, executor: pool });
 * await pool.close();
 */
export function createRunPool(threads: number): RunPool {
  const filename = workerModule();
  const pool = new Tinypool({ filename, minThreads: threads, maxThreads: threads });
  return {
    width: threads * (1 + queuedPerThread),
    batch: 1,
    verdicts: (document) => pool.run(document, { name: 'verdicts' }),
    report: (scenario) => pool.run(scenario, { name: 'report' }),
    close: () => pool.destroy(),
  };
}

/** The worker module's path next to this one, which must be compiled JavaScript. */
function workerModule(): string {
  const url = new URL(import.meta.url);
  const compiled = url.pathname.endsWith('.js');
  const path = fileURLToPath(new URL('./run-pool-worker.js', url));
  if (compiled && existsSync(path)) return path;
  throw new FunnelstormError(
    'INTERNAL',
    `Worker threads run the compiled simulator, but ${path} is missing: run \`npm run build\` (or use one thread).`,
  );
}
