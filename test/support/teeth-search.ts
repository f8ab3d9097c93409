import fc from 'fast-check';
import type { PropertyName, PropertyVerdict } from '../../reports/report-model.js';
import type { ScenarioDocument } from '../../scenarios/scenario-arbitrary.js';
import { validateScenario } from '../../scenarios/validate-scenario.js';
import { checkProperties } from '../../sim/properties/check-properties.js';
import { simulateScenario } from '../../sim/run-scenario.js';
import { underTest, type PipelineBuilder } from './test-pipelines.js';

/** One tooth: a generated search for a scenario on which `pipeline` breaks `property`. */
export interface Tooth {
  property: PropertyName;
  /** The scenarios searched (small: every flaw shows in a handful of orders). */
  scenarios: fc.Arbitrary<ScenarioDocument>;
  /** The flawed pipeline (test-pipelines.ts); absent: the one the document names. */
  pipeline?: PipelineBuilder;
}

/** What a search found: the shrunk document, its orders and the broken verdict. */
export interface ToothFound {
  document: ScenarioDocument;
  orders: number;
  verdict: PropertyVerdict;
}

/**
 * Searches `runs` generated scenarios (fast-check, from `seed`) for one on which the tooth's pipeline
 * breaks its property, and shrinks it (fast-check's shrinking: fewer orders, smaller numbers). Returns the
 * shrunk counterexample, or undefined when every run held.
 */
export async function searchTooth(tooth: Tooth, seed: number, runs: number): Promise<ToothFound | undefined> {
  const verdictOf = async (document: ScenarioDocument): Promise<PropertyVerdict> => {
    const { evidence } = await simulateScenario(
      validateScenario(document, 'a teeth scenario'),
      {},
      tooth.pipeline ? { pipeline: underTest(tooth.pipeline) } : {},
    );
    const verdict = checkProperties(evidence).find((v) => v.property === tooth.property);
    if (verdict === undefined) throw new Error(`no verdict on ${tooth.property}`);
    return verdict;
  };
  const details = await fc.check(
    fc.asyncProperty(tooth.scenarios, async (document) => {
      const verdict = await verdictOf(document);
      return !(verdict.applies && !verdict.holds);
    }),
    { seed, numRuns: runs },
  );
  if (!details.failed || details.counterexample === null) return undefined;
  const [document] = details.counterexample;
  const orders = document.traffic.phases.reduce((sum, phase) => sum + (phase.orders ?? 0), 0);
  return { document, orders, verdict: await verdictOf(document) };
}

/** A spike of `orders` at t = 0 on a shop, with `customers`, a round trip and an optional pipeline section. */
export function spikeDocument(parts: {
  shop: ScenarioDocument['shop'];
  orders: number;
  customers: number;
  roundTripMs: number;
  seed: number;
  pipeline?: ScenarioDocument['pipeline'];
  faults?: ScenarioDocument['faults'];
}): ScenarioDocument {
  return {
    name: 'teeth',
    seed: parts.seed,
    shop: parts.shop,
    network: { roundTripMs: parts.roundTripMs, jitterMs: 0 },
    traffic: {
      customers: parts.customers,
      phases: [{ arrival: 'spike', durationSeconds: 0, orders: parts.orders }],
    },
    ...(parts.pipeline && { pipeline: parts.pipeline }),
    ...(parts.faults && { faults: parts.faults }),
  };
}
