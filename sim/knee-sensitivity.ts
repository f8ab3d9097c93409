import { analyseKneePlan } from '../reports/knee-analysis.js';
import type { KneeAssumptions, KneeSensitivity } from '../reports/knee-model.js';
import { defaultWorkflow } from '../pipeline/workflow-steps.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { kneeAssumptions } from './knee-assumptions.js';
import type { KneePointRunner } from './knee-point-runner.js';
import { runKneeSweep, type KneeSweepOptions, type KneeSweepProgress } from './knee-sweep.js';

/** One assumption changed: what it is called, and the scenario with it changed. */
export interface KneeVariation {
  assumption: keyof KneeAssumptions;
  /** Describes the change for people, e.g. `round trip × 2`. */
  label: string;
  apply(scenario: Scenario): Scenario;
}

/** Server time the latency row adds to every call, in ms. */
const addedServerLatencyMs = 400;
/** Store round trip the Store row adds, in ms. */
const addedStoreRoundTripMs = 5;
/** The most of the sweep's own concurrencies a sensitivity sweep runs per plan (two more beyond them). */
export const sensitivityGridPoints = 8;

/**
 * The one-at-a-time changes the sensitivity rows make (issue 15: the assumptions nobody chose): the round
 * trip doubled (100 ms when it is 0), 400 ms of server latency added to every call (a `latency` rule;
 * latency rules add up), 5 ms added to the Store's round trip, and one more call per order (an order
 * update after the workflow's steps).
 */
export const kneeVariations: readonly KneeVariation[] = [
  {
    assumption: 'roundTripMs',
    label: 'round trip × 2',
    apply: (s) => ({
      ...s,
      network: { ...s.network, roundTripMs: s.network.roundTripMs > 0 ? s.network.roundTripMs * 2 : 100 },
    }),
  },
  {
    assumption: 'serverLatencyMs',
    label: `server latency + ${addedServerLatencyMs} ms`,
    apply: (s) => ({
      ...s,
      faults: {
        rules: [
          ...(s.faults?.rules ?? []),
          { kind: 'latency', probability: 1, latency: { distribution: 'fixed', ms: addedServerLatencyMs } },
        ],
      },
    }),
  },
  {
    assumption: 'storeRoundTripMs',
    label: `Store round trip + ${addedStoreRoundTripMs} ms`,
    apply: (s) => ({ ...s, store: { roundTripMs: (s.store?.roundTripMs ?? 0) + addedStoreRoundTripMs } }),
  },
  {
    assumption: 'callsPerOrder',
    label: 'one more call per order',
    apply: (s) => ({
      ...s,
      workflow: [
        ...(s.workflow ?? defaultWorkflow),
        { kind: 'order-update', name: 'sensitivity-order-update' },
      ],
    }),
  },
];

/**
 * The coarser grid a sensitivity sweep runs: at most {@link sensitivityGridPoints} of the sweep's
 * concurrencies, evenly spread by position (the first among them), the last, then 1.5 and 2 times the
 * last — a slower call moves the knee up, past where the sweep stopped.
 */
export function sensitivityGrid(concurrency: readonly number[]): number[] {
  const last = concurrency[concurrency.length - 1] ?? 1;
  const step = Math.max(1, (concurrency.length - 1) / (sensitivityGridPoints - 1));
  const picked: number[] = [];
  for (let i = 0; i < concurrency.length; i = Math.round(i + step)) picked.push(concurrency[i] ?? 1);
  picked.push(last, Math.round(last * 1.5), last * 2);
  return [...new Set(picked)].sort((a, b) => a - b);
}

/**
 * One-at-a-time sensitivity: for each of {@link kneeVariations}, the sweep again with that assumption
 * changed, over the coarser {@link sensitivityGrid}, one seed (the sweep's first) and the scenario's own
 * arrival rate, and each plan's knee by the same analysis. One row per variation and plan. Costs
 * 4 × plans × at most 11 runs.
 */
export async function runKneeSensitivity(
  options: KneeSweepOptions,
  runner: KneePointRunner,
  onProgress?: (progress: KneeSweepProgress) => void,
): Promise<KneeSensitivity[]> {
  const base = options.plans[0]?.scenario;
  if (base === undefined) return [];
  const from = kneeAssumptions(base);
  const concurrency = sensitivityGrid(options.concurrency);
  const perVariation = options.plans.length * concurrency.length;
  const total = kneeVariations.length * perVariation;
  const rows: KneeSensitivity[] = [];
  for (const [index, variation] of kneeVariations.entries()) {
    const plans = options.plans.map(({ plan, scenario }) => ({ plan, scenario: variation.apply(scenario) }));
    const sweep = await runKneeSweep(
      { ...options, plans, concurrency, rates: [1], seeds: options.seeds.slice(0, 1) },
      runner,
      onProgress && (({ done }) => onProgress({ done: index * perVariation + done, total })),
    );
    for (const plan of sweep.plans) {
      const knee = analyseKneePlan(plan, sweep.assumptions).kneeConcurrency;
      rows.push({
        assumption: variation.assumption,
        from: from[variation.assumption],
        to: sweep.assumptions[variation.assumption],
        plan: plan.plan,
        ...(knee !== undefined && { kneeConcurrency: knee }),
      });
    }
  }
  return rows;
}
