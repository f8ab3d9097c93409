import type { Pipeline, PipelineModule } from '../../pipeline/pipeline-contract.js';
import { createReferencePipeline, type ReferencePipelineDeps } from '../../pipeline/reference-pipeline.js';
import { sourceOrderHeader } from '../../pipeline/shopify-requests.js';
import type { Random } from '../../runtime/random.js';
import { headerValue, type Dispatch } from '../../runtime/transport.js';

/**
 * Deliberately worse pipelines for the property teeth (test/property/teeth.test.ts): each is the reference
 * pipeline with one flaw a skeptical reviewer would try, built from the run's seams under the pipeline
 * contract (pipeline/pipeline-contract.ts). Test-only: none is a baseline a user would pick.
 */
export type PipelineBuilder = (deps: ReferencePipelineDeps) => Pipeline;

/** `simulateScenario`'s `pipeline` option for a builder: the reference's deps, the scenario's settings as options. */
export function underTest(build: PipelineBuilder): { module: PipelineModule } {
  return { module: { createPipeline: (seams, settings) => build({ ...seams, options: settings }) } };
}

/** A throttle that paces at `share` of the shop's leak rate (the bucket as it is): a slow drain. */
export function slowThrottle(share: number): PipelineBuilder {
  return (deps) =>
    createReferencePipeline({
      ...deps,
      limits: { ...deps.limits, leakPerSecond: deps.limits.leakPerSecond * share },
    });
}

/**
 * Gives the customer update up as soon as its lock is busy (it waits 1 ms for it): the update is
 * dead-lettered with a reason, but no fault explains it — a lost update.
 */
export const skipBusyCustomer: PipelineBuilder = (deps) =>
  createReferencePipeline({ ...deps, options: { ...deps.options, lockWaitMs: 1 } });

/**
 * A retry policy without jitter whose workers come back 0.5 ms apart: worker i waits (1 − i / 1000) × the
 * backoff ceiling, so after a shared failure the first retries land 0.5 ms apart (ceiling 500 ms).
 */
export const steppedRetries: PipelineBuilder = (deps) =>
  createReferencePipeline({ ...deps, random: steppedJitter(deps.random) });

/**
 * Drops the source order's note attribute from every create after the first of the same order (a retry
 * that rebuilt its body from a lossy copy): a retried create lands as an order that names no source order.
 */
export const dropNoteOnRetry: PipelineBuilder = (deps) => {
  const created = new Set<string>();
  const transport: Dispatch = (request, options) => {
    const sourceOrderId = headerValue(request.headers, sourceOrderHeader);
    if (request.method !== 'POST' || !request.url.endsWith('/orders.json') || sourceOrderId === undefined)
      return deps.transport(request, options);
    if (!created.has(sourceOrderId)) {
      created.add(sourceOrderId);
      return deps.transport(request, options);
    }
    const body = JSON.parse(request.body ?? '{}') as { order?: Record<string, unknown> };
    delete body.order?.['note_attributes'];
    return deps.transport({ ...request, body: JSON.stringify(body) }, options);
  };
  return createReferencePipeline({ ...deps, transport });
};

/**
 * `build` with the correlation header (`x-funnelstorm-order`) dropped from every request, or set to one
 * value for all (`'mangle'`): the history must then tie requests to their source orders by what the shop
 * records (the create's note attribute, the customer in the path), not by the header.
 */
export function withoutCorrelation(build: PipelineBuilder, how: 'drop' | 'mangle'): PipelineBuilder {
  return (deps) => {
    const transport: Dispatch = (request, options) => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== sourceOrderHeader),
      );
      if (how === 'mangle') headers[sourceOrderHeader] = 'order';
      return deps.transport({ ...request, headers }, options);
    };
    return build({ ...deps, transport });
  };
}

/** A Random whose workers' jitter streams are constant, 1 − i / 1000 for worker i; all else as `root`. */
function steppedJitter(root: Random): Random {
  return {
    seed: root.seed,
    path: root.path,
    next: () => root.next(),
    int: (min, max) => root.int(min, max),
    fork: (label) => {
      const worker = /^worker-(\d+)$/.exec(label);
      const child = root.fork(label);
      if (worker === null) return child;
      const value = 1 - 2 ** -53 - Number(worker[1]) / 1000;
      const constant: Random = {
        seed: child.seed,
        path: `${child.path} (stepped, no jitter)`,
        next: () => value,
        int: (min, max) => min + Math.floor(value * (max - min + 1)),
        fork: () => constant,
      };
      return {
        seed: child.seed,
        path: child.path,
        next: () => child.next(),
        int: (min, max) => child.int(min, max),
        fork: (inner) => (inner === 'retry' || inner === 'workflow' ? constant : child.fork(inner)),
      };
    },
  };
}
