import type { Scenario } from '../scenarios/scenario-types.js';

/**
 * The scenario stretched to `orders` orders with the same arrival rates: every phase's order count,
 * duration and half-life (and a rate-based phase's duration) multiplied by the same factor, so the run
 * only gets longer — what the scale benchmark needs to compare cost per order across run lengths. Order
 * counts are rounded, the last phase taking the remainder so the total is exactly `orders`.
 */
export function scaleScenario(scenario: Scenario, orders: number): Scenario {
  const phases = scenario.traffic.phases;
  const total = phases.reduce((sum, phase) => sum + (phase.orders ?? 0), 0);
  if (total === 0 || phases.some((phase) => phase.orders === undefined))
    throw new Error(`scaleScenario: every phase of ${scenario.name} needs an orders count`);
  const factor = orders / total;
  let left = orders;
  const scaled = phases.map((phase, index) => {
    const count = index === phases.length - 1 ? left : Math.round((phase.orders ?? 0) * factor);
    left -= count;
    return {
      ...phase,
      orders: count,
      durationSeconds: (phase.durationSeconds ?? 0) * factor,
      ...(phase.halfLifeSeconds !== undefined && { halfLifeSeconds: phase.halfLifeSeconds * factor }),
    };
  });
  return { ...scenario, traffic: { ...scenario.traffic, phases: scaled } };
}
