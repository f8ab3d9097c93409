import { InvalidArgumentError } from 'commander';
import { pipelineNames } from '../scenarios/scenario-schema.js';
import type { PipelineName } from '../scenarios/scenario-types.js';
import { FunnelstormError } from '../runtime/errors.js';
import {
  loadPipelineModule,
  resolvePipelineModule,
  type LoadedPipeline,
  type PipelineModuleRef,
} from '../sim/load-pipeline-module.js';

/** `--pipeline`: a built-in pipeline by name, or a user's module by file. */
export type PipelineChoice = { name: PipelineName } | { module: PipelineModuleRef };

/** The help text of `--pipeline` for `run` and `check`. */
export const pipelineFlagHelp =
  `the pipeline under test: ${pipelineNames.join(', ')}, or your own pipeline module ` +
  '(a .ts or .js file, e.g. ./my-pipeline.ts; docs/pipeline.md, "Your own pipeline")';

/**
 * Parses `--pipeline`: a built-in name, else a module file (a value with a `/` or a script extension),
 * which must exist. A value that is neither gets the list of names.
 */
export function pipelineFlag(value: string): PipelineChoice {
  if ((pipelineNames as readonly string[]).includes(value)) return { name: value as PipelineName };
  if (!/[/\\]|\.[cm]?[jt]s$/.test(value))
    throw new InvalidArgumentError(
      `--pipeline must be one of ${pipelineNames.join(', ')}, or a pipeline module file such as ./my-pipeline.ts (got "${value}").`,
    );
  return { module: resolvePipelineModule(value) };
}

/** The user's module `choice` names, loaded and its exports checked (FLAG_INVALID naming the file); none for a name. */
export async function loadChosenPipeline(
  choice: PipelineChoice | undefined,
): Promise<LoadedPipeline | undefined> {
  return choice !== undefined && 'module' in choice ? loadPipelineModule(choice.module) : undefined;
}

/** Refuses `--pipeline <file>` with `--queue`: workers on other machines cannot load a file from this one. */
export function refuseModuleOnQueue(choice: PipelineChoice | undefined, queue: string | undefined): void {
  if (queue === undefined || choice === undefined || !('module' in choice)) return;
  throw new FunnelstormError(
    'FLAG_INVALID',
    `--pipeline ${choice.module.name} cannot go with --queue: \`funnelstorm worker\` processes on other ` +
      'machines cannot load a module from this disk. Search it on this machine with --threads instead.',
  );
}
