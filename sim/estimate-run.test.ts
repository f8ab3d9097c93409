import { describe, expect, it } from 'vitest';
import { validateScenario } from '../scenarios/validate-scenario.js';
import { estimateRun, runCostModel } from './estimate-run.js';

const scenario = (extra: Record<string, unknown> = {}, orders = 1000) =>
  validateScenario(
    {
      name: 'estimate',
      shop: { plan: 'standard' },
      traffic: { customers: 10, phases: [{ arrival: 'spike', durationSeconds: 0, orders }] },
      ...extra,
    },
    'estimate.yaml',
  );

describe('estimateRun', () => {
  it('grows linearly with orders, from the base', () => {
    const one = estimateRun(scenario({}, 1000));
    const ten = estimateRun(scenario({}, 10_000));
    expect(ten.deliveries).toBe(10_000);
    expect(ten.memoryBytes - one.memoryBytes).toBeCloseTo(9000 * runCostModel.bytesPerDelivery);
    expect(ten.cpuSeconds / one.cpuSeconds).toBeCloseTo(10);
  });

  it('counts rate phases and duplicate and late deliveries', () => {
    const estimate = estimateRun(
      validateScenario(
        {
          name: 'rate',
          shop: { plan: 'plus' },
          traffic: {
            webhooks: { duplicateShare: 0.1, lateShare: 0.1 },
            phases: [{ arrival: 'poisson', durationSeconds: 100, ratePerSecond: 10 }],
          },
        },
        'rate.yaml',
      ),
    );
    expect(estimate.deliveries).toBe(1200);
  });

  it('charges workers and paused requests', () => {
    const plain = estimateRun(scenario());
    const workers = estimateRun(scenario({ pipeline: { concurrency: 4096 } }));
    const paused = estimateRun(scenario({ network: { pauses: { probability: 1, durationMs: 3_600_000 } } }));
    expect(workers.memoryBytes).toBeGreaterThan(plain.memoryBytes + 4000 * runCostModel.bytesPerWorker);
    expect(workers.cpuSeconds).toBeGreaterThan(plain.cpuSeconds);
    expect(paused.memoryBytes - plain.memoryBytes).toBeCloseTo(3000 * runCostModel.bytesPerPausedRequest);
    expect(paused.cpuSeconds - plain.cpuSeconds).toBeCloseTo(3000 * runCostModel.cpuSecondsPerPausedRequest);
  });
});
