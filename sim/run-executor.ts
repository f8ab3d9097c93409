import type { PropertyVerdict } from '../reports/report-model.js';
import type { ScenarioDocument } from '../scenarios/scenario-arbitrary.js';
import type { LoadedPipeline } from './load-pipeline-module.js';
import { runVerdicts } from './run-verdicts.js';

/**
 * Where a search's runs execute: in this thread, in a worker-thread pool (sim/run-pool.ts) or on any
 * number of machines through Redis (sim/search-queue.ts). The search (sim/explore.ts) decides which runs
 * to make and reads their verdicts in its own order, so the executor changes only how fast it goes, never
 * what it finds (docs/decisions/002-parallel-search.md).
 */
export interface RunExecutor {
  /**
   * The six verdicts of one generated scenario ({@link runVerdicts}), computed wherever this executor runs.
   * Once `abandoned` is aborted the search no longer needs them: the executor may drop the run.
   */
  verdicts(document: ScenarioDocument, abandoned?: AbortSignal): Promise<PropertyVerdict[]>;
  /** How many runs the search keeps in flight: enough to keep every thread or machine busy. */
  readonly width: number;
  /**
   * The search tops the window up only when this many runs have come back, so an executor that groups runs
   * (one Redis job per group) is handed whole groups. 1 for a thread pool.
   */
  readonly batch: number;
}

/** Runs every scenario in the calling thread, one at a time: the `--threads 1` executor. */
export const inlineRunExecutor: RunExecutor = inlineExecutorOf();

/** {@link inlineRunExecutor}, running a user's pipeline module instead of the documents' pipeline when given. */
export function inlineExecutorOf(pipeline?: LoadedPipeline): RunExecutor {
  return { verdicts: (document) => runVerdicts(document, pipeline), width: 1, batch: 1 };
}
