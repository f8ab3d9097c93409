import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import type { KneeSeedResult } from '../reports/knee-model.js';
import type { PropertyVerdict, RunReport } from '../reports/report-model.js';
import type { ScenarioDocument } from '../scenarios/scenario-arbitrary.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { FunnelstormError } from '../runtime/errors.js';
import type { KneePointJob } from './knee-point-runner.js';
import type { PipelineModuleRef } from './load-pipeline-module.js';
import type { RunExecutor } from './run-executor.js';
import type { PoolTask } from './run-pool-worker.js';
import { fromThread } from './thread-error.js';

/** A pool of worker threads that run simulations: a {@link RunExecutor} for searches, and whole reports. */
export interface RunPool extends RunExecutor {
  /** The report of one resolved scenario, run on a worker thread (the same report as in this thread). */
  report(scenario: Scenario): Promise<RunReport>;
  /** One point of a capacity sweep, measured on a worker thread (the same result as in this thread). */
  knee(job: KneePointJob): Promise<KneeSeedResult>;
  /** Ends the worker threads; pending runs are dropped. */
  close(): Promise<void>;
}

/** Tasks handed to the threads at once, per thread: one running, one ready so no thread waits. */
const dispatchedPerThread = 2;

/**
 * Runs the search may have in flight, per thread. Far more than the threads can run: the search reads
 * results in run order, so one long run at the head would otherwise leave the other threads idle. Runs
 * the search abandons (it stopped at an earlier failure) are dropped here before reaching a thread.
 */
const windowPerThread = 32;

/**
 * Each thread's young generation, in MB (V8's default here is 48: three 16 MB semi-spaces). A simulation
 * keeps most of what it allocates until it ends, so a small nursery copies the same live run state at every
 * scavenge and promotes it to the old generation, which then needs marking. Twice the default cut the
 * CPU of a 200-run `check --threads 2` by about 7 % (user + sys of the whole process, two
 * configurations run side by side on a loaded machine, three pairs); 192 did no better. V8 grows the
 * nursery up to this size only while runs keep objects alive, so a thread costs at most this much more.
 */
const youngGenerationMb = 96;

/**
 * Starts `threads` worker threads (tinypool) that each load the built simulator
 * (dist/sim/run-pool-worker.js) and run one simulation at a time. A run on a thread gives the same result
 * as in this thread: a simulation depends only on its scenario and seed.
 *
 * Threads load the compiled JavaScript, so the pool needs `npm run build` when used from the sources (the
 * CLI always runs from dist/). With `pipeline`, every run goes through that user's module, which each
 * thread loads once.
 *
 * @example
 * const pool = createRunPool(os.availableParallelism());
 * const result = await exploreScenarios({ seed: 7, executor: pool });
 * await pool.close();
 */
export function createRunPool(threads: number, options: { pipeline?: PipelineModuleRef } = {}): RunPool {
  // Only the module's name and path cross to the threads; each loads the module itself.
  const ref = options.pipeline && { name: options.pipeline.name, path: options.pipeline.path };
  const task = <T>(input: T): PoolTask<T> => ({ input, ...(ref && { pipeline: ref }) });
  const filename = workerModule();
  const pool = new Tinypool({
    filename,
    minThreads: threads,
    maxThreads: threads,
    resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb },
  });
  const waiting: Waiting[] = [];
  let dispatched = 0;
  const dispatch = (): void => {
    while (dispatched < threads * dispatchedPerThread && waiting.length > 0) {
      const next = waiting.shift();
      if (next === undefined || next.abandoned?.aborted === true) continue;
      dispatched++;
      pool
        .run(task(next.document), { name: 'verdicts' })
        .then(next.resolve, (reason: unknown) => next.reject(fromThread(reason)))
        .finally(() => {
          dispatched--;
          dispatch();
        });
    }
  };
  return {
    width: threads * windowPerThread,
    batch: 1,
    verdicts: (document, abandoned) =>
      new Promise<PropertyVerdict[]>((resolve, reject) => {
        waiting.push({ document, abandoned, resolve, reject });
        dispatch();
      }),
    report: (scenario) =>
      pool.run(task(scenario), { name: 'report' }).catch((reason: unknown) => {
        throw fromThread(reason);
      }),
    knee: (job) =>
      pool.run(task(job), { name: 'knee' }).catch((reason: unknown) => {
        throw fromThread(reason);
      }),
    close: () => pool.destroy(),
  };
}

/** A run waiting for a thread. An abandoned one is never settled: nobody reads it. */
interface Waiting {
  document: ScenarioDocument;
  abandoned: AbortSignal | undefined;
  resolve: (verdicts: PropertyVerdict[]) => void;
  reject: (error: unknown) => void;
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
