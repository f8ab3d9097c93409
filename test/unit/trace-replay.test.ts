import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyReplayFlags } from '../../bin/replay-flags.js';
import { createRandom } from '../../runtime/seeded-random.js';
import { loadScenario } from '../../scenarios/load-scenario.js';
import { runScenario, simulateScenario } from '../../sim/run-scenario.js';

// Issue 17, acceptance 2: a trace replays in the simulator with every arrival at its recorded offset, and
// --speed / --scale change its duration and volume as documented (docs/scenario-format.md).

const heavyRunTimeoutMs = 120_000;
const folder = mkdtempSync(join(tmpdir(), 'funnelstorm-replay-'));

/** A trace of `lines` orders with whole-millisecond gaps drawn from `seed`, as ISO timestamps; returns its offsets. */
function writeTrace(name: string, lines: number, seed: number): { path: string; offsetsMs: number[] } {
  const random = createRandom(seed).fork('trace');
  const startMs = Date.UTC(2026, 10, 27, 15, 0, 0);
  const offsetsMs: number[] = [];
  let at = 0;
  const rows = ['at,Email,Total'];
  for (let i = 0; i < lines; i++) {
    // Gaps of 0 … 400 ms, some equal times among them: a launch's burst.
    // The first order is the trace's start: offsets count from it.
    if (i > 0) at += Math.floor(random.next() * 401) * (random.next() < 0.1 ? 0 : 1);
    offsetsMs.push(at);
    rows.push(
      `${new Date(startMs + at).toISOString()},buyer-${i % 700}@example.com,${(20 + (i % 50)).toFixed(2)}`,
    );
  }
  const path = join(folder, name);
  writeFileSync(path, `${rows.join('\n')}\n`);
  return { path, offsetsMs };
}

function scenarioFor(trace: string, name: string): string {
  const path = join(folder, `${name}.yaml`);
  writeFileSync(
    path,
    `name: ${name}\nseed: 3\nshop: { plan: enterprise }\ntraffic:\n  customers: 700\n  phases:\n` +
      `    - { arrival: trace, file: ${trace} }\npipeline: { concurrency: 64 }\n`,
  );
  return path;
}

describe('trace replay in the simulator', () => {
  it(
    'replays a 10,000-line trace with every arrival at its recorded offset, exactly (seed=3)',
    async () => {
      const trace = writeTrace('ten-thousand.csv', 10_000, 1717);
      const { report, evidence: run } = await simulateScenario(
        loadScenario(scenarioFor(trace.path, 'exact')),
      );
      const evidence = { deliveries: [...run.deliveries], orders: [...run.orders] };
      expect(evidence.deliveries.map((d) => d.atMs)).toEqual(trace.offsetsMs);
      expect(evidence.orders.map((o) => o.arrivalMs)).toEqual(trace.offsetsMs);
      expect(report.orders).toMatchObject({ generated: 10_000, created: 10_000, duplicates: 0, missing: 0 });
      // Each order keeps its recorded total (cents) and its customer (the email, hashed).
      expect(evidence.orders.slice(0, 3).map((o) => o.totalCents)).toEqual([2000, 2100, 2200]);
      const byEmail = evidence.orders.filter((_, i) => i % 700 === 5).map((o) => o.customerId);
      expect(new Set(byEmail).size).toBe(1);
    },
    heavyRunTimeoutMs,
  );

  it(
    '--speed 10 replays the same orders in a tenth of the time; --scale 3 three times the orders in the same time',
    async () => {
      const trace = writeTrace('thousand.csv', 1000, 1718);
      const scenario = loadScenario(scenarioFor(trace.path, 'factors'));
      const spanMs = trace.offsetsMs[trace.offsetsMs.length - 1]!;
      const faster = await simulateScenario(applyReplayFlags(scenario, { speed: 10 }, 'factors.yaml'));
      const fasterOrders = [...faster.evidence.orders];
      expect(fasterOrders).toHaveLength(1000);
      fasterOrders.forEach((order, i) => expect(order.arrivalMs).toBeCloseTo(trace.offsetsMs[i]! / 10, 6));
      expect(fasterOrders[999]!.arrivalMs).toBeCloseTo(spanMs / 10, 6);

      const more = await simulateScenario(applyReplayFlags(scenario, { scale: 3 }, 'factors.yaml'));
      expect(more.report.orders).toMatchObject({ generated: 3000, created: 3000, duplicates: 0, missing: 0 });
      const arrivals = [...more.evidence.orders].map((o) => o.arrivalMs);
      expect(arrivals[0]).toBe(0);
      expect(arrivals[arrivals.length - 1]).toBe(spanMs);
      // Every recorded time is still there (the first copy of each order keeps it).
      const times = new Set(arrivals);
      expect(trace.offsetsMs.every((t) => times.has(t))).toBe(true);
    },
    heavyRunTimeoutMs,
  );
});

describe('shipped traffic scenarios', () => {
  for (const file of ['trace-replay.yaml', 'launch-shapes.yaml'])
    it(
      `${file} runs clean through the reference (plan=standard, seed=1)`,
      async () => {
        const scenario = loadScenario(join(import.meta.dirname, '..', '..', 'scenarios', file));
        const started = process.cpuUsage();
        const report = await runScenario(scenario);
        const cpu = process.cpuUsage(started);
        console.info(
          `${file}: ${report.orders.generated} orders, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU`,
        );
        expect(report.orders.generated).toBeGreaterThan(400);
        expect(report.orders).toMatchObject({ duplicates: 0, missing: 0, deadLettered: 0 });
        expect(report.customers.lostUpdates).toBe(0);
        expect(report.properties?.every((verdict) => verdict.holds !== false)).toBe(true);
      },
      heavyRunTimeoutMs,
    );
});
