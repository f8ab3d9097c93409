import { describe, expect, it } from 'vitest';
import { validateScenario } from '../scenarios/validate-scenario.js';
import { compressLiveWorld, inScenarioTime } from './compress-live-world.js';

const scenario = validateScenario(
  {
    name: 'compress',
    shop: { plan: 'standard' },
    traffic: { customers: 5, phases: [{ arrival: 'spike', durationSeconds: 0, orders: 10 }] },
    faults: {
      rules: [
        { kind: 'latency', probability: 1, latency: { distribution: 'uniform', minMs: 100, maxMs: 300 } },
        { kind: 'throttle', probability: 0.5, window: { fromSeconds: 60, toSeconds: 120 } },
        { kind: 'limits', window: { fromSeconds: 10, toSeconds: 20 }, bucketSize: 20, leakPerSecond: 1 },
      ],
    },
  },
  'compress',
);

describe('compressLiveWorld (knee --mode live --time-scale k)', () => {
  it('runs standard 10× faster as a custom plan of the same bucket leaking 20 calls/s, faults ÷ 10', () => {
    const fast = compressLiveWorld(scenario, 10);
    expect(fast.shop).toMatchObject({ plan: 'custom', bucketSize: 40, leakPerSecond: 20 });
    expect(fast.faults?.rules).toEqual([
      expect.objectContaining({
        kind: 'latency',
        latency: { distribution: 'uniform', minMs: 10, maxMs: 30 },
      }),
      expect.objectContaining({ kind: 'throttle', window: { fromSeconds: 6, toSeconds: 12 } }),
      { kind: 'limits', window: { fromSeconds: 1, toSeconds: 2 }, bucketSize: 20, leakPerSecond: 10 },
    ]);
    // The traffic is the worker's to compress (work --time-scale), and 1 changes nothing.
    expect(fast.traffic).toEqual(scenario.traffic);
    expect(compressLiveWorld(scenario, 1)).toBe(scenario);
  });

  it('reads figures of the 10× world back in the scenario’s time', () => {
    const measured = {
      seed: 1,
      orders: 10,
      ordersPerSecond: 20,
      callsPerSecond: 60,
      p50Ms: 150,
      p99Ms: 400,
      queueWaitP99Ms: 250,
      share429: 0.01,
      deadLetters: 0,
      drainMs: 500,
    };
    expect(inScenarioTime(measured, 10)).toEqual({
      ...measured,
      ordersPerSecond: 2,
      callsPerSecond: 6,
      p50Ms: 1500,
      p99Ms: 4000,
      queueWaitP99Ms: 2500,
      drainMs: 5000,
    });
  });
});
