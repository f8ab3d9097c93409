import { describe, expect, it } from 'vitest';
import type { PropertyName } from '../../reports/report-model.js';
import type { PipelineName } from '../../scenarios/scenario-types.js';
import { exploreScenarios } from '../../sim/explore.js';
import { propertySeed } from '../support/race-world.js';

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
