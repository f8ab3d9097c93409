import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../reports/report-model.js';
import { loadScenario } from '../../scenarios/load-scenario.js';
import { pipelineNames } from '../../scenarios/scenario-schema.js';
import type { PipelineName } from '../../scenarios/scenario-types.js';
import { runScenario } from '../../sim/run-scenario.js';

/**
 * Issue 4, acceptance 1: one scenario — 10,000 orders queued at once, 64 workers, one standard-plan shop,
 * 200 customers, ambiguous commits (order create and customer update), 503 bursts and spurious 429s at
 * about 5 % each — run through the reference pipeline and each naive baseline. The reference loses and
 * duplicates nothing; each baseline shows the defect it is named for.
 */
const scenario = loadScenario(
  join(import.meta.dirname, '..', '..', 'scenarios', 'chaos-customers-standard.yaml'),
);
const { seed } = scenario;
const runs = new Map<PipelineName, { report: RunReport; wallMs: number }>();

/** Runs the scenario through `name` once; later calls reuse the report. */
async function run(name: PipelineName): Promise<RunReport> {
  let done = runs.get(name);
  if (done === undefined) {
    const startedMs = performance.now();
    const report = await runScenario({ ...scenario, pipeline: { ...scenario.pipeline, name } });
    done = { report, wallMs: performance.now() - startedMs };
    runs.set(name, done);
  }
  return done.report;
}

/** The figures of every run so far, one line per pipeline. */
function figures(): string {
  const header = 'pipeline        dup  missing  lostUpd  custDL  429 %    drain s  ratio  retryPeak  wall s';
  const rows = [...runs].map(([name, { report: r, wallMs }]) =>
    [
      name.padEnd(14),
      String(r.orders.duplicates).padStart(5),
      String(r.orders.missing).padStart(8),
      String(r.customers.lostUpdates).padStart(8),
      String(r.customers.deadLettered).padStart(7),
      (r.api.status429Share * 100).toFixed(2).padStart(6),
      ((r.drain?.durationMs ?? 0) / 1000).toFixed(0).padStart(10),
      (r.drain?.ratio ?? 0).toFixed(3).padStart(6),
      String(r.api.retryPeakPer100Ms).padStart(10),
      (wallMs / 1000).toFixed(1).padStart(7),
    ].join(' '),
  );
  return [`seed=${seed} · ${scenario.name} · plan=standard · 64 workers`, header, ...rows].join('\n');
}

const minutes = 60_000;

describe(`naive baselines (issue 4, acceptance 1; plan=standard, seed=${seed})`, () => {
  afterAll(() => console.info(figures()));

  it('lists every pipeline a scenario can name', () => {
    expect([...pipelineNames].sort()).toEqual(
      ['fixed-sleep', 'no-idempotency', 'no-jitter', 'no-mutex', 'no-reconcile', 'reference'].sort(),
    );
  });

  it(
    'drill: reference — 10,000 orders through ambiguous commits, 503 bursts and 429s: 0 duplicates, 0 missing, 0 lost updates',
    async () => {
      const r = await run('reference');
      expect(r.orders).toMatchObject({ generated: 10_000, duplicates: 0, missing: 0 });
      expect(r.orders.created + r.orders.deadLettered).toBe(10_000);
      expect(r.customers).toMatchObject({ checked: 200, lostUpdates: 0 });
      // The faults did fire, at about 5 % each.
      expect(r.faults?.byKind.ambiguous).toBeGreaterThan(500);
      expect(r.faults?.byKind.throttle).toBeGreaterThan(1000);
      expect(r.faults?.byKind.status).toBeGreaterThan(500);
      // The shared throttle keeps the shop's own bucket from ever overflowing.
      expect(r.api.status429).toBe(0);
    },
    2 * minutes,
  );

  it(
    'drill: no-idempotency — creates again after an ambiguous create: duplicates',
    async () => {
      const r = await run('no-idempotency');
      expect(r.orders.duplicates).toBeGreaterThan(100);
      expect(r.orders.missing).toBe(0);
    },
    2 * minutes,
  );

  it(
    'drill: no-reconcile — claims, but creates again after an ambiguous create without a lookup: duplicates',
    async () => {
      const r = await run('no-reconcile');
      expect(r.orders.duplicates).toBeGreaterThan(100);
      expect(r.orders.missing).toBe(0);
    },
    2 * minutes,
  );

  it(
    'drill: no-mutex — concurrent read-modify-writes of one customer overwrite each other: lost updates',
    async () => {
      const r = await run('no-mutex');
      expect(r.orders.duplicates).toBe(0);
      // Every customer update went through (none dead-lettered), yet totals were lost: a race, not a give-up.
      expect(r.customers.deadLettered).toBe(0);
      expect(r.customers.lostUpdates).toBeGreaterThan(50);
    },
    2 * minutes,
  );

  it(
    'drill: no-jitter — retries of calls that failed together come back together, a wave the shared throttle then spaces out',
    async () => {
      const reference = await run('reference');
      const r = await run('no-jitter');
      expect(r.api.retryPeakPer100Ms).toBeGreaterThanOrEqual(2 * reference.api.retryPeakPer100Ms);
      // A 429 storm cannot form while the shared throttle hands out slots one at a time: the wave waits in
      // the throttle's queue instead of reaching the shop.
      expect(r.api.status429).toBe(0);
      expect(r.orders).toMatchObject({ duplicates: 0, missing: 0 });
      expect(r.customers.lostUpdates).toBe(0);
    },
    2 * minutes,
  );

  it(
    'drill: fixed-sleep — 64 workers each sleeping 600 ms after a call: a 429 storm and a slower drain',
    async () => {
      const reference = await run('reference');
      const r = await run('fixed-sleep');
      expect(reference.api.status429Share).toBeLessThanOrEqual(0.001);
      expect(r.api.status429Share).toBeGreaterThan(0.1);
      expect(r.drain?.durationMs).toBeGreaterThan(1.2 * (reference.drain?.durationMs ?? Infinity));
      expect(r.orders.duplicates).toBe(0);
    },
    2 * minutes,
  );
});
