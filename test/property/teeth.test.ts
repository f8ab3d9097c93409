import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PropertyName } from '../../reports/report-model.js';
import type { PipelineName } from '../../scenarios/scenario-types.js';
import { exploreScenarios } from '../../sim/explore.js';
import type { ScenarioDocument } from '../../scenarios/scenario-arbitrary.js';
import { propertySeed } from '../support/race-world.js';
import { searchTooth, spikeDocument, type Tooth } from '../support/teeth-search.js';
import {
  dropNoteOnRetry,
  skipBusyCustomer,
  slowThrottle,
  steppedRetries,
  withoutCorrelation,
} from '../support/test-pipelines.js';

// Issue 5, "Teeth": every naive baseline is caught. For each, fast-check must find a generated scenario
// that breaks the property the baseline is named for, and shrink it to a handful of orders — a
// counterexample a person can read. The search draws launches of up to 30 orders: every defect shows at
// that size, and shrinking from there is quick (`funnelstorm check` searches up to 200).
const cases: [PipelineName, PropertyName][] = [
  ['no-idempotency', 'no-duplicates'],
  ['no-reconcile', 'no-duplicates'],
  ['no-mutex', 'no-lost-updates'],
  ['no-mutex', 'mutual-exclusion'],
  ['no-jitter', 'rate-discipline'],
  ['fixed-sleep', 'rate-discipline'],
];

/**
 * "A handful of orders": the most a shrunk counterexample may have — 5, but 15 for `fixed-sleep`, whose
 * 429 storm needs the bucket overflowed twice (more calls than even the smallest generated bucket of 10
 * holds, from workers that each call at most every 600 ms while it leaks): 9 to 11 orders in our runs.
 */
const handful = (pipeline: PipelineName): number => (pipeline === 'fixed-sleep' ? 15 : 5);

describe('teeth: fast-check catches every naive baseline with a small counterexample', () => {
  for (const [pipeline, property] of cases) {
    it(`${pipeline} breaks ${property}`, { timeout: 120_000 }, async () => {
      const seed = propertySeed(`teeth ${pipeline} → ${property}`);
      const result = await exploreScenarios({
        pipeline,
        seed,
        runs: 1000,
        maxOrders: 30,
        properties: [property],
      });
      const found = result.counterexample;
      expect(found, `no counterexample in ${result.runs} runs (seed ${seed})`).toBeDefined();
      if (found === undefined) return;
      expect(found.broken.map((verdict) => verdict.property)).toEqual([property]);
      expect(found.broken[0]?.orderIds.length).toBeGreaterThan(0);
      expect(
        found.orders,
        `shrunk to ${found.orders} orders (seed ${seed}, path ${found.path})`,
      ).toBeLessThanOrEqual(handful(pipeline));
    });
  }
});

// Issue 11: teeth for every property against a pipeline that is plainly worse than the reference — a
// setting no properly sized run would use, or one flaw a reviewer would try (test/support/test-pipelines.ts).
// Each is a generated search (fixed, printed seed) that must find a counterexample and shrink it small.
const shopSmall = fc
  .record({ bucketSize: fc.integer({ min: 10, max: 40 }), leakPerSecond: fc.integer({ min: 1, max: 4 }) })
  .map((limits) => ({ plan: 'custom' as const, ...limits }));
const seedArbitrary = fc.integer({ min: 0, max: 2 ** 32 - 1 });

/** Fault-free backlogs: a spike of up to 60 orders on a small shop, many customers, at the shop's pool. */
const backlogs = (pipeline: (shop: { bucketSize: number }) => ScenarioDocument['pipeline']) =>
  fc
    .record({
      shop: shopSmall,
      orders: fc.integer({ min: 1, max: 60 }),
      roundTripMs: fc.integer({ min: 0, max: 200 }),
      seed: seedArbitrary,
    })
    .map(({ shop, ...rest }) => spikeDocument({ ...rest, shop, customers: 300, pipeline: pipeline(shop) }));

const sized = (shop: { bucketSize: number }) => ({ concurrency: Math.ceil(shop.bucketSize / 3) + 2 });

