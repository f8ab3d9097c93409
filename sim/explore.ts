import fc from 'fast-check';
import { propertyNames, type PropertyName, type PropertyVerdict } from '../reports/report-model.js';
import { scenarioDocumentArbitrary, type ScenarioDocument } from '../scenarios/scenario-arbitrary.js';
import { faultClasses, faultClassesOf, type FaultClass } from '../scenarios/scenario-arbitrary-classes.js';
import type { PipelineName } from '../scenarios/scenario-types.js';
import { FunnelstormError } from '../runtime/errors.js';
import { fewerOrders } from './fewer-orders.js';
import { orderedWindow } from './ordered-window.js';
import { brokenProperties } from './properties/check-properties.js';
import { inlineRunExecutor, type RunExecutor } from './run-executor.js';

/** Settings of {@link exploreScenarios}. */
export interface ExploreOptions {
  /** The pipeline every generated scenario runs. Defaults to `reference`. */
  pipeline: PipelineName;
  /** Generated scenarios to run (shrinking runs not counted). Defaults to 200. */
  runs: number;
  /** fast-check's seed: the same seed (and path) generates the same scenarios. */
  seed: number;
  /**
   * fast-check's replay path (`RunDetails.counterexamplePath`, e.g. `"17:3:0"`): with the seed, jumps
   * straight to a counterexample found before and its shrinking. Defaults to none (a fresh search).
   */
  path?: string;
  /** The most orders a generated scenario has. Defaults to 200. */
  maxOrders: number;
  /** The properties checked. Defaults to all six. */
  properties?: readonly PropertyName[];
  /**
   * Ends the search when aborted (e.g. `AbortSignal.timeout(ms)` for a time budget), shrinking included: a
   * search stopped before a failure reports `interrupted`; one stopped while shrinking reports the smallest
   * counterexample found so far. Defaults to none.
   */
  signal?: AbortSignal;
  /**
   * Where the runs execute: this thread (the default), a worker-thread pool (sim/run-pool.ts) or machines
   * behind Redis (sim/search-queue.ts). Changes the speed only, never the result.
   */
  executor?: RunExecutor;
  /** Called after every scenario run, generated or shrinking. Must not wait. */
  onRun?: (progress: ExploreProgress) => void;
}

/** How far a search has got. */
export interface ExploreProgress {
  /** Generated scenarios run so far. */
  runs: number;
  /** The search's planned runs. */
  plannedRuns: number;
  /** True once a counterexample was found and fast-check is shrinking it. */
  shrinking: boolean;
  /** Shrinking runs so far. */
  shrinkRuns: number;
}

/** A property broken by a (shrunk) generated scenario. */
export interface Counterexample {
  /** The shrunk scenario document: written as a file, `funnelstorm run` replays it exactly. */
  document: ScenarioDocument;
  /** The properties it breaks, with their order ids. */
  broken: PropertyVerdict[];
  /** Orders in the shrunk scenario. */
  orders: number;
  /** fast-check's replay path: with the seed, reproduces this counterexample (`--path`). */
  path: string;
  /** Shrinking steps fast-check took. */
  shrinks: number;
}

/** What a search found. */
export interface ExploreResult {
  seed: number;
  pipeline: PipelineName;
  /** Generated scenarios run (shrinking runs not counted). */
  runs: number;
  /** True when the signal ended the search before `runs` scenarios, without a failure. */
  interrupted: boolean;
  /** Of the generated scenarios run, how many exercised each fault class, every class listed. */
  coverage: Record<FaultClass, number>;
  /** Per property, how many generated runs it made a claim about (`applies`). */
  applied: Record<PropertyName, number>;
  /**
   * The median over the generated runs where bounded-p99 claimed a bound of the run's p99 / bound (the
   * verdict's `ratio`): how tight the bound is on the pipeline under test. Absent when none claimed one.
   */
  medianP99Ratio?: number;
  /** The first property broken, shrunk; absent when every run held. */
  counterexample?: Counterexample;
}

/** Defaults of {@link ExploreOptions}. */
export const defaultExploreOptions = { pipeline: 'reference', runs: 200, maxOrders: 200 } as const;

