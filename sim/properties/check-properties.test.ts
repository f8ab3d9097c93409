import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaleScenario } from '../../bench/scale-scenario.js';
import { planNames, plans } from '../../mocks/plans.js';
import { sizedConcurrency } from '../../scenarios/sized-concurrency.js';
import { loadScenario } from '../../scenarios/load-scenario.js';
import type { PipelineName } from '../../scenarios/scenario-types.js';
import { validateScenario } from '../../scenarios/validate-scenario.js';
import { runScenario, simulateScenario } from '../run-scenario.js';
import { checkBoundedP99 } from './bounded-p99.js';
import { p99Bound } from './p99-bound.js';
import { brokenProperties, checkProperties } from './check-properties.js';
import { propertyNames, type PropertyName } from './run-evidence.js';

/** Runs a scenario document and returns the names of the properties it breaks. */
async function brokenBy(doc: Record<string, unknown>): Promise<PropertyName[]> {
  const { evidence } = await simulateScenario(validateScenario(doc, String(doc['name'])));
  const verdicts = checkProperties(evidence);
  expect(verdicts.map((v) => v.property)).toEqual([...propertyNames]);
  return brokenProperties(verdicts).map((v) => v.property);
}

/** A spike of `orders` at t = 0 on standard. */
const spike = (
  name: string,
  pipeline: PipelineName,
  concurrency: number,
  orders: number,
  customers: number,
) => ({
  name,
  seed: 7,
  shop: { plan: 'standard' },
  traffic: { customers, phases: [{ arrival: 'spike', durationSeconds: 0, orders }] },
  pipeline: { name: pipeline, concurrency },
});

/** Half the order creates are committed but answered 503. */
const ambiguousCreates = {
  faults: { rules: [{ kind: 'ambiguous', then: 503, probability: 0.5, match: { route: 'orders.create' } }] },
};

/** Every request fails 503 for the first 2 s: the spike's first calls all fail at the same instant. */
const outageAtStart = {
  faults: { rules: [{ kind: 'status', status: 503, window: { fromSeconds: 0, toSeconds: 2 } }] },
};

describe('the checkers catch each naive baseline, and the reference holds all six', () => {
  const cases: {
    label: string;
    doc: (p: PipelineName) => Record<string, unknown>;
    baseline: PipelineName;
    breaks: PropertyName[];
  }[] = [
    {
      label: 'ambiguous creates (8 orders, 4 workers, 50 % ambiguous)',
      doc: (p) => ({ ...spike(`ambiguous ${p}`, p, 4, 8, 8), ...ambiguousCreates }),
      baseline: 'no-idempotency',
      breaks: ['no-duplicates'],
    },
    {
      label: 'ambiguous creates (8 orders, 4 workers, 50 % ambiguous)',
      doc: (p) => ({ ...spike(`ambiguous ${p}`, p, 4, 8, 8), ...ambiguousCreates }),
      baseline: 'no-reconcile',
      breaks: ['no-duplicates'],
    },
    {
      label: '2 customers, 4 workers',
      doc: (p) => spike(`2 customers ${p}`, p, 4, 8, 2),
      baseline: 'no-mutex',
      breaks: ['no-lost-updates', 'mutual-exclusion'],
    },
    {
      label: '60 orders, 16 workers',
      doc: (p) => spike(`16 workers ${p}`, p, 16, 60, 60),
      baseline: 'fixed-sleep',
      breaks: ['rate-discipline'],
    },
    {
      label: '8 simultaneous orders, a 503 outage for the first 2 s',
      doc: (p) => ({ ...spike(`outage ${p}`, p, 8, 8, 8), ...outageAtStart }),
      baseline: 'no-jitter',
      breaks: ['rate-discipline'],
    },
  ];

  for (const { label, doc, baseline, breaks } of cases) {
    it(`sim: ${baseline} breaks ${breaks.join(' and ')} on ${label} (plan=standard, seed=7)`, async () => {
      expect(await brokenBy(doc(baseline))).toEqual(expect.arrayContaining(breaks));
    });
    it(`sim: reference holds all six on ${label} (plan=standard, seed=7)`, async () => {
      expect(await brokenBy(doc('reference'))).toEqual([]);
    });
  }

  it("sim: no-jitter is caught by rate discipline's de-synchronisation clause, the reference is not", async () => {
    const clauseC = async (p: PipelineName) => {
      const { evidence } = await simulateScenario(
        validateScenario({ ...spike('c', p, 8, 8, 8), ...outageAtStart }, 'c'),
      );
      return checkProperties(evidence).find((v) => v.property === 'rate-discipline')?.detail ?? '';
    };
    expect(await clauseC('no-jitter')).toMatch(/\(c\) .* came back within 10 ms .*: broken$/);
    expect(await clauseC('reference')).toMatch(
      /\(c\) .* 0 came back within 10 ms \([\d.]+ expected under full jitter\)$/,
    );
  });
});

/** The most orders a fast test simulates of a shipped scenario; a longer one runs shrunk to this many. */
const fastTestOrders = 10_000;

