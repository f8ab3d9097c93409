import type { DeadLetter } from './dead-letter-queue.js';
import type { Spawn } from './mutex.js';
import {
  createReferencePipeline,
  type PipelineHooks,
  type ReferencePipelineDeps,
  type ReferencePipelineOptions,
} from './reference-pipeline.js';
import type { PipelineOrder } from './shopify-requests.js';

/**
 * What a pipeline is built from: the seams of ../shared/DESIGN.md — `clock`, `random` (fork it by label, one
 * stream per worker), `transport` (one request to Shopify: an answer or a network failure as a value,
 * never a throw), `store` (atomic key-value operations) — the `shop` it talks to and its REST bucket
 * (`limits`), and the `hooks` through which it tells the runner how its orders end. In the simulator every
 * seam runs on virtual time.
 *
 * The simulator's one rule: a pipeline blocks only through `clock` — `sleep`, `gate()`, `timeout()` signals,
 * and what is built on them (WorkQueue, the throttle, the mutex, the transport, the store) — never on a
 * promise another process resolves. The simulator cannot see such a wait and ends the run with
 * `SIM_STALLED`.
 */
export interface PipelineSeams extends Omit<ReferencePipelineDeps, 'options' | 'hooks' | 'spawn'> {
  /** Runs a process beside the workers (a lease renewer, say): `sim.spawn` in the simulator. */
  spawn: Spawn;
  /**
   * Call `onOrderDone(order, outcome, clock.nowMs())` when an order ends (created, dead-lettered, or left to
   * another delivery that claimed it): the run's end-to-end latency and bounded p99 come from it. `onIssue`
   * (each request as it is issued, retries marked) feeds the retry-wave figure and may be left uncalled.
   * Every request a pipeline sends is also recorded at the transport by the runner itself.
   */
  hooks: PipelineHooks;
}

/**
 * A pipeline's settings, read from the scenario's `pipeline` section (concurrency, attempts, backoff,
 * request timeout, retry budget), with the guarantees of the named variant (pipeline-variants.ts) and the
 * note attribute that carries the source order id. A pipeline uses what it understands.
 */
export type PipelineSettings = Readonly<Partial<ReferencePipelineOptions>>;

/** The dead letters a pipeline keeps: every give-up with its reason. */
export interface DeadLetterList {
  entries(): readonly DeadLetter<PipelineOrder>[];
}

/**
 * The object the runner drives: it hands each webhook delivery to `accept`, runs each of `workers()` as a
 * process, calls `close` after the last delivery, and reads the dead letters at the end. The reference
 * pipeline (reference-pipeline.ts) is one.
 */
export interface Pipeline {
  /** The webhook intake: takes one delivery of an order at once (it must not wait). */
  accept(order: PipelineOrder): void;
  /** No more deliveries will come: the workers end once their work is done. */
  close(): void;
  /** One body per worker; the runner runs each as a process (`sim.spawn`) and the run ends when all end. */
  workers(): (() => Promise<void>)[];
  /** Orders the pipeline gave up on, with the reason: "nothing lost" counts them as accounted for. */
  readonly deadLetters: DeadLetterList;
  /** Customer updates given up on (their orders exist). Defaults to none. */
  readonly customerDeadLetters?: DeadLetterList;
}

/** Builds a pipeline from the run's seams and the scenario's settings. Must not wait. */
export type CreatePipeline = (seams: PipelineSeams, settings: PipelineSettings) => Pipeline;

/**
 * A pipeline module, as `funnelstorm run --pipeline ./mine.ts` loads it: a named export `createPipeline`,
 * or a default export that is the function itself or an object with `createPipeline`.
 */
export interface PipelineModule {
  createPipeline: CreatePipeline;
}

/**
 * Types a user's pipeline builder (an identity function, for editors and `tsc`).
 *
 * @example
 * // my-pipeline.ts
 * import { definePipeline } from 'funnelstorm/pipeline';
 * export default definePipeline((seams, settings) => ({ accept, close, workers, deadLetters }));
 */
export function definePipeline(create: CreatePipeline): CreatePipeline {
  return create;
}

/**
 * The reference pipeline under the contract: the scenario's settings are its options, so the naive
 * baselines are the same module with one guarantee off in `settings` (pipeline-variants.ts).
 */
export const referencePipelineModule: PipelineModule = {
  createPipeline: (seams, settings) => createReferencePipeline({ ...seams, options: settings }),
};