/**
 * The number of orders a scenario document asks for: the sum of its phases' `orders` (a phase given by
 * rate counts its expected number, rounded).
 */
export function documentOrders(document: ScenarioDocument): number {
  let total = 0;
  for (const phase of document.traffic.phases)
    total += phase.orders ?? Math.round((phase.ratePerSecond ?? 0) * (phase.durationSeconds ?? 0));
  return total;
}

/**
 * Runs generated scenarios through a pipeline in the simulator and checks the six properties of
 * ../shared/DESIGN.md after each (sim/properties/), the way FoundationDB and TigerBeetle test themselves:
 * many deterministic simulations from one seed. The first broken property is shrunk by fast-check to a
 * small scenario; the result carries that scenario as a document a file can hold, the broken verdicts

/**
 * Runs generated scenarios through a pipeline in the simulator and checks the six properties of
 * ../shared/DESIGN.md after each (sim/properties/), the way FoundationDB and TigerBeetle test themselves:
 * many deterministic simulations from one seed. The first broken property is shrunk by fast-check to a
 * small scenario; the result carries that scenario as a document a file can hold, the broken verdicts
 * (with order ids) and the seed and path that reproduce the search.
 *
 * Every scenario is a pure function of the generated document (its own `seed` included), so a
 * counterexample replays exactly with `funnelstorm run` and the search replays with `{ seed, path }`.
 *
 * The runs may execute anywhere (`executor`) and the result is the same, byte for byte
 * (docs/decisions/002-parallel-search.md): run i's scenario is fast-check's i-th value for the seed,
 * generated here; verdicts are read in run order and the first failing run is shrunk by fast-check's own
 * shrinker replaying its path, one candidate at a time — exactly what a sequential `fc.check` does.
 *
 * @example
 * const result = await exploreScenarios({ pipeline: 'no-idempotency', runs: 200, seed: 42 });
 * result.counterexample?.broken[0]?.property; // 'no-duplicates'
 */
