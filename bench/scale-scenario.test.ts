import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateOrders } from '../scenarios/arrivals.js';
import { loadScenario } from '../scenarios/load-scenario.js';
import { createRandom } from '../runtime/seeded-random.js';
import { scaleScenario } from './scale-scenario.js';

const blackFriday = loadScenario(
  fileURLToPath(new URL('../scenarios/black-friday-plus.yaml', import.meta.url)),
);

describe('scaleScenario', () => {
  it('stretches black-friday-plus from 10,000 to 100,000 orders at the same arrival rates', () => {
    const scaled = scaleScenario(blackFriday, 100_000);
    expect(scaled.traffic.phases).toEqual([
      { ...blackFriday.traffic.phases[0], orders: 5_000, durationSeconds: 900, halfLifeSeconds: 120 },
      { ...blackFriday.traffic.phases[1], orders: 95_000, durationSeconds: 18_000 },
    ]);
    const orders = generateOrders(scaled.traffic, createRandom(1).fork('traffic'));
    expect(orders).toHaveLength(100_000);
    expect(orders.at(-1)!.arrivalMs).toBeLessThanOrEqual(18_900_000);
    expect(orders.at(-1)!.arrivalMs).toBeGreaterThan(18_000_000);
  });

  it('gives the last phase the rounding remainder, so the total is exact', () => {
    const scaled = scaleScenario(blackFriday, 33_333);
    expect(scaled.traffic.phases.map((phase) => phase.orders)).toEqual([1_667, 31_666]);
    expect(scaled.seed).toBe(blackFriday.seed);
  });
});
