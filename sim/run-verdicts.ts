import type { PropertyVerdict, RunReport } from '../reports/report-model.js';
import type { ScenarioDocument } from '../scenarios/scenario-arbitrary.js';
import { validateScenario } from '../scenarios/validate-scenario.js';
import { isFunnelstormError } from '../runtime/errors.js';
import type { LoadedPipeline } from './load-pipeline-module.js';
import { checkProperties } from './properties/check-properties.js';
import type { RunEvidence } from './properties/run-evidence.js';
import { simulateScenario } from './run-scenario.js';

/**
 * Runs one generated scenario and returns the six verdicts, in the properties' order. A run that cannot
 * finish — the simulator finds the pipeline deadlocked or stalled (a process awaited a promise it cannot
 * see), or a simulated process throws — loses the orders still in flight, so it counts as breaking
 * `nothing-lost`, with the reason. `pipeline` runs a user's module instead of the document's pipeline.
 *
 * A pure function of the document (its own `seed` included): a worker thread or another machine computes
 * the same verdicts, which is what lets a search run anywhere (sim/run-executor.ts).
 */
export async function runVerdicts(
  document: ScenarioDocument,
  pipeline?: LoadedPipeline,
): Promise<PropertyVerdict[]> {
  let run: { report: RunReport; evidence: RunEvidence };
  try {
    run = await simulateScenario(
      validateScenario(document, 'a generated scenario'),
      {},
      pipeline === undefined ? {} : { pipeline },
    );
  } catch (error) {
    if (
      !isFunnelstormError(error, 'INTERNAL') &&
      !isFunnelstormError(error, 'SIM_PROCESS_FAILED') &&
      !isFunnelstormError(error, 'SIM_STALLED')
    )
      throw error;
    return [
      {
        property: 'nothing-lost',
        applies: true,
        holds: false,
        detail: `the run did not finish: ${error.message}`,
        orderIds: [],
      },
    ];
  }
  // The simulation already checked them for its report (sim/run-scenario.ts); checking again cost each
  // run of `check` about 3.5 % more CPU and 0.7 MB more garbage.
  return run.report.properties ?? checkProperties(run.evidence);
}
