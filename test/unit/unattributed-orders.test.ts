import { describe, expect, it } from 'vitest';
import { formatJsonReport } from '../../reports/json-report.js';
import { formatSummary } from '../../reports/summary.js';
import { validateScenario } from '../../scenarios/validate-scenario.js';
import { simulateScenario } from '../../sim/run-scenario.js';
import { dropNoteOnRetry, underTest } from '../support/test-pipelines.js';

// Issue 11, acceptance 4: an order created without its source id — a pipeline that drops the note
// attribute on its retry — shows as unattributed in the summary and the JSON report, and breaks
// no-duplicates: the pipelines under test always name their source order, so nobody can reconcile it.
describe('an order created without its source id', () => {
  it('sim: shows as unattributed in the summary and the JSON report and breaks no-duplicates (plan=standard, seed=3)', async () => {
    const scenario = validateScenario(
      {
        name: 'dropped source id',
        seed: 3,
        shop: { plan: 'standard' },
        traffic: { customers: 10, phases: [{ arrival: 'spike', durationSeconds: 0, orders: 3 }] },
        // Every create fails (not applied) in the first second, so each order's create is retried.
        faults: {
          rules: [
            {
              kind: 'status',
              status: 503,
              match: { route: 'orders.create' },
              window: { fromSeconds: 0, toSeconds: 1 },
            },
          ],
        },
      },
      'dropped source id',
    );
    const { report } = await simulateScenario(scenario, {}, { pipeline: underTest(dropNoteOnRetry) });
    expect(report.orders.unattributed).toBe(3);
    expect(report.orders.unexpected).toBe(0);
    // The orders line, wrapped at 80 columns under its value column.
    expect(formatSummary(report)).toMatch(/^orders [^\n]*(?:\n {12}[^\n]*)*?\b3 unattributed$/m);
    expect(JSON.parse(formatJsonReport(report)).orders).toMatchObject({ unattributed: 3, unexpected: 0 });
    const verdict = report.properties?.find((v) => v.property === 'no-duplicates');
    expect(verdict).toMatchObject({ applies: true, holds: false });
    expect(verdict?.detail).toContain('3 orders without a source order id');
    // The same scenario through the reference: every order names its source, nothing is unattributed.
    const reference = await simulateScenario(scenario);
    expect(reference.report.orders.unattributed).toBe(0);
    expect(reference.report.properties?.find((v) => v.property === 'no-duplicates')?.holds).toBe(true);
  });
});
