import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import { exploreScenarios } from './explore.js';
import type { RunExecutor } from './run-executor.js';
import { runVerdicts } from './run-verdicts.js';

/**
 * An executor whose runs come back in a scrambled order: each answer waits a seeded number of microtask
 * turns, as results from threads or machines would arrive.
 */
function scrambledExecutor(seed: number, width: number): RunExecutor & { calls: () => number } {
  const random = createRandom(seed);
  let calls = 0;
  return {
    width,
    batch: 1,
    calls: () => calls,
    async verdicts(document) {
      calls++;
      const verdicts = await runVerdicts(document);
      for (let turns = random.int(0, 200); turns > 0; turns--) await Promise.resolve();
      return verdicts;
    },
  };
}

describe('exploreScenarios on an executor that answers out of order', () => {
  it(
    'no-mutex, seed 3: finds the one-thread counterexample, path and coverage',
    { timeout: 60_000 },
    async () => {
      const search = { pipeline: 'no-mutex', seed: 3, runs: 40, maxOrders: 30 } as const;
      const alone = await exploreScenarios(search);
      const executor = scrambledExecutor(11, 8);
      const scrambled = await exploreScenarios({ ...search, executor });
      expect(alone.counterexample, `seed ${search.seed}`).toBeDefined();
      expect(JSON.stringify(scrambled)).toBe(JSON.stringify(alone));
      // Runs past the first failure were evaluated side by side, and then ignored.
      expect(executor.calls()).toBeGreaterThan(alone.runs);
    },
  );

  it(
    'reference, seed 7: the same coverage and applied counts for every run',
    { timeout: 60_000 },
    async () => {
      const search = { seed: 7, runs: 24, maxOrders: 20 } as const;
      const alone = await exploreScenarios(search);
      const scrambled = await exploreScenarios({ ...search, executor: scrambledExecutor(5, 6) });
      expect(alone.counterexample).toBeUndefined();
      expect(scrambled).toEqual(alone);
    },
  );
});
