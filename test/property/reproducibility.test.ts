import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioDocumentArbitrary } from '../../scenarios/scenario-arbitrary.js';
import { validateScenario } from '../../scenarios/validate-scenario.js';
import { simulateScenario } from '../../sim/run-scenario.js';
import { propertySeed } from '../support/race-world.js';

// Issue 5, acceptance 4: a property failure names its seed and path, and re-running with them reproduces
// the same counterexample. The failure is faked: a "property" that breaks whenever a run's client retried
// at least once and had three orders or more — common enough to be found, specific enough to shrink.
const fakeBroken = async (document: Parameters<typeof validateScenario>[0]): Promise<boolean> => {
  const { report } = await simulateScenario(validateScenario(document, 'a generated scenario'));
  return report.api.retries > 0 && report.orders.generated >= 3;
};

const fakeProperty = fc.asyncProperty(
  scenarioDocumentArbitrary({ pipeline: 'reference', maxOrders: 50 }),
  async (document) => !(await fakeBroken(document)),
);

describe('reproducing a property failure from its seed and path', () => {
  it(
    'prints seed and path, and a replay with them gives the same shrunk counterexample',
    { timeout: 120_000 },
    async () => {
      const seed = propertySeed('reproducibility (faked failure)');
      const error = await fc.assert(fakeProperty, { seed, numRuns: 500 }).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error, `the faked failure was not found (seed ${seed})`).toBeInstanceOf(Error);
      const message = (error as Error).message;
      const printed = /seed: (-?\d+), path: "([\d:]+)"/.exec(message);
      expect(printed, message).not.toBeNull();
      expect(Number(printed?.[1])).toBe(seed);
      const path = printed?.[2] ?? '';

      const first = await fc.check(fakeProperty, { seed, numRuns: 500 });
      const replayed = await fc.check(fakeProperty, { seed, path, numRuns: 500 });
      expect(first.failed && replayed.failed).toBe(true);
      expect(first.counterexamplePath).toBe(path);
      expect(replayed.counterexample).toEqual(first.counterexample);
      // And the counterexample itself is a scenario: run again, it fails again, byte for byte the same report.
      const [document] = first.counterexample ?? [];
      expect(await fakeBroken(document)).toBe(true);
      const a = await simulateScenario(validateScenario(document, 'replay'));
      const b = await simulateScenario(validateScenario(document, 'replay'));
      expect(JSON.stringify(a.report)).toBe(JSON.stringify(b.report));
    },
  );
});
