import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { scenarioDocumentArbitrary, type ScenarioDocument } from '../scenarios/scenario-arbitrary.js';
import { validateScenario } from '../scenarios/validate-scenario.js';
import { checkProperties } from '../sim/properties/check-properties.js';
import { simulateScenario } from '../sim/run-scenario.js';

/** What {@link benchGeneratedRuns} measured. */
export interface GeneratedRunsResult {
  /** Scenarios run. */
  runs: number;
  /** Orders per scenario. */
  ordersPerRun: number;
  /** Generated scenarios simulated and checked per wall second (context: machine-dependent). */
  runsPerSecond: number;
  /** Mean simulator events per run. */
  eventsPerRun: number;
  /** The share of the wall time the six property checkers took. */
  checkShare: number;
  /**
   * The reference measured in the same run: plain runs of the same size (one spike of `orders` orders on
   * standard, no faults, no webhooks, default network), simulated and checked the same way, per second.
   */
  plainRunsPerSecond: number;
}

/**
 * A generated document with exactly `orders` orders: its phases keep their shapes and their shares of the
 * volume (the arbitrary writes every phase with an `orders` count).
 */
export function withOrders(document: ScenarioDocument, orders: number): ScenarioDocument {
  const phases = document.traffic.phases;
  const total = phases.reduce((sum, phase) => sum + (phase.orders ?? 0), 0);
  let left = orders;
  const scaled = phases.map((phase, index) => {
    const share =
      index === phases.length - 1 ? left : Math.max(1, Math.round(((phase.orders ?? 0) / total) * orders));
    left -= share;
    return { ...phase, orders: share };
  });
  return { ...document, traffic: { ...document.traffic, phases: scaled } };
}

/**
 * Issue 5, acceptance 5: how many generated scenarios of `orders` orders the simulator runs and checks
 * per second — what makes thousands of property runs affordable. The documents come from the same
 * arbitrary `funnelstorm check` and the property tests use (reference pipeline, every fault class), from a
 * fixed seed so every bench run times the same work; each is resized to exactly `orders` orders.
 */
export async function benchGeneratedRuns(runs = 100, orders = 200, seed = 5): Promise<GeneratedRunsResult> {
  const documents = fc
    .sample(scenarioDocumentArbitrary({ pipeline: 'reference', maxOrders: orders }), { seed, numRuns: runs })
    .map((document) => withOrders(document, orders));
  const plain = validateScenario(
    {
      name: 'plain',
      shop: { plan: 'standard' },
      traffic: { phases: [{ arrival: 'spike', durationSeconds: 0, orders }] },
    },
    'the plain reference scenario',
  );
  let events = 0;
  let checkMs = 0;
  let wallMs = 0;
  let plainMs = 0;
  // Generated and plain runs alternate, so other load on the machine slows both alike.
  for (const [index, document] of documents.entries()) {
    const startedMs = performance.now();
    const { report, evidence } = await simulateScenario(validateScenario(document, 'a generated scenario'));
    const checkStartedMs = performance.now();
    checkProperties(evidence);
    checkMs += performance.now() - checkStartedMs;
    wallMs += performance.now() - startedMs;
    events += report.events;
    const plainStartedMs = performance.now();
    await simulateScenario({ ...plain, seed: index + 1 });
    plainMs += performance.now() - plainStartedMs;
  }
  return {
    runs,
    ordersPerRun: orders,
    runsPerSecond: (runs * 1000) / wallMs,
    eventsPerRun: events / runs,
    checkShare: checkMs / wallMs,
    plainRunsPerSecond: (runs * 1000) / plainMs,
  };
}
