import type { KneeSeedResult } from '../reports/knee-model.js';
import { scaleArrivalRate } from '../scenarios/scale-arrival-rate.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { FunnelstormError } from '../runtime/errors.js';
import { KneeRecorder } from './knee-recorder.js';
import type { KneePointJob } from './knee-point-runner.js';
import { resolveScenario, simulateScenario } from './run-scenario.js';

/** The scenario one sweep point runs: the job's scenario at its concurrency, seed and arrival scaling. */
export function kneePointScenario(
  job: Pick<KneePointJob, 'scenario' | 'concurrency' | 'seed' | 'rateScale'>,
): Scenario {
  if ((job.scenario.shop.count ?? 1) > 1)
    throw new FunnelstormError(
      'FLAG_INVALID',
      `knee sweeps one shop, and ${job.scenario.name} has shop.count ${job.scenario.shop.count}: sweep a copy of it with one shop (no shop.count).`,
    );
  const resolved = resolveScenario(job.scenario, { seed: job.seed, concurrency: job.concurrency });
  return scaleArrivalRate(resolved, job.rateScale);
}

/**
 * Runs one sweep point in simulation, in this thread, and measures it (sim/knee-recorder.ts says how).
 * The same job always gives the same result.
 *
 * @example
 * const result = await measureKneePoint({ scenario, scenarioFile, plan: 'standard', concurrency: 4, rateScale: 1, seed: 1 });
 */
export async function measureKneePoint(job: KneePointJob): Promise<KneeSeedResult> {
  const scenario = kneePointScenario(job);
  const recorder = new KneeRecorder();
  const { report } = await simulateScenario(scenario, {}, { observer: recorder });
  return recorder.result(report, {
    concurrency: scenario.pipeline.concurrency,
    storeRoundTripMs: scenario.store?.roundTripMs ?? 0,
  });
}
