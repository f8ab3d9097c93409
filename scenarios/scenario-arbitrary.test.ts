import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFunnelstormError } from '../runtime/errors.js';
import { simulateScenario } from '../sim/run-scenario.js';
import { propertySeed } from '../test/support/race-world.js';
import { parseScenario } from './load-scenario.js';
import { readDocument } from './read-document.js';
import { faultClasses, faultClassesOf, type FaultClass } from './scenario-arbitrary-classes.js';
import { scenarioDocumentArbitrary, type ScenarioDocument } from './scenario-arbitrary.js';
import { pipelineNames } from './scenario-schema.js';
import { validateScenario } from './validate-scenario.js';
import { scenarioDocumentToYaml } from './write-scenario.js';

const seed = propertySeed('scenario arbitrary');

const totalOrders = (doc: ScenarioDocument): number =>
  doc.traffic.phases.reduce((sum, phase) => sum + (phase.orders ?? 0), 0);

describe('scenarioDocumentArbitrary', () => {
  it('generates documents that validate, stay within maxOrders and read back the same from YAML', () => {
    fc.assert(
      fc.property(scenarioDocumentArbitrary(), (doc) => {
        const scenario = validateScenario(doc, 'generated');
        expect(totalOrders(doc)).toBeGreaterThanOrEqual(1);
        expect(totalOrders(doc)).toBeLessThanOrEqual(200);
        expect(scenario.traffic.phases.every((phase) => phase.ratePerSecond === undefined)).toBe(true);
        expect(scenario.pipeline.name).toBe('reference');
        // What `funnelstorm check` writes is what `funnelstorm run` replays.
        expect(parseScenario(scenarioDocumentToYaml(doc), 'generated.yaml')).toEqual(scenario);
      }),
      { seed, numRuns: 300 },
    );
  });

  it('follows its options: the pipeline, maxOrders, and sections left out', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...pipelineNames).chain((pipeline) =>
          scenarioDocumentArbitrary({
            pipeline,
            maxOrders: 3,
            faults: false,
            webhooks: false,
            pauses: false,
          }).map((doc) => ({ pipeline, doc })),
        ),
        ({ pipeline, doc }) => {
          validateScenario(doc, 'generated');
          expect(doc.pipeline?.name).toBe(pipeline);
          expect(totalOrders(doc)).toBeLessThanOrEqual(3);
          expect(doc.faults).toBeUndefined();
          expect(doc.traffic.webhooks).toBeUndefined();
          expect(doc.network?.pauses).toBeUndefined();
          expect(faultClassesOf(doc)).not.toContain('network-pause');
        },
      ),
      { seed, numRuns: 100 },
    );
  });

  it('refuses maxOrders below 1 with FLAG_INVALID', () => {
    expect.assertions(1);
    try {
      scenarioDocumentArbitrary({ maxOrders: 0 });
    } catch (error) {
      expect(isFunnelstormError(error, 'FLAG_INVALID')).toBe(true);
    }
  });

  it('covers every fault class in at least 3 % of 1,000 documents (fc.statistics prints the mix)', () => {
    const counts = new Map<FaultClass, number>(faultClasses.map((name) => [name, 0]));
    const numRuns = 1_000;
    fc.statistics(
      scenarioDocumentArbitrary(),
      (doc) => {
        const classes = faultClassesOf(doc);
        for (const name of classes) counts.set(name, (counts.get(name) ?? 0) + 1);
        return classes;
      },
      { seed, numRuns },
    );
    const rare = faultClasses
      .map((name) => ({ name, share: (counts.get(name) ?? 0) / numRuns }))
      .filter(({ share }) => share < 0.03);
    expect(rare).toEqual([]);
  });

  it('shrinks to the smallest document: one order, no faults, no optional section', () => {
    const details = fc.check(
      fc.property(scenarioDocumentArbitrary(), (doc) => totalOrders(doc) < 1),
      { seed },
    );
    expect(details.failed).toBe(true);
    expect(details.counterexample?.[0]).toEqual({
      name: 'generated',
      seed: 0,
      shop: { plan: 'basic' },
      network: { roundTripMs: 0, jitterMs: 0 },
      traffic: { customers: 1, phases: [{ arrival: 'spike', durationSeconds: 0, orders: 1 }] },
      // The pool basic needs to spend its 40-call burst at once (⌈40 / 3⌉, scenarios/sized-concurrency.ts).
      pipeline: { name: 'reference', concurrency: 14 },
    });
  });

  it('shrinks a failure that needs 5 orders and an ambiguous create to exactly that', () => {
    const details = fc.check(
      fc.property(
        scenarioDocumentArbitrary(),
        (doc) => !(totalOrders(doc) >= 5 && faultClassesOf(doc).includes('ambiguous-create')),
      ),
      { seed },
    );
    expect(details.failed).toBe(true);
    const doc = details.counterexample?.[0];
    expect(doc && totalOrders(doc)).toBe(5);
    // One rule, an ambiguous commit that can hit a create: by a small chance or in a window, on the
    // create route or on any (which one fast-check lands on depends on the seed).
    expect(doc?.faults?.rules).toHaveLength(1);
    expect(doc?.faults?.rules?.[0]).toMatchObject({ kind: 'ambiguous', then: 500 });
  });

  it('generates runs that mostly create their orders: 20 runs of up to 50 orders through the reference pipeline', async () => {
    const docs = fc.sample(scenarioDocumentArbitrary({ maxOrders: 50 }), { seed, numRuns: 20 });
    let generated = 0;
    let created = 0;
    for (const doc of docs) {
      const { report } = await simulateScenario(validateScenario(doc, 'generated'));
      generated += report.orders.generated;
      created += report.orders.created;
    }
    // Whether every order ends well is the property checkers' business (sim/properties/); here only that
    // the generated faults leave most orders creatable, so the properties are tested on real work.
    expect(created / generated).toBeGreaterThan(0.9);
  });
});

