import fc from 'fast-check';
import { expect } from 'vitest';
import type { PropertyName, PropertyVerdict } from '../../reports/report-model.js';
import { scenarioDocumentArbitrary, type ScenarioDocument } from '../../scenarios/scenario-arbitrary.js';
import { validateScenario } from '../../scenarios/validate-scenario.js';
import { checkProperties } from '../../sim/properties/check-properties.js';
import { simulateScenario } from '../../sim/run-scenario.js';
import { propertySeed } from './race-world.js';

/**
 * Generated scenarios per property in `npm test`: 200, or `FUNNELSTORM_PROPERTY_RUNS` (the nightly mode,
 * e.g. FUNNELSTORM_PROPERTY_RUNS=5000).
 */
export const propertyRuns = readRuns(process.env['FUNNELSTORM_PROPERTY_RUNS']);

function readRuns(text: string | undefined): number {
  if (text === undefined || text === '') return 200;
  const runs = Number(text);
  if (!Number.isSafeInteger(runs) || runs < 1) {
    throw new Error(`FUNNELSTORM_PROPERTY_RUNS must be a positive integer (got "${text}").`);
  }
  return runs;
}

/** A test timeout that grows with the runs: 3 s per generated scenario, at least 2 minutes. */
export const propertyTimeoutMs = Math.max(120_000, propertyRuns * 3_000);

/** Runs one generated scenario document in the simulator and returns the six verdicts. */
export async function verdictsOf(document: ScenarioDocument): Promise<PropertyVerdict[]> {
  const { evidence } = await simulateScenario(validateScenario(document, 'a generated scenario'));
  return checkProperties(evidence);
}

/** The verdict on `property` among `verdicts`. */
export function verdictOn(verdicts: readonly PropertyVerdict[], property: PropertyName): PropertyVerdict {
  const verdict = verdicts.find((v) => v.property === property);
  if (verdict === undefined) throw new Error(`no verdict on ${property}`);
  return verdict;
}

/**
 * Asserts that the reference pipeline keeps `property` over {@link propertyRuns} generated scenarios
 * (fast-check, seed printed; FC_SEED replays), and that the property made a claim (`applies`) in at least
 * `minAppliedShare` of them — a property that never applies would pass without testing anything.
 */
export async function assertReferenceKeeps(
  property: PropertyName,
  minAppliedShare: number,
  options: { maxOrders?: number } = {},
): Promise<void> {
  const seed = propertySeed(`property ${property} (reference pipeline, ${propertyRuns} scenarios)`);
  let applied = 0;
  await fc.assert(
    fc.asyncProperty(
      scenarioDocumentArbitrary({ pipeline: 'reference', maxOrders: options.maxOrders ?? 200 }),
      async (document) => {
        const verdict = verdictOn(await verdictsOf(document), property);
        if (verdict.applies) applied++;
        if (!verdict.holds) {
          throw new Error(
            `${property} broke: ${verdict.detail}` +
              (verdict.orderIds.length > 0 ? ` (orders ${verdict.orderIds.join(', ')})` : ''),
          );
        }
      },
    ),
    { seed, numRuns: propertyRuns },
  );
  expect(applied / propertyRuns).toBeGreaterThanOrEqual(minAppliedShare);
}
