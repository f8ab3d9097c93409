import { InvalidArgumentError, Option } from 'commander';
import type { ScenarioValidator } from '../scenarios/load-scenario.js';
import {
  parseScenarioSet,
  validateWithOverrides,
  type ScenarioSet,
} from '../scenarios/scenario-overrides.js';
import { shopPlanNames } from '../scenarios/scenario-schema.js';
import { isFunnelstormError } from '../runtime/errors.js';

/** `--plan` and `--set` as commander hands them over. */
export interface ScenarioOverrideOptions {
  plan?: string;
  set?: ScenarioSet[];
}

/** The `--plan <name>` option of `run` (and the pattern of `knee --plans`). */
export function planOption(): Option {
  return new Option(
    '--plan <name>',
    `the shop's plan, overriding the file's (${shopPlanNames.join(', ')}; custom needs shop.bucketSize and shop.leakPerSecond, e.g. with --set)`,
  ).argParser((value: string) => {
    if (!(shopPlanNames as readonly string[]).includes(value))
      throw new InvalidArgumentError(`--plan must be one of ${shopPlanNames.join(', ')} (got "${value}").`);
    return value;
  });
}

/** The repeatable `--set <key=value>` option of `run` and `knee`. */
export function setOption(): Option {
  return new Option(
    '--set <key=value>',
    'change one scenario field before it is checked, e.g. network.roundTripMs=400, pipeline.concurrency=16 or ' +
      'traffic.phases[0].orders=500 (the value read as YAML: 400, plus, [1,2]); repeatable, a later one wins',
  ).argParser((value: string, previous: ScenarioSet[] | undefined) => {
    try {
      return [...(previous ?? []), parseScenarioSet(value)];
    } catch (error) {
      if (isFunnelstormError(error, 'FLAG_INVALID')) throw new InvalidArgumentError(error.message);
      throw error;
    }
  });
}

/** The scenario validator for the flags: the plain loader's without any override. */
export function overrideValidator(flags: ScenarioOverrideOptions): ScenarioValidator | undefined {
  if (flags.plan === undefined && (flags.set ?? []).length === 0) return undefined;
  return validateWithOverrides({
    ...(flags.plan !== undefined && { plan: flags.plan }),
    ...(flags.set !== undefined && { set: flags.set }),
  });
}
