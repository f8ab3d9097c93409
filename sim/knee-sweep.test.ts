import { describe, expect, it } from 'vitest';
import type { KneeSeedResult } from '../reports/knee-model.js';
import { scaleArrivalRate } from '../scenarios/scale-arrival-rate.js';
import { validateScenario } from '../scenarios/validate-scenario.js';
import type { KneePointJob } from './knee-point-runner.js';
import { runKneeSweep } from './knee-sweep.js';

const scenario = (plan: string) =>
  validateScenario(
    {
      name: 'sweep',
      shop: { plan },
      traffic: { phases: [{ arrival: 'poisson', durationSeconds: 60, orders: 30, name: 'a' }] },
    },
    'sweep-test',
  );

/** A runner whose figures encode the job, finishing in an order unrelated to the jobs'. */
function fakeRunner(finished: string[]) {
  return async (job: KneePointJob): Promise<KneeSeedResult> => {
    const delay = (job.concurrency * 7 + job.seed * 3) % 5;
    for (let i = 0; i < delay; i++) await Promise.resolve();
    finished.push(`${job.plan}/${job.concurrency}/${job.seed}`);
    const rate = job.concurrency * (job.plan === 'plus' ? 10 : 1) + job.seed / 10;
    return {
      seed: job.seed,
      orders: 30,
      ordersPerSecond: rate,
      callsPerSecond: rate * 3,
      p50Ms: 100,
      p99Ms: 100 * job.seed,
      queueWaitP99Ms: 0,
      share429: 0,
      deadLetters: 0,
      drainMs: 1000,
    };
  };
}

describe('runKneeSweep', () => {
  it('groups each point’s seeds in seed order, whatever order the runs finish in', async () => {
    const finished: string[] = [];
    const sweep = await runKneeSweep(
      {
        scenarioFile: 'sweep.yaml',
        plans: [
          { plan: 'standard', scenario: scenario('standard') },
          { plan: 'plus', scenario: scenario('plus') },
        ],
        concurrency: [1, 2, 4],
        seeds: [1, 2],
        mode: 'sim',
        width: 4,
      },
      fakeRunner(finished),
    );
    expect(finished).not.toEqual([...finished].sort());
    expect(sweep.plans.map((p) => [p.plan, p.ceilingOrdersPerSecond, p.callsPerOrder])).toEqual([
      ['standard', 0.667, 3],
      ['plus', 6.667, 3],
    ]);
    const plus4 = sweep.plans[1]?.points[2];
    expect(plus4?.runs.map((r) => r.seed)).toEqual([1, 2]);
    expect(plus4).toMatchObject({
      concurrency: 4,
      rateScale: 1,
      ordersPerSecond: 40.15,
      p99Ms: 150,
      spread: { ordersPerSecond: { min: 40.1, max: 40.2 }, p99Ms: { min: 100, max: 200 } },
    });
    expect(plus4?.ceilingShare).toBeCloseTo(40.15 / (20 / 3), 3);
    expect(sweep.assumptions).toEqual({
      roundTripMs: 100,
      serverLatencyMs: 0,
      storeRoundTripMs: 0,
      callsPerOrder: 3,
      callHoldMs: 100,
    });
  });

  it('refuses a many-shop scenario before running anything', async () => {
    const many = validateScenario(
      {
        name: 'many',
        shop: { plan: 'standard', count: 2 },
        traffic: { phases: [{ arrival: 'spike', durationSeconds: 0, orders: 4 }] },
      },
      'many',
    );
    const finished: string[] = [];
    await expect(
      runKneeSweep(
        {
          scenarioFile: 'many.yaml',
          plans: [{ plan: 'standard', scenario: many }],
          concurrency: [1],
          seeds: [1],
          mode: 'sim',
        },
        fakeRunner(finished),
      ),
    ).rejects.toThrow(/knee sweeps one shop/);
    expect(finished).toEqual([]);
  });
});

describe('scaleArrivalRate', () => {
  it('compresses each phase’s time by the factor, keeping its orders', () => {
    const scaled = scaleArrivalRate(scenario('standard'), 2).traffic.phases[0];
    expect(scaled).toMatchObject({ durationSeconds: 30, orders: 30 });
    const rated = validateScenario(
      {
        name: 'r',
        shop: { plan: 'standard' },
        traffic: { phases: [{ arrival: 'poisson', durationSeconds: 60, ratePerSecond: 2 }] },
      },
      'r',
    );
    expect(scaleArrivalRate(rated, 0.5).traffic.phases[0]).toMatchObject({
      durationSeconds: 120,
      ratePerSecond: 1,
    });
  });
});
