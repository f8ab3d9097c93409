import type { Scenario } from '../scenarios/scenario-types.js';

/**
 * The scenario stretched (or shrunk) to `orders` orders with the same arrival rates: every phase's order
 * count, duration and half-life multiplied by the same factor, and the number of customers too, so the run
 * only gets longer — what the scale benchmark needs to compare cost per order across run lengths. Scaling
 * the customers keeps orders per customer about the same: with a fixed population a customer's record
 * grows with the run (the reference tags it once per counted order, and every read and write of it carries
 * the whole tag list), which made a 1,000,000-order run's cost per order grow with the run for a reason
 * that is the workflow's, not the simulator's (issue 12). Order counts are rounded, the last phase taking
 * the remainder so the total is exactly `orders`; customers are rounded, at least 1.
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
  const customers = Math.max(1, Math.round(scenario.traffic.customers * factor));
  return { ...scenario, traffic: { ...scenario.traffic, customers, phases: scaled } };
}
