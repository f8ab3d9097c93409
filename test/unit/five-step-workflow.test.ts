import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../reports/report-model.js';
import { loadScenario } from '../../scenarios/load-scenario.js';
import type { PipelineName } from '../../scenarios/scenario-types.js';
import { simulateScenario } from '../../sim/run-scenario.js';

/**
 * Issue 17, acceptance 3: scenarios/five-step-workflow.yaml — create-order, a customer metafield
 * read-modify-write, an order update, a GraphQL metafieldsSet and a fulfilment, with 5 % ambiguous commits
 * on every request — runs clean on the reference (0 duplicate side effects, 0 lost updates), each naive
 * baseline breaks the property of the step it leaves unprotected, and the report's calls per order is the
 * workflow's 6.
 */
const scenario = loadScenario(join(import.meta.dirname, '..', '..', 'scenarios', 'five-step-workflow.yaml'));
const { seed } = scenario;

async function run(name: PipelineName) {
  return simulateScenario({ ...scenario, pipeline: { ...scenario.pipeline, name } });
}

function verdict(report: RunReport, property: string) {
  const found = report.properties?.find((p) => p.property === property);
  if (found === undefined) throw new Error(`the report has no ${property} verdict`);
  return found;
}

describe(`five-step workflow (issue 17, acceptance 3; plan=plus, seed=${seed})`, () => {
  it('reads the workflow: six calls per order, each step named', () => {
    expect(scenario.workflow?.map((step) => `${step.kind}:${step.name}`)).toEqual([
      'create-order:create-order',
      'update-customer:update-customer',
      'order-update:tag-order',
      'metafields-set:metafieldsSet',
      'fulfil:fulfil',
    ]);
  });

  // Each run takes about 1 s of CPU; the timeouts leave room for a loaded machine.
  it(
    'runs clean on the reference: no duplicate order or fulfilment, no lost loyalty points',
    { timeout: 60_000 },
    async () => {
      const { report, evidence } = await run('reference');
      const fulfillments = evidence.shop.fulfillments?.count ?? 0;
      console.info(
        `five-step reference seed=${seed}: ${report.orders.created} orders, ${fulfillments} fulfillments, ` +
          `${report.api.calls} calls, faults ${JSON.stringify(report.faults)}`,
      );
      expect(report.drain?.callsPerOrder).toBe(6);
      expect(report.faults?.ambiguousCommitted).toBeGreaterThan(50);
      expect(report.orders).toMatchObject({ duplicates: 0, missing: 0 });
      expect(report.customers.lostUpdates).toBe(0);
      expect(verdict(report, 'no-duplicates')).toMatchObject({ holds: true });
      expect(verdict(report, 'no-lost-updates')).toMatchObject({ applies: true, holds: true });
      expect(verdict(report, 'no-lost-updates').detail).toMatch(/loyalty\.points metafields match/);
      // Every created order went through every step once: one fulfilment each, its tag, its metafield.
      expect(fulfillments).toBe(report.orders.created - report.customers.deadLettered);
    },
  );

  it(
    'no-reconcile posts again blindly after an ambiguous failure: duplicate orders and fulfilments',
    { timeout: 60_000 },
    async () => {
      const { report } = await run('no-reconcile');
      const duplicates = verdict(report, 'no-duplicates');
      expect(duplicates.holds).toBe(false);
      expect(duplicates.detail).toMatch(/fulfil steps applied more than once/);
    },
  );

  it('no-mutex races on the customer metafield: lost loyalty points', { timeout: 60_000 }, async () => {
    const { report } = await run('no-mutex');
    expect(verdict(report, 'no-lost-updates')).toMatchObject({ applies: true, holds: false });
    expect(report.customers.lostUpdates).toBeGreaterThan(0);
  });
});
