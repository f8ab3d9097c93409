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
  it('stretches black-friday-plus to 10,000 orders at the same arrival rates', () => {
    const scaled = scaleScenario(blackFriday, 10_000);
    expect(scaled.traffic.phases).toEqual([
      { ...blackFriday.traffic.phases[0], orders: 500, durationSeconds: 90, halfLifeSeconds: 12 },
      { ...blackFriday.traffic.phases[1], orders: 9_500, durationSeconds: 1_800 },
    ]);
    const orders = generateOrders(scaled.traffic, createRandom(1).fork('traffic'));
    expect(orders).toHaveLength(10_000);
    expect(orders.at(-1)!.arrivalMs).toBeLessThanOrEqual(1_890_000);
    expect(orders.at(-1)!.arrivalMs).toBeGreaterThan(1_800_000);
  });

  it('gives the last phase the rounding remainder, so the total is exact', () => {
    const scaled = scaleScenario(blackFriday, 33_333);
    expect(scaled.traffic.phases.map((phase) => phase.orders)).toEqual([1_667, 31_666]);
    expect(scaled.seed).toBe(blackFriday.seed);
  });
});
