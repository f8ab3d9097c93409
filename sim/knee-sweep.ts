import type { KneePoint, KneeSeedResult, KneeSweep, KneeSweepPlan } from '../reports/knee-model.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { FunnelstormError } from '../runtime/errors.js';
import { kneeAssumptions, restCallsPerOrder } from './knee-assumptions.js';
import type { KneePointJob, KneePointRunner } from './knee-point-runner.js';
import { kneePointScenario } from './measure-knee-point.js';
import { orderedWindow } from './ordered-window.js';

/** What {@link runKneeSweep} sweeps. */
export interface KneeSweepOptions {
  /** The file the scenario came from (for the report and for live workers). */
  scenarioFile: string;
  /** One scenario per plan, with the sweep's overrides (`--plans`, `--set`) applied, in plan order. */
  plans: { plan: string; scenario: Scenario }[];
  /** The concurrencies, ascending, each ≥ 1. */
  concurrency: readonly number[];
  /** Arrival-rate multipliers (`--rates`), each > 0. Defaults to [1]. */
  rates?: readonly number[];
  /** The seeds every point runs. */
  seeds: readonly number[];
  mode: 'sim' | 'live';
  /** Points measured at once: the runner's threads × 2 keeps every thread busy. Defaults to 1. */
  width?: number;
}

/** How far a sweep has got: runs done of the total. */
export interface KneeSweepProgress {
  done: number;
  total: number;
}

/**
 * Runs a capacity sweep: for each plan × concurrency × rate × seed one {@link KneePointJob}, through
 * `runner` (in simulation on a thread pool, or live), `width` at a time; then each point's means and
 * spread over its seeds, and each plan's ceiling (leak rate ÷ REST calls per order). The result depends
 * only on the jobs, never on the order they finish in.
 *
 * @example
 * const runner = simKneePointRunner({ threads: 2 });
 * const sweep = await runKneeSweep({ scenarioFile, plans, concurrency: [1, 2, 4, 8], seeds: [1, 2, 3], mode: 'sim', width: 4 }, runner.run);
 */
export async function runKneeSweep(
  options: KneeSweepOptions,
  runner: KneePointRunner,
  onProgress?: (progress: KneeSweepProgress) => void,
): Promise<KneeSweep> {
  const first = options.plans[0]?.scenario;
  if (first === undefined) throw new FunnelstormError('INTERNAL', 'runKneeSweep needs at least one plan.');
  const rates = options.rates ?? [1];
  // What every point would refuse (many shops, a rate-csv phase under --rates) is refused before any runs.
  for (const { scenario } of options.plans)
    for (const rateScale of rates) kneePointScenario({ scenario, concurrency: 1, seed: 1, rateScale });
  const jobs: KneePointJob[] = options.plans.flatMap(({ plan, scenario }) =>
    options.concurrency.flatMap((concurrency) =>
      rates.flatMap((rateScale) =>
        options.seeds.map((seed) => ({
          scenario,
          scenarioFile: options.scenarioFile,
          plan,
          concurrency,
          rateScale,
          seed,
        })),
      ),
    ),
  );
  const results: KneeSeedResult[] = [];
  onProgress?.({ done: 0, total: jobs.length });
  await orderedWindow(
    jobs,
    (job) => runner(job),
    (result) => {
      results.push(result);
      onProgress?.({ done: results.length, total: jobs.length });
      return true;
    },
    { width: Math.max(1, options.width ?? 1) },
  );
  const perPoint = options.seeds.length;
  let next = 0;
  const plans = options.plans.map(({ plan, scenario }): KneeSweepPlan => {
    const points: KneePoint[] = [];
    for (const concurrency of options.concurrency)
      for (const rateScale of rates) {
        points.push(kneePoint(concurrency, rateScale, results.slice(next, next + perPoint), scenario));
        next += perPoint;
      }
    const callsPerOrder = restCallsPerOrder(scenario);
    return {
      plan,
      bucketSize: scenario.shop.bucketSize,
      leakPerSecond: scenario.shop.leakPerSecond,
      callsPerOrder,
      ceilingOrdersPerSecond: round(ceiling(scenario)),
      points,
    };
  });
  return {
    scenario: { name: first.name, file: options.scenarioFile },
    mode: options.mode,
    seeds: [...options.seeds],
    assumptions: kneeAssumptions(first),
    plans,
  };
}

/** A plan's ceiling: its leak rate ÷ the workflow's REST calls per order, in orders per second. */
function ceiling(scenario: Scenario): number {
  return scenario.shop.leakPerSecond / Math.max(1, restCallsPerOrder(scenario));
}

/** One point: its seeds' runs, their means and their spread. */
export function kneePoint(
  concurrency: number,
  rateScale: number,
  runs: KneeSeedResult[],
  scenario: Scenario,
): KneePoint {
  const mean = (pick: (run: KneeSeedResult) => number) =>
    round(runs.reduce((sum, run) => sum + pick(run), 0) / Math.max(1, runs.length));
  const range = (pick: (run: KneeSeedResult) => number) => ({
    min: Math.min(...runs.map(pick)),
    max: Math.max(...runs.map(pick)),
  });
  const ordersPerSecond = mean((run) => run.ordersPerSecond);
  return {
    concurrency,
    rateScale,
    runs,
    ordersPerSecond,
    callsPerSecond: mean((run) => run.callsPerSecond),
    p50Ms: mean((run) => run.p50Ms),
    p99Ms: mean((run) => run.p99Ms),
    queueWaitP99Ms: mean((run) => run.queueWaitP99Ms),
    share429: round(runs.reduce((sum, run) => sum + run.share429, 0) / Math.max(1, runs.length), 6),
    deadLetters: mean((run) => run.deadLetters),
    ceilingShare: round(ordersPerSecond / ceiling(scenario), 4),
    spread: { ordersPerSecond: range((run) => run.ordersPerSecond), p99Ms: range((run) => run.p99Ms) },
  };
}

function round(value: number, decimals = 3): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
