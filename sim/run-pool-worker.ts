import type { PropertyVerdict, RunReport } from '../reports/report-model.js';
import type { ScenarioDocument } from '../scenarios/scenario-arbitrary.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { runScenario } from './run-scenario.js';
import { runVerdicts } from './run-verdicts.js';

// The module each worker thread of sim/run-pool.ts loads (its built JS, dist/sim/run-pool-worker.js);
// tinypool calls the export a task names. Arguments and results cross threads by structured clone.

/** Task `verdicts`: the six verdicts of one generated scenario. */
export function verdicts(document: ScenarioDocument): Promise<PropertyVerdict[]> {
  return runVerdicts(document);
}

/** Task `report`: the report of one resolved scenario (`funnelstorm run --seeds`). */
export function report(scenario: Scenario): Promise<RunReport> {
  return runScenario(scenario);
}
