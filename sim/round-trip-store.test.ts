import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../pipeline/memory-store.js';
import { runScenario } from './run-scenario.js';
import { withStoreRoundTrip } from './round-trip-store.js';
import { Simulator } from './simulator.js';
import { validateScenario } from '../scenarios/validate-scenario.js';

describe('withStoreRoundTrip', () => {
  it('makes every operation take the round trip, taking effect midway', async () => {
    const sim = new Simulator();
    const inner = createMemoryStore(sim);
    const store = withStoreRoundTrip(inner, sim, 4);
    const seen: [string, number][] = [];
    sim.spawn('a', async () => {
      seen.push([`claim a ${await store.setIfAbsent('k', 'a', 1_000)}`, sim.nowMs()]);
      seen.push([`read ${await store.get('k')}`, sim.nowMs()]);
      seen.push([`fence ${await store.increment('f')}`, sim.nowMs()]);
    });
    sim.spawn('b', async () => {
      await sim.sleep(1);
      // Sent at 1, runs at the server at 3, after a's claim ran at 2: b loses.
      seen.push([`claim b ${await store.setIfAbsent('k', 'b', 1_000)}`, sim.nowMs()]);
    });
    await sim.run();
    expect(seen).toEqual([
      ['claim a true', 4],
      ['claim b false', 5],
      ['read a', 8],
      ['fence 1', 12],
    ]);
  });

  it('returns the store itself for a round trip of 0', () => {
    const sim = new Simulator();
    const inner = createMemoryStore(sim);
    expect(withStoreRoundTrip(inner, sim, 0)).toBe(inner);
  });
});

describe('store.roundTripMs in a scenario', () => {
  const scenario = (store?: { roundTripMs: number }) =>
    validateScenario(
      {
        name: 'store-round-trip',
        shop: { plan: 'plus' },
        network: { roundTripMs: 10 },
        traffic: { customers: 50, phases: [{ arrival: 'spike', durationSeconds: 0, orders: 50 }] },
        pipeline: { concurrency: 8 },
        ...(store && { store }),
      },
      'test',
    );

  it('adds its cost to every order and leaves a run without it as it was', async () => {
    const without = await runScenario(scenario());
    const zero = await runScenario(scenario({ roundTripMs: 0 }));
    const slow = await runScenario(scenario({ roundTripMs: 45 }));
    // Identical apart from the resolved scenario the report echoes.
    expect({ ...zero, scenario: without.scenario }).toEqual(without);
    // Each order takes a claim, a lock, a fencing token and three throttle slots at least: several round trips.
    expect(slow.latencyMs.endToEnd.p50).toBeGreaterThan(without.latencyMs.endToEnd.p50 + 5 * 45);
    expect(slow.orders.created).toBe(50);
    expect(slow.orders.duplicates).toBe(0);
    expect(slow.customers.lostUpdates).toBe(0);
  });
});
