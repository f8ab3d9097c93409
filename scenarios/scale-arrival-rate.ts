import { FunnelstormError } from '../runtime/errors.js';
import type { Scenario, TrafficPhase } from './scenario-types.js';

/** A phase's fields that are lengths of time, in seconds: divided by the scale. */
const timeFields = [
  'durationSeconds',
  'halfLifeSeconds',
  'atSeconds',
  'timescaleSeconds',
  'periodSeconds',
  'peakAtSeconds',
] as const;
/** A phase's fields that are rates, in orders per second: multiplied by the scale. */
const rateFields = [
  'ratePerSecond',
  'fromPerSecond',
  'toPerSecond',
  'peakPerSecond',
  'basePerSecond',
] as const;

/**
 * The scenario with its arrivals `scale` times as fast (`knee --rates`): every phase's time compressed by
 * `scale`, so each phase brings the same orders in 1/scale of the time (rates × scale, lengths ÷ scale; a
 * trace replays `scale` times faster). The order count, and so the run's cost, stays the same; faults,
 * webhook delays and everything else keep their times. Throws `FLAG_INVALID` for a `rate-csv` phase, whose
 * rates live in a file.
 *
 * @param scenario - The resolved scenario.
 * @param scale - Above 0; 1 returns the scenario as it is.
 */
export function scaleArrivalRate(scenario: Scenario, scale: number): Scenario {
  if (scale === 1) return scenario;
  const phases = scenario.traffic.phases.map((phase, index): TrafficPhase => {
    if (phase.arrival === 'rate-csv')
      throw new FunnelstormError(
        'FLAG_INVALID',
        `--rates cannot scale traffic.phases[${index}] (${phase.name}): a rate-csv phase's rates live in ${phase.file ?? 'its file'}; use a scenario without it, or scale the file.`,
      );
    const scaled: TrafficPhase = { ...phase };
    for (const field of timeFields) if (phase[field] !== undefined) scaled[field] = phase[field] / scale;
    for (const field of rateFields) if (phase[field] !== undefined) scaled[field] = phase[field] * scale;
    if (phase.arrival === 'trace') scaled.speed = (phase.speed ?? 1) * scale;
    return scaled;
  });
  return { ...scenario, traffic: { ...scenario.traffic, phases } };
}
