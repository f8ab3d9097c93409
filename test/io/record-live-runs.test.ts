import { describe, expect, it } from 'vitest';
import { runReportSchema } from '../../reports/run-report-schema.js';
import { liveRun } from '../support/record-live-runs.js';

describe('the live-run recorder behind compare’s fixtures (test/io/fixtures/live-runs)', () => {
  it('runs the reference pipeline over real HTTP and reports it in the run report format', async () => {
    const report = runReportSchema.parse(await liveRun(300));
    expect(report.orders).toMatchObject({ generated: 150, created: 150, duplicates: 0, missing: 0 });
    expect(report.latencyMs.endToEnd.count).toBe(150);
    expect(report.latencyMs.endToEnd.p99).toBeGreaterThan(0);
    expect(report.api.calls).toBeGreaterThanOrEqual(450);
  });
});