const teeth: { name: string; tooth: Tooth; handful: number }[] = [
  {
    name: 'a throttle pacing at 0.5 × the leak rate breaks bounded-p99 on a backlog',
    tooth: { property: 'bounded-p99', scenarios: backlogs(sized), pipeline: slowThrottle(0.5) },
    handful: 15,
  },
  {
    name: 'a throttle pacing at 0.5 × the leak rate breaks rate-discipline (b) on a backlog',
    tooth: { property: 'rate-discipline', scenarios: backlogs(sized), pipeline: slowThrottle(0.5) },
    handful: 15,
  },
  {
    // The plus plan leaks 20 calls a second; one worker making 3 calls of ≥ 100 ms each manages 10.
    name: 'concurrency 1 on a plus backlog breaks bounded-p99',
    tooth: {
      property: 'bounded-p99',
      scenarios: fc
        .record({
          orders: fc.integer({ min: 1, max: 600 }),
          roundTripMs: fc.integer({ min: 100, max: 300 }),
          seed: seedArbitrary,
        })
        .map((parts) =>
          spikeDocument({ ...parts, shop: { plan: 'plus' }, customers: 300, pipeline: { concurrency: 1 } }),
        ),
    },
    handful: 10,
  },
  {
    name: 'maxAttempts: 1 under injected 503s breaks nothing-lost',
    tooth: {
      property: 'nothing-lost',
      scenarios: fc
        .record({
          shop: shopSmall,
          orders: fc.integer({ min: 1, max: 30 }),
          probability: fc.double({ min: 0.01, max: 0.3, noNaN: true }),
          seed: seedArbitrary,
        })
        .map(({ probability, shop, ...rest }) =>
          spikeDocument({
            ...rest,
            shop,
            customers: 300,
            roundTripMs: 100,
            pipeline: { ...sized(shop), maxAttempts: 1 },
            faults: { rules: [{ kind: 'status', status: 503, probability }] },
          }),
        ),
    },
    handful: 5,
  },
  {
    name: 'skipping the customer update when its lock is busy breaks no-lost-updates',
    tooth: {
      property: 'no-lost-updates',
      scenarios: fc
        .record({
          shop: shopSmall,
          orders: fc.integer({ min: 1, max: 30 }),
          customers: fc.integer({ min: 1, max: 5 }),
          seed: seedArbitrary,
        })
        .map(({ shop, ...rest }) =>
          spikeDocument({ ...rest, shop, roundTripMs: 100, pipeline: sized(shop) }),
        ),
      pipeline: skipBusyCustomer,
    },
    handful: 5,
  },
  // With the correlation header kept, dropped or set to one value for all (issue 11: (c) ties a retry to
  // its order by the shop's record, so the header is not needed).
  ...([undefined, 'drop', 'mangle'] as const).map((how) => ({
    name:
      how === undefined
        ? 'retries 0.5 ms apart (no jitter) break rate-discipline (c)'
        : `retries 0.5 ms apart break rate-discipline (c) with the correlation header ${how === 'drop' ? 'dropped' : 'mangled'}`,
    tooth: {
      property: 'rate-discipline' as const,
      scenarios: fc.record({ orders: fc.integer({ min: 1, max: 30 }), seed: seedArbitrary }).map((parts) =>
        spikeDocument({
          ...parts,
          shop: { plan: 'standard' },
          customers: 300,
          roundTripMs: 100,
          pipeline: { concurrency: 30 },
          faults: { rules: [{ kind: 'status', status: 503, window: { fromSeconds: 0, toSeconds: 2 } }] },
        }),
      ),
      pipeline: how === undefined ? steppedRetries : withoutCorrelation(steppedRetries, how),
    },
    handful: 8,
  })),
  {
    name: 'fixed-sleep under injected 429s breaks rate-discipline (a) on its real 429s',
    tooth: {
      property: 'rate-discipline',
      scenarios: fc
        .record({
          shop: shopSmall,
          orders: fc.integer({ min: 1, max: 60 }),
          probability: fc.double({ min: 0.01, max: 0.1, noNaN: true }),
          seed: seedArbitrary,
        })
        .map(({ probability, shop, ...rest }) =>
          spikeDocument({
            ...rest,
            shop,
            customers: 300,
            roundTripMs: 100,
            pipeline: { name: 'fixed-sleep', concurrency: 16 },
            faults: { rules: [{ kind: 'throttle', probability }] },
          }),
        ),
    },
    handful: 10,
  },
  {
    name: 'a retry that drops the source id breaks no-duplicates (an unattributed order)',
    tooth: {
      property: 'no-duplicates',
      scenarios: fc
        .record({
          orders: fc.integer({ min: 1, max: 30 }),
          probability: fc.double({ min: 0.05, max: 0.5, noNaN: true }),
          seed: seedArbitrary,
        })
        .map(({ probability, ...rest }) =>
          spikeDocument({
            ...rest,
            shop: { plan: 'standard' },
            customers: 300,
            roundTripMs: 100,
            pipeline: { concurrency: 16 },
            faults: {
              rules: [{ kind: 'status', status: 503, probability, match: { route: 'orders.create' } }],
            },
          }),
        ),
      pipeline: dropNoteOnRetry,
    },
    handful: 3,
  },
];

describe('teeth: every property catches a plainly worse pipeline, with a small counterexample', () => {
  for (const { name, tooth, handful } of teeth) {
    it(name, { timeout: 120_000 }, async () => {
      const seed = propertySeed(`teeth: ${name}`);
      const found = await searchTooth(tooth, seed, 100);
      expect(found, `no counterexample in 100 runs (seed ${seed})`).toBeDefined();
      if (found === undefined) return;
      expect(found.verdict.applies && !found.verdict.holds).toBe(true);
      expect(
        found.orders,
        `shrunk to ${found.orders} orders (seed ${seed}): ${found.verdict.detail}`,
      ).toBeLessThanOrEqual(handful);
      console.log(`${name}: ${found.orders} orders — ${found.verdict.detail}`);
    });
  }
});
