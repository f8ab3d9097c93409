import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatJsonReport } from '../../reports/json-report.js';
import { formatSummary } from '../../reports/summary.js';
import { loadScenario } from '../../scenarios/load-scenario.js';
import { runScenario } from '../../sim/run-scenario.js';

const scenario = (name: string) => loadScenario(join(import.meta.dirname, '..', '..', 'scenarios', name));

describe('runScenario with a fault plan (sim mode)', () => {
  it('chaos: the launch on standard through ambiguous 503s, a 60 s outage and latency — no duplicate, nothing missing, no lost update (seed=1)', async () => {
    const report = await runScenario(scenario('chaos-standard.yaml'));
    expect(report.orders).toMatchObject({ generated: 1000, duplicates: 0, missing: 0 });
    expect(report.orders.created + report.orders.deadLettered).toBe(1000);
    // Each created order is counted once in its customer's totals, through the outage too.
    expect(report.customers).toMatchObject({ checked: 100, lostUpdates: 0 });
    const faults = report.faults;
    expect(faults?.rules).toBe(4);
    // About 5 % of ~1,000 creates are ambiguous, and each of them hid an order that was created.
    expect(faults?.byKind.ambiguous).toBeGreaterThan(25);
    expect(faults?.ambiguousCommitted).toBe(faults?.byKind.ambiguous);
    expect(faults?.byKind.status).toBeGreaterThan(0);
    expect(faults?.byKind.latency).toBeGreaterThanOrEqual(faults?.requests ?? Infinity);
    expect(faults?.byRule.map((rule) => rule.kind)).toEqual(['ambiguous', 'status', 'latency', 'latency']);
  });

  it('gives a byte-identical JSON report, faults included, for the same scenario and seed', async () => {
    const chaos = scenario('chaos-standard.yaml');
    const first = formatJsonReport(await runScenario(chaos, { seed: 7 }));
    expect(formatJsonReport(await runScenario(chaos, { seed: 7 }))).toBe(first);
    expect(formatJsonReport(await runScenario(chaos, { seed: 8 }))).not.toBe(first);
    expect(Object.keys(JSON.parse(first) as object)).toContain('faults');
  });

  it('shows the faults fired per kind in the summary, and leaves them out of a run without a plan', async () => {
    const summary = formatSummary(await runScenario(scenario('chaos-standard.yaml')));
    expect(summary).toMatch(
      // Wider than 80 columns, so the line wraps at a separator under the value column.
      /^faults {6}\d+ status · [\d,]+ latency \(\+[\d.]+ (s|min)\) · \d+ ambiguous \(\d+ committed\) ·\n {12}of [\d,]+ requests$/m,
    );
    const quiet = await runScenario(scenario('backlog-standard.yaml'));
    expect(quiet.faults).toBeUndefined();
    expect(formatSummary(quiet)).not.toMatch(/^faults/m);
  });
});
