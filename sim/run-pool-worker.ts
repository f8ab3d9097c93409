import type { PropertyVerdict, RunReport } from '../reports/report-model.js';
import type { ScenarioDocument } from '../scenarios/scenario-arbitrary.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { loadPipelineModule, type PipelineModuleRef } from './load-pipeline-module.js';
import type { KneeSeedResult } from '../reports/knee-model.js';
import type { KneePointJob } from './knee-point-runner.js';
import { measureKneePoint } from './measure-knee-point.js';
import { runScenario } from './run-scenario.js';
import { runVerdicts } from './run-verdicts.js';
import { acrossThreads } from './thread-error.js';

// The module each worker thread of sim/run-pool.ts loads (its built JS, dist/sim/run-pool-worker.js);
// tinypool calls the export a task names. Arguments and results cross threads by structured clone.

/** A task's input: what to run, and the user's pipeline module to run it through (loaded once per thread). */
export interface PoolTask<T> {
  input: T;
  pipeline?: PipelineModuleRef;
}

/** Task `verdicts`: the six verdicts of one generated scenario. */
export function verdicts(task: PoolTask<ScenarioDocument>): Promise<PropertyVerdict[]> {
  return acrossThreads(async () =>
    runVerdicts(task.input, task.pipeline && (await loadPipelineModule(task.pipeline))),
  );
}

/** Task `report`: the report of one resolved scenario (`funnelstorm run --seeds`). */
export function report(task: PoolTask<Scenario>): Promise<RunReport> {
  return acrossThreads(async () => {
    const pipeline = task.pipeline && (await loadPipelineModule(task.pipeline));
    return runScenario(task.input, {}, pipeline ? { pipeline } : {});
  });
}

/** Task `knee`: one point of a capacity sweep, measured (`funnelstorm knee`). */
export function knee(task: PoolTask<KneePointJob>): Promise<KneeSeedResult> {
  return acrossThreads(() => measureKneePoint(task.input));
}