describe('faultClassesOf', () => {
  it('names the classes of a shipped scenario file', () => {
    const path = 'scenarios/chaos-standard.yaml';
    const doc = readDocument(readFileSync(path, 'utf8'), path) as ScenarioDocument;
    expect(faultClassesOf(doc)).toEqual(['5xx', 'latency', 'ambiguous-create', 'outage-window']);
  });

  it('tells 408 from 5xx, covers both ambiguous writes without a route, and ignores a rule that never fires', () => {
    const doc: ScenarioDocument = {
      name: 'classes',
      shop: { plan: 'standard' },
      network: { pauses: { probability: 0.01, durationMs: 45_000 } },
      traffic: {
        customerSkew: 1.1,
        webhooks: { duplicateShare: 0.05 },
        phases: [{ arrival: 'spike', durationSeconds: 0, orders: 1 }],
      },
      faults: {
        rules: [
          { kind: 'status', status: 408, probability: 0.1 },
          { kind: 'ambiguous', then: 'reset', probability: 0.1 },
          { kind: 'throttle', probability: 0 },
          { kind: 'limits', window: { fromSeconds: 0, toSeconds: 10 }, bucketSize: 4, leakPerSecond: 1 },
        ],
      },
    };
    expect(faultClassesOf(doc)).toEqual([
      '408',
      'ambiguous-create',
      'ambiguous-customer-update',
      'limits-cut',
      'webhook-duplicates',
      'network-pause',
      'holder-pause-over-ttl',
      'customer-skew',
    ]);
  });

  it('calls a document without fault rules no-faults', () => {
    const doc: ScenarioDocument = {
      name: 'calm',
      shop: { plan: 'plus' },
      traffic: { phases: [{ arrival: 'poisson', durationSeconds: 60, orders: 10 }] },
      faults: { rules: [] },
    };
    expect(faultClassesOf(doc)).toEqual(['no-faults']);
  });
});
