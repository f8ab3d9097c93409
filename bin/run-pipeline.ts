import type { Scenario } from '../scenarios/scenario-types.js';
import { isFunnelstormError } from '../runtime/errors.js';
import type { LoadedPipeline } from '../sim/load-pipeline-module.js';
import { loadChosenPipeline, type PipelineChoice } from './pipeline-flag.js';

/** The pipeline `funnelstorm run` drives: the scenario to run, the name it goes by, and the run's option. */
export interface ChosenPipeline {
  /** The scenario, with `pipeline.name` replaced when `--pipeline` named a built-in one. */
  scenario: Scenario;
  /** A built-in pipeline's name, or the module's path as given. */
  name: string;
  /** `simulateScenario`'s option for a module (with its path, for worker threads); empty otherwise. */
  options: { pipeline?: LoadedPipeline };
}

/**
 * Applies `run --pipeline`: a built-in name replaces the scenario's `pipeline.name`; a module file is
 * loaded and its exports checked (FLAG_INVALID, exit 2, naming the file and what is missing). The module
 * gets the scenario's pipeline settings.
 */
export async function choosePipeline(
  scenario: Scenario,
  choice: PipelineChoice | undefined,
): Promise<ChosenPipeline> {
  if (choice !== undefined && 'name' in choice)
    return {
      scenario: { ...scenario, pipeline: { ...scenario.pipeline, name: choice.name } },
      name: choice.name,
      options: {},
    };
  const pipeline = await loadChosenPipeline(choice);
  if (pipeline === undefined) return { scenario, name: scenario.pipeline.name, options: {} };
  return { scenario, name: pipeline.name, options: { pipeline } };
}

/**
 * The message for a run a user's module could not finish — it awaited a promise the simulator cannot see
 * (`SIM_STALLED`), a process threw (`SIM_PROCESS_FAILED`), or its workers waited on each other for ever —
 * or undefined when `error` is not one of those or no module ran.
 */
export function moduleFailure(error: unknown, pipeline: LoadedPipeline | undefined): string | undefined {
  if (pipeline === undefined) return undefined;
  const known =
    isFunnelstormError(error, 'SIM_STALLED') ||
    isFunnelstormError(error, 'SIM_PROCESS_FAILED') ||
    isFunnelstormError(error, 'INTERNAL');
  if (!known) return undefined;
  return (
    `funnelstorm run: the pipeline module ${pipeline.name} did not finish the run (${error.code}): ` +
    `${error.message}\nIn the simulator a pipeline waits only through seams.clock (sleep, gate, timeout ` +
    'signals), never on a promise another process resolves (docs/pipeline.md, "Your own pipeline").'
  );
}