export async function exploreScenarios(
  options: Partial<ExploreOptions> & { seed: number },
): Promise<ExploreResult> {
  const settings = { ...defaultExploreOptions, ...options };
  const executor = settings.executor ?? inlineRunExecutor;
  const signal = settings.signal;
  const wanted = new Set<PropertyName>(settings.properties ?? []);
  const brokenAmong = (verdicts: readonly PropertyVerdict[]): PropertyVerdict[] =>
    brokenProperties(verdicts).filter((verdict) => wanted.size === 0 || wanted.has(verdict.property));
  const coverage = Object.fromEntries(faultClasses.map((name) => [name, 0])) as Record<FaultClass, number>;
  const applied = Object.fromEntries(propertyNames.map((name) => [name, 0])) as Record<PropertyName, number>;
  const progress: ExploreProgress = { runs: 0, plannedRuns: settings.runs, shrinking: false, shrinkRuns: 0 };
  const arbitrary = scenarioDocumentArbitrary({ pipeline: settings.pipeline, maxOrders: settings.maxOrders });
  const p99Ratios: number[] = [];
  /** Counts a generated run; true when it holds. */
  const record = (document: ScenarioDocument, verdicts: readonly PropertyVerdict[]): boolean => {
    progress.runs++;
    for (const name of faultClassesOf(document)) coverage[name]++;
    for (const verdict of verdicts) if (verdict.applies) applied[verdict.property]++;
    const ratio = verdicts.find((verdict) => verdict.property === 'bounded-p99')?.ratio;
    if (ratio !== undefined) p99Ratios.push(ratio);
    const holds = brokenAmong(verdicts).length === 0;
    if (!holds) progress.shrinking = true;
    settings.onRun?.({ ...progress });
    return holds;
  };

  // With a replay path, fast-check goes straight to that run; without, the generated runs are evaluated
  // side by side and read in order up to the first that breaks, whose index is then the path to shrink.
  let path = settings.path;
  if (path === undefined) {
    let failing: number | undefined;
    const end = await orderedWindow(
      generatedDocuments(arbitrary, settings.seed, settings.runs),
      (document, abandoned) => executor.verdicts(document, abandoned),
      (verdicts, document, index) => {
        if (record(document, verdicts)) return true;
        failing = index;
        return false;
      },
      { width: executor.width, batch: executor.batch, ...(signal !== undefined && { signal }) },
    );
    const result = {
      seed: settings.seed,
      pipeline: settings.pipeline,
      runs: progress.runs,
      coverage,
      applied,
      ...(p99Ratios.length > 0 && { medianP99Ratio: median(p99Ratios) }),
    };
    if (failing === undefined) return { ...result, interrupted: end === 'aborted' };
    path = String(failing);
  }

  // fast-check's shrinker, one candidate at a time. Its first call replays the failing run itself (after
  // a fresh search already counted, so not again). Once aborted, every further candidate "holds": the
  // shrinker then ends at once with the smallest failure found so far.
  let calls = 0;
  const freshSearch = settings.path === undefined;
  const property = fc.asyncProperty(arbitrary, async (document) => {
    const first = calls++ === 0;
    if (!first && signal?.aborted === true) return true;
    const verdicts = await executor.verdicts(document);
    if (!(first && freshSearch) && !progress.shrinking) return record(document, verdicts);
    progress.shrinkRuns++;
    settings.onRun?.({ ...progress });
    return brokenAmong(verdicts).length === 0;
  });
  const details = await fc.check(property, {
    seed: settings.seed,
    path,
    numRuns: freshSearch ? 1 : settings.runs,
  });
  const result: ExploreResult = {
    seed: settings.seed,
    pipeline: settings.pipeline,
    runs: progress.runs,
    interrupted: signal?.aborted === true && !details.failed,
    coverage,
    applied,
    ...(p99Ratios.length > 0 && { medianP99Ratio: median(p99Ratios) }),
  };
  if (!details.failed && !freshSearch) return result;
  if (details.counterexample === null) {
    // A run that broke in the search holds when replayed, or fast-check gave up on its own (too many
    // skipped runs), which this search never asks for — a harness bug, not a property verdict.
    throw new FunnelstormError(
      'INTERNAL',
      `The search failed without a counterexample after ${details.numRuns} runs (seed ${settings.seed}, path ${path}).`,
    );
  }
  const brokenIn = async (
    candidate: ScenarioDocument,
    abandoned?: AbortSignal,
  ): Promise<PropertyVerdict[]> => {
    const verdicts = brokenAmong(await executor.verdicts(candidate, abandoned));
    progress.shrinkRuns++;
    settings.onRun?.({ ...progress });
    return verdicts;
  };
  const [shrunk] = details.counterexample;
  const document = await fewerOrders(
    shrunk,
    async (candidate, abandoned) => (await brokenIn(candidate, abandoned)).length > 0,
    {
      width: executor.width,
      ...(signal !== undefined && { signal }),
    },
  );
  const broken = await brokenIn(document);
  result.counterexample = {
    document,
    broken,
    orders: documentOrders(document),
    path: details.counterexamplePath ?? '',
    shrinks: details.numShrinks,
  };
  return result;
}

/** Documents {@link generatedDocuments} draws at a time: bounds memory on long searches. */
const generatedChunk = 256;

/**
 * The first `runs` values fast-check's runner draws for `seed`, in order — the scenarios `fc.check` would
 * run — drawn a chunk at a time. fast-check derives run i's generator from the seed by i jumps, so
 * `fc.sample` with path `"i"` starts exactly at run i (the same values `fc.check` passes its predicate).
 */
function* generatedDocuments(
  arbitrary: fc.Arbitrary<ScenarioDocument>,
  seed: number,
  runs: number,
): Generator<ScenarioDocument> {
  const chunk = Math.max(generatedChunk, Math.ceil(runs / 32));
  for (let start = 0; start < runs; start += chunk) {
    const numRuns = Math.min(chunk, runs - start);
    yield* fc.sample(arbitrary, { seed, numRuns, ...(start > 0 && { path: String(start) }) });
  }
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