describe('the reference holds all six on every shipped scenario', () => {
  const directory = join(import.meta.dirname, '../../scenarios');
  const files = readdirSync(directory)
    .filter((file) => file.endsWith('.yaml'))
    .sort();
  for (const file of files) {
    it(`sim: scenarios/${file} (at most ${fastTestOrders} orders)`, { timeout: 30_000 }, async () => {
      const shipped = loadScenario(join(directory, file));
      const orders = shipped.traffic.phases.reduce((sum, phase) => sum + (phase.orders ?? 0), 0);
      // black-friday-plus (100,000 orders) runs as the bench's 10,000-order point: same rates, shorter day.
      const scenario = orders > fastTestOrders ? scaleScenario(shipped, fastTestOrders) : shipped;
      if (scenario.pipeline.name !== 'reference') return;
      if ((scenario.shop.count ?? 1) > 1) {
        // Many shops: each shop is judged on its own evidence (sim/run-shops.ts), the report merges them.
        const report = await runScenario(scenario);
        expect(report.properties?.filter((v) => v.applies && !v.holds)).toEqual([]);
        expect(report.properties?.find((v) => v.property === 'bounded-p99')?.applies).toBe(true);
        return;
      }
      const { evidence } = await simulateScenario(scenario);
      const verdicts = checkProperties(evidence);
      expect(brokenProperties(verdicts)).toEqual([]);
      // A bound is claimed on every shipped scenario but chaos-customers-standard and five-step-workflow,
      // whose faults need more retries than the retry budget grants (0.178 retries per first attempt
      // against 0.117; 0.104 against 0.100).
      const claimed = file !== 'chaos-customers-standard.yaml' && file !== 'five-step-workflow.yaml';
      expect(verdicts.find((v) => v.property === 'bounded-p99')?.applies).toBe(claimed);
      expect(p99Bound(evidence).claimed).toBe(claimed);
    });
  }
});

/**
 * Small generated launches, independent of the scenario arbitraries: any named plan or a custom bucket of
 * 2 … 800 calls, 1 … 200 orders in a spike or Poisson phase, 1 … 300 customers, 1 … 64 workers (at least the
 * pool the shop needs, scenarios/sized-concurrency.ts), a
 * 0 … 400 ms round trip with jitter, and up to three fault rules of every kind but `limits` (probabilities
 * up to 10 %, or windows up to 90 s). `limits` cuts are left out: the reference throttle paces far below
 * the restored plan for many minutes after one (see the brief's report), which the bound rightly fails.
 */
const launch = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    shop: fc.oneof(
      fc.constantFrom(...planNames).map((plan) => ({ plan })),
      fc
        .record({
          bucketSize: fc.integer({ min: 2, max: 800 }),
          leakPerSecond: fc.integer({ min: 1, max: 40 }),
        })
        .map((limits) => ({ plan: 'custom', ...limits })),
    ),
    network: fc.record({
      roundTripMs: fc.integer({ min: 0, max: 400 }),
      jitterMs: fc.integer({ min: 0, max: 100 }),
    }),
    orders: fc.integer({ min: 1, max: 200 }),
    arrival: fc.oneof(
      fc.constant({ arrival: 'spike', durationSeconds: 0 }),
      fc.integer({ min: 1, max: 1_800 }).map((durationSeconds) => ({ arrival: 'poisson', durationSeconds })),
    ),
    customers: fc.integer({ min: 1, max: 300 }),
    concurrency: fc.integer({ min: 1, max: 64 }),
    rules: fc.array(
      fc.record({
        kind: fc.constantFrom('status', 'ambiguous', 'timeout', 'reset', 'throttle'),
        trigger: fc.oneof(
          fc.record({ probability: fc.double({ min: 0.001, max: 0.1, noNaN: true }) }),
          fc
            .record({
              fromSeconds: fc.integer({ min: 0, max: 600 }),
              lengthSeconds: fc.integer({ min: 1, max: 90 }),
            })
            .map(({ fromSeconds, lengthSeconds }) => ({
              window: { fromSeconds, toSeconds: fromSeconds + lengthSeconds },
            })),
        ),
      }),
      { maxLength: 3 },
    ),
  })
  .map(({ seed, shop, network, orders, arrival, customers, concurrency, rules }) => ({
    name: 'generated launch',
    seed,
    shop,
    network,
    traffic: { customers, phases: [{ ...arrival, orders }] },
    // At least the pool the shop needs: a pipeline with fewer workers rightly breaks the bound.
    pipeline: {
      concurrency: Math.max(
        concurrency,
        sizedConcurrency('bucketSize' in shop ? shop : plans[shop.plan], network),
      ),
    },
    faults: {
      rules: rules.map(({ kind, trigger }) => ({
        kind,
        ...trigger,
        ...(kind === 'status' && { status: 503 }),
        ...(kind === 'ambiguous' && { then: 503 }),
      })),
    },
  }));

describe('bounded p99 on generated launches', () => {
  const seed = 20_260_105;
  it(
    `sim: the reference stays within the bound wherever one is claimed (seed=${seed})`,
    { timeout: 60_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(launch, async (doc) => {
          const { evidence } = await simulateScenario(validateScenario(doc, 'generated launch'));
          const verdict = checkBoundedP99(evidence);
          expect(verdict.holds, verdict.detail).toBe(true);
        }),
        { numRuns: 40, seed },
      );
    },
  );
});
