import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CreatePipeline, Pipeline, PipelineModule } from '../pipeline/pipeline-contract.js';
import { FunnelstormError } from '../runtime/errors.js';

/**
 * A user's pipeline module, by file: plain data, so it crosses to worker threads and into a
 * counterexample's header. `name` is the path as the user gave it (what reports show, the same from any
 * machine); `path` is the absolute file the module is loaded from.
 */
export interface PipelineModuleRef {
  name: string;
  path: string;
}

/** A loaded pipeline module (`simulateScenario`'s `pipeline` option takes it) and the file it came from. */
export interface LoadedPipeline extends PipelineModuleRef {
  module: PipelineModule;
}

/** Extensions a module may have: JavaScript is imported as it is, TypeScript through tsx. */
const javascript = new Set(['.js', '.mjs', '.cjs']);
const typescript = new Set(['.ts', '.mts', '.cts']);

/** What a module must export, for the error messages. */
const contract =
  'export `createPipeline(seams, settings)` returning { accept, close, workers, deadLetters } ' +
  '(docs/pipeline.md, "Your own pipeline"), or a default export that is that function or an object with it';

/**
 * Resolves `--pipeline <file>` against `cwd`: the file must exist and be JavaScript or TypeScript.
 * Throws `FLAG_INVALID` (exit 2) naming the file otherwise.
 */
export function resolvePipelineModule(given: string, cwd = process.cwd()): PipelineModuleRef {
  const path = resolve(cwd, given);
  if (!existsSync(path) || !statSync(path).isFile())
    throw new FunnelstormError('FLAG_INVALID', `--pipeline ${given}: no such file (looked at ${path}).`);
  const extension = extname(path);
  if (!javascript.has(extension) && !typescript.has(extension))
    throw new FunnelstormError(
      'FLAG_INVALID',
      `--pipeline ${given}: a pipeline module is a .js, .mjs, .cjs, .ts, .mts or .cts file (got "${extension || 'no extension'}").`,
    );
  return { name: given, path };
}

const loaded = new Map<string, Promise<LoadedPipeline>>();

/**
 * Imports a pipeline module once per process (a worker thread loads its own copy) and checks its shape:
 * the exports now, the pipeline `createPipeline` returns on each run. A `.ts` module goes through tsx's
 * `tsImport`, which compiles it without type checking. Throws `FLAG_INVALID` naming the file and what is
 * missing.
 *
 * @example
 * const pipeline = await loadPipelineModule(resolvePipelineModule('./my-pipeline.ts'));
 * await simulateScenario(scenario, {}, { pipeline });
 */
export function loadPipelineModule(ref: PipelineModuleRef): Promise<LoadedPipeline> {
  let pending = loaded.get(ref.path);
  if (pending === undefined) {
    pending = importModule(ref).then((namespace) => ({
      module: { createPipeline: checkedCreate(ref.name, findCreate(ref.name, namespace)) },
      ...ref,
    }));
    loaded.set(ref.path, pending);
  }
  return pending;
}

async function importModule(ref: PipelineModuleRef): Promise<Record<string, unknown>> {
  const url = pathToFileURL(ref.path).href;
  try {
    if (typescript.has(extname(ref.path))) {
      const { tsImport } = await import('tsx/esm/api');
      return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
    }
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new FunnelstormError(
      'FLAG_INVALID',
      `--pipeline ${ref.name}: the module failed to load: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** The module's `createPipeline`: named, the default export, or the default export's. */
function findCreate(name: string, namespace: Record<string, unknown>): CreatePipeline {
  const fallback = namespace['default'];
  const candidates: unknown[] = [
    namespace['createPipeline'],
    fallback,
    isObject(fallback) ? fallback['createPipeline'] : undefined,
    // A module compiled as CommonJS (a .ts file outside a `"type": "module"` package) has its ES default
    // export one level down, as `exports.default`.
    isObject(fallback) ? fallback['default'] : undefined,
    isObject(fallback) && isObject(fallback['default']) ? fallback['default']['createPipeline'] : undefined,
  ];
  for (const candidate of candidates) if (typeof candidate === 'function') return candidate as CreatePipeline;
  const exported = Object.keys(namespace);
  throw new FunnelstormError(
    'FLAG_INVALID',
    `--pipeline ${name}: the module exports no pipeline builder (it exports ${
      exported.length === 0 ? 'nothing' : exported.join(', ')
    }). A pipeline module must ${contract}.`,
  );
}

/** `create`, checking on each call that what it built has every member the runner drives. */
function checkedCreate(name: string, create: CreatePipeline): CreatePipeline {
  return (seams, settings) => {
    const pipeline: unknown = create(seams, settings);
    const missing = missingMembers(pipeline);
    if (missing.length > 0)
      throw new FunnelstormError(
        'FLAG_INVALID',
        `--pipeline ${name}: createPipeline returned ${describe(pipeline)} without ${missing.join(', ')}. A pipeline module must ${contract}.`,
      );
    const built = pipeline as Pipeline;
    return {
      accept: (order) => built.accept(order),
      close: () => built.close(),
      workers: () => checkedWorkers(name, built.workers()),
      get deadLetters() {
        return built.deadLetters;
      },
      get customerDeadLetters() {
        return built.customerDeadLetters;
      },
    };
  };
}

/** `workers()`'s result, checked: an array of functions, each the body of one process. */
function checkedWorkers(name: string, workers: unknown): (() => Promise<void>)[] {
  if (Array.isArray(workers) && workers.every((body) => typeof body === 'function'))
    return workers as (() => Promise<void>)[];
  throw new FunnelstormError(
    'FLAG_INVALID',
    `--pipeline ${name}: workers() returned ${describe(workers)}, not an array of async functions (one body per worker process).`,
  );
}

/** The members of the contract's `Pipeline` that `value` lacks. */
function missingMembers(value: unknown): string[] {
  if (!isObject(value)) return ['accept()', 'close()', 'workers()', 'deadLetters.entries()'];
  const missing = ['accept', 'close', 'workers']
    .filter((member) => typeof value[member] !== 'function')
    .map((member) => `${member}()`);
  const letters = value['deadLetters'];
  if (!isObject(letters) || typeof letters['entries'] !== 'function') missing.push('deadLetters.entries()');
  const customer = value['customerDeadLetters'];
  if (customer !== undefined && (!isObject(customer) || typeof customer['entries'] !== 'function'))
    missing.push('customerDeadLetters.entries() (or leave customerDeadLetters out)');
  return missing;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array with something other than functions';
  if (typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function')
    return 'a promise (createPipeline must not be async: build the pipeline at once, wait in its workers)';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}
