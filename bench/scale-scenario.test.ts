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
  it('shrinks black-friday-plus from 100,000 to 10,000 orders at the same arrival rates', () => {
    const scaled = scaleScenario(blackFriday, 10_000);
    expect(scaled.traffic.phases).toEqual([
      { ...blackFriday.traffic.phases[0], orders: 500, durationSeconds: 90, halfLifeSeconds: 12 },
      { ...blackFriday.traffic.phases[1], orders: 9_500, durationSeconds: 1_800 },
    ]);
    expect(scaled.traffic.customers).toBe(10_000);
    const orders = generateOrders(scaled.traffic, createRandom(1).fork('traffic'));
    expect(orders).toHaveLength(10_000);
    expect(orders.at(-1)!.arrivalMs).toBeLessThanOrEqual(1_890_000);
    expect(orders.at(-1)!.arrivalMs).toBeGreaterThan(1_800_000);
  });

  it('stretches it to 1,000,000 orders with ten times the customers', () => {
    const scaled = scaleScenario(blackFriday, 1_000_000);
    expect(scaled.traffic.phases.map((phase) => [phase.orders, phase.durationSeconds])).toEqual([
      [50_000, 9_000],
      [950_000, 180_000],
    ]);
    expect(scaled.traffic.customers).toBe(1_000_000);
  });

  it('gives the last phase the rounding remainder, so the total is exact', () => {
    const scaled = scaleScenario(blackFriday, 33_333);
    expect(scaled.traffic.phases.map((phase) => phase.orders)).toEqual([1_667, 31_666]);
    expect(scaled.traffic.customers).toBe(33_333);
    expect(scaled.seed).toBe(blackFriday.seed);
  });
});
