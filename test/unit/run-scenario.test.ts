import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatJsonReport } from '../../reports/json-report.js';
import { loadScenario } from '../../scenarios/load-scenario.js';
import { runScenario } from '../../sim/run-scenario.js';

const scenario = (name: string) => loadScenario(join(import.meta.dirname, '..', '..', 'scenarios', name));

describe('runScenario (sim mode)', () => {
  it('drain: 1,000 orders queued at t=0 on standard finish within 1.02 × the ideal drain (plan=standard, seed=1)', async () => {
    const report = await runScenario(scenario('backlog-standard.yaml'));
    expect(report.orders).toMatchObject({
      generated: 1000,
      created: 1000,
      duplicates: 0,
      missing: 0,
      deadLettered: 0,
    });
    // Each order costs three calls (create, customer read, customer write). The ideal: a burst of 40, then
    // one call per 500 ms — (3 × 1000 − 40) / 2 = 1,480 s after the first call.
    expect(report.drain?.callsPerOrder).toBe(3);
    expect(report.drain?.idealMs).toBe(1_480_000);
    expect(report.drain?.ratio).toBeLessThanOrEqual(1.02);
    expect(report.drain?.ratio).toBeGreaterThanOrEqual(1);
    expect(report.api.status429).toBe(0);
    expect(report.api.leakUtilisation).toBeGreaterThanOrEqual(0.99);
    // Every order is counted once in its customer's totals (100 customers, 8 workers at once).
    expect(report.customers).toEqual({ checked: 100, lostUpdates: 0, deadLettered: 0 });
  });

  it('drain: 5,000 orders queued at t=0 on plus finish within 1.02 × the ideal drain (plan=plus, seed=1)', async () => {
    const report = await runScenario(scenario('backlog-plus.yaml'));
    expect(report.orders).toMatchObject({ created: 5000, duplicates: 0, missing: 0 });
    expect(report.drain?.idealMs).toBe(((3 * 5000 - 400) / 20) * 1000);
    expect(report.drain?.ratio).toBeLessThanOrEqual(1.02);
    expect(report.api.status429).toBe(0);
    expect(report.api.leakUtilisation).toBeGreaterThanOrEqual(0.99);
    expect(report.customers.lostUpdates).toBe(0);
  });

  it('gives a byte-identical JSON report for the same scenario and seed, and a different one for another seed', async () => {
    const launch = scenario('funnel-launch-standard.yaml');
    const first = formatJsonReport(await runScenario(launch, { seed: 7 }));
    const second = formatJsonReport(await runScenario(launch, { seed: 7 }));
    const other = formatJsonReport(await runScenario(launch, { seed: 8 }));
    expect(second).toBe(first);
    expect(other).not.toBe(first);
    expect(JSON.parse(first)).toMatchObject({ seed: 7, scenario: { resolved: { seed: 7 } } });
  });

  it('launch on standard: every order is created once, and the spike shows in the tail latency (seed=7)', async () => {
    const report = await runScenario(scenario('funnel-launch-standard.yaml'), { seed: 7 });
    expect(report.orders).toMatchObject({ generated: 1000, created: 1000, duplicates: 0, missing: 0 });
    // 600 orders in a 300 s spike against 2 calls/s cannot all be served at once: the queue builds.
    expect(report.latencyMs.endToEnd.p99).toBeGreaterThan(60_000);
    expect(report.latencyMs.endToEnd.p50).toBeLessThan(report.latencyMs.endToEnd.p99);
    expect(report.api.status429).toBe(0);
  });

  it('applies --concurrency and --seed overrides and records them in the resolved scenario', async () => {
    const report = await runScenario(scenario('backlog-standard.yaml'), { seed: 3, concurrency: 2 });
    expect(report.pipeline.concurrency).toBe(2);
    expect(report.seed).toBe(3);
    expect(report.scenario.resolved).toMatchObject({ seed: 3, pipeline: { concurrency: 2 } });
  });
});
