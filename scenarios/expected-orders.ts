import { hawkesMeanRate } from './hawkes-arrivals.js';
import type { TrafficPhase } from './scenario-types.js';
import { shapeExpectedOrders } from './shape-rate.js';

/**
 * The expected number of orders of one phase, from its settings alone: `orders`, rate × duration, the
 * integral of a launch shape's rate, μ/(1 − n) × duration for `hawkes`. 0 for `idle`, and for `rate-csv`
 * and `trace`, whose files are not read here. Feeds the volume guard, the run's memory estimate and the
 * width of order ids.
 *
 * @param phase - A validated phase.
 */
export function expectedPhaseOrders(phase: Omit<TrafficPhase, 'name'>): number {
  const duration = phase.durationSeconds ?? 0;
  switch (phase.arrival) {
    case 'poisson':
    case 'constant':
    case 'spike':
      return phase.orders ?? (phase.ratePerSecond ?? 0) * duration;
    case 'ramp':
    case 'step':
    case 'wave':
    case 'diurnal':
      return shapeExpectedOrders(phase);
    case 'hawkes':
      return hawkesMeanRate(phase.basePerSecond ?? 0, phase.branchingRatio ?? 0) * duration;
    case 'idle':
    case 'rate-csv':
    case 'trace':
      return 0;
  }
}

/**
 * The expected number of orders of a whole traffic: the sum of {@link expectedPhaseOrders} (files unread).
 *
 * @param traffic - A validated traffic section.
 */
export function expectedOrders(traffic: { phases: readonly Omit<TrafficPhase, 'name'>[] }): number {
  return traffic.phases.reduce((sum, phase) => sum + expectedPhaseOrders(phase), 0);
}
