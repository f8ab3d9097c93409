import { parse as parseYaml } from 'yaml';
import { FunnelstormError } from '../runtime/errors.js';
import { describeIssues, formatPath } from './describe-issues.js';
import { scenarioInvalid } from './scenario-error.js';
import { scenarioSchema, shopPlanNames } from './scenario-schema.js';
import type { ScenarioValidator } from './load-scenario.js';

/** One `--set key=value`: a dotted path into the scenario document and the value to put there. */
export interface ScenarioSet {
  /** The flag as the user wrote it, `--set network.roundTripMs=400`, for messages. */
  flag: string;
  /** The path, e.g. `['traffic', 'phases', 0, 'orders']` for `traffic.phases[0].orders`. */
  path: (string | number)[];
  /** The value, read as YAML (`400` a number, `[1,2]` a list, `plus` a string). */
  value: unknown;
}

/** What `--plan` and `--set` ask to change in a scenario file, before it is validated. */
export interface ScenarioOverrideFlags {
  /** `--plan NAME`: the shop's plan (a named plan drops the file's custom limits). */
  plan?: string;
  /** `--set key=value`, in the order given (a later one wins). */
  set?: ScenarioSet[];
}

const segmentPattern = /^([A-Za-z_][\w-]*)((?:\[\d+\])*)$/;
/** Keys that would reach an object's prototype instead of a field. */
const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses one `--set key=value`: `key` a dotted path with list indices (`traffic.phases[0].orders`), `value`
 * read as a YAML scalar or flow collection. Throws `FLAG_INVALID` naming the flag when either is malformed.
 *
 * @example
 * parseScenarioSet('network.roundTripMs=400'); // { path: ['network', 'roundTripMs'], value: 400, … }
 */
export function parseScenarioSet(text: string): ScenarioSet {
  const flag = `--set ${text}`;
  const equals = text.indexOf('=');
  const key = equals < 0 ? '' : text.slice(0, equals).trim();
  const path = key === '' ? undefined : parsePath(key);
  if (path === undefined)
    throw new FunnelstormError(
      'FLAG_INVALID',
      `${flag}: give key=value, the key a dotted path into the scenario such as network.roundTripMs or traffic.phases[0].orders (got "${text}").`,
    );
  const raw = text.slice(equals + 1);
  let value: unknown;
  try {
    value = parseYaml(raw) as unknown;
  } catch (error) {
    throw new FunnelstormError(
      'FLAG_INVALID',
      `${flag}: the value is not a YAML value (${(error as Error).message.split('\n')[0] ?? ''}); quote a string with spaces or colons.`,
    );
  }
  return { flag, path, value: raw.trim() === '' ? '' : value };
}

function parsePath(key: string): (string | number)[] | undefined {
  const path: (string | number)[] = [];
  for (const segment of key.split('.')) {
    const match = segmentPattern.exec(segment);
    if (match === null || forbiddenKeys.has(match[1] ?? '')) return undefined;
    path.push(match[1] ?? '');
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path;
}

/**
 * A copy of a scenario document with `--plan` and each `--set` applied, in order. A named plan drops the
 * file's `bucketSize` and `leakPerSecond` (only `custom` takes them). Throws `FLAG_INVALID` when a path
 * runs through something that is not a mapping or a list, or past a list's end.
 */
export function applyScenarioOverrides(
  document: Record<string, unknown>,
  flags: ScenarioOverrideFlags,
): Record<string, unknown> {
  const copy = structuredClone(document);
  if (flags.plan !== undefined) {
    const shop = isMapping(copy.shop) ? copy.shop : {};
    if (flags.plan !== 'custom') {
      delete shop.bucketSize;
      delete shop.leakPerSecond;
    }
    copy.shop = { ...shop, plan: flags.plan };
  }
  for (const set of flags.set ?? []) setAt(copy, set);
  return copy;
}

function setAt(document: Record<string, unknown>, set: ScenarioSet): void {
  let node: unknown = document;
  for (let i = 0; i < set.path.length; i++) {
    const key = set.path[i] as string | number;
    const last = i === set.path.length - 1;
    const where = formatPath(set.path.slice(0, i));
    if (typeof key === 'number') {
      if (!Array.isArray(node)) throw setInvalid(set, `${where} is not a list, so it has no item [${key}]`);
      if (key > node.length || (key === node.length && !last))
        throw setInvalid(set, `${where} has ${node.length} item(s); [${key}] is past its end`);
      if (last) node[key] = set.value;
      else node = node[key] ??= {};
      continue;
    }
    if (!isMapping(node)) throw setInvalid(set, `${where} is not a mapping, so it has no field ${key}`);
    if (last) node[key] = set.value;
    else node = node[key] ??= typeof set.path[i + 1] === 'number' ? [] : {};
  }
}

function setInvalid(set: ScenarioSet, why: string): FunnelstormError {
  return new FunnelstormError('FLAG_INVALID', `${set.flag}: ${why}.`);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A scenario validator (for `loadScenario`) that applies `--plan` and `--set` to the raw document first, so
 * the schema checks every override as it checks the file: an unknown key is rejected, a bad value named. A
 * problem under an override's path is prefixed with that flag (`--set network.roundTripMs=-1:
 * network.roundTripMs must be ≥ 0 …`); a problem the file has without the overrides is reported as the
 * file's; any other with every override given.
 *
 * @example
 * const scenario = loadScenario(file, validateWithOverrides({ plan: 'plus', set: [parseScenarioSet('pipeline.concurrency=16')] }));
 */
export function validateWithOverrides(flags: ScenarioOverrideFlags): ScenarioValidator {
  return (document, source) => {
    if (flags.plan !== undefined && !(shopPlanNames as readonly string[]).includes(flags.plan))
      throw new FunnelstormError(
        'FLAG_INVALID',
        `--plan must be one of ${shopPlanNames.join(', ')} (got "${flags.plan}").`,
      );
    const edited = applyScenarioOverrides(document, flags);
    const result = scenarioSchema.safeParse(edited);
    if (result.success) return result.data;
    const own = scenarioSchema.safeParse(document);
    const fileProblems = new Set(
      own.success ? [] : describeIssues(own.error.issues, document, scenarioSchema),
    );
    const named = overrideNames(flags);
    const problems = describeIssues(result.error.issues, edited, scenarioSchema).map((problem) => {
      if (fileProblems.has(problem)) return problem;
      const owner = named.find(({ field }) => problem.startsWith(field));
      return `${owner?.flag ?? named.map(({ flag }) => flag).join(' ')}: ${problem}`;
    });
    throw scenarioInvalid(source, problems);
  };
}

/** Each override's flag and its field path as a problem names it, most specific path first. */
function overrideNames(flags: ScenarioOverrideFlags): { flag: string; field: string }[] {
  const named = [
    ...(flags.set ?? []).map((set) => ({ flag: set.flag, field: formatPath(set.path) })),
    ...(flags.plan === undefined ? [] : [{ flag: `--plan ${flags.plan}`, field: 'shop.' }]),
  ];
  // A later --set of the same path wins, so it is the one to blame; longer paths before their prefixes.
  return named.reverse().sort((a, b) => b.field.length - a.field.length);
}
