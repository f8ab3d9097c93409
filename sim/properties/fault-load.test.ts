import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../scenarios/validate-scenario.js';
import { faultLoad, orderCalls, unionLengthMs } from './fault-load.js';

const planOf = (rules: unknown[]) =>
  validateScenario(
    {
      name: 'f',
      shop: { plan: 'standard' },
      traffic: { phases: [{ arrival: 'spike', durationSeconds: 0, orders: 1 }] },
      faults: { rules },
    },
    'f',
  ).faults;

describe('faultLoad', () => {
  it('adds up the union of the windows of every kind once', () => {
    const load = faultLoad(
      planOf([
        { kind: 'status', status: 503, window: { fromSeconds: 10, toSeconds: 70 } },
        { kind: 'timeout', probability: 0.2, window: { fromSeconds: 60, toSeconds: 100 } },
        { kind: 'limits', window: { fromSeconds: 200, toSeconds: 230 }, bucketSize: 10, leakPerSecond: 1 },
      ]),
      undefined,
      10_000,
    );
    // 10 … 100 s, and the limits cut's 30 s stretched by one worker's slot at its 1/s: 90 + 31 s.
    expect(load).toMatchObject({ outageMs: 121_000, failureShare: 0, injects429: true, anyFault: true });
    expect(unionLengthMs([])).toBe(0);
  });

  it('stretches a limits cut by the slots its workers can reserve at the cut rate', () => {
    const cut = planOf([
      { kind: 'limits', window: { fromSeconds: 0, toSeconds: 60 }, bucketSize: 10, leakPerSecond: 0.5 },
    ]);
    expect(faultLoad(cut, undefined, 10_000, orderCalls(3), 8).outageMs).toBe(60_000 + 8 * 2_000);
  });

  it('averages the failure share over the calls each rule matches', () => {
    const load = faultLoad(
      planOf([
        { kind: 'ambiguous', then: 503, probability: 0.3, match: { route: 'orders.create' } },
        { kind: 'timeout', probability: 0.1, match: { route: 'customers.update' } },
      ]),
      undefined,
      10_000,
    );
    expect(load.failureShare).toBeCloseTo((0.3 + 0 + 0.1) / 3, 12);
    expect(load.hangShare).toBeCloseTo(0.1 / 3, 12);
    expect(load.injects429).toBe(false);
    expect(
      faultLoad(
        planOf([{ kind: 'status', status: 500, probability: 0.3, match: { route: 'customers.get' } }]),
        undefined,
        10_000,
        orderCalls(1),
      ).failureShare,
    ).toBe(0);
  });

  it('counts latency as mean and tail, and latency past the timeout as a hang', () => {
    const load = faultLoad(
      planOf([
        { kind: 'latency', probability: 0.5, latency: { distribution: 'fixed', ms: 200 } },
        { kind: 'latency', probability: 0.1, latency: { distribution: 'fixed', ms: 20_000 } },
      ]),
      undefined,
      10_000,
    );
    expect(load.addedLatencyMs).toBeCloseTo(0.5 * 200 + 0.1 * 10_000, 9);
    expect(load.latencyTailMs).toBe(200 + 10_000);
    expect(load.failureShare).toBeCloseTo(0.1, 12);
    expect(load.hangShare).toBeCloseTo(0.1, 12);
  });

  it('counts network pauses as latency, or as hangs when they outlast the timeout', () => {
    expect(faultLoad(undefined, { probability: 0.1, durationMs: 2_000 }, 10_000)).toMatchObject({
      addedLatencyMs: 200,
      failureShare: 0,
      anyFault: true,
    });
    const long = faultLoad(
      undefined,
      { probability: 0.1, durationMs: 45_000, route: ['customers.update'] },
      10_000,
    );
    expect(long.hangShare).toBeCloseTo(0.1 / 3, 12);
  });
});
