import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadScenario } from '../scenarios/load-scenario.js';
import { runKneeSweep } from '../sim/knee-sweep.js';
import { measureKneePoint } from '../sim/measure-knee-point.js';
import { simKneePointRunner } from '../sim/sim-knee-runner.js';

/** What {@link benchKneeSweep} measured. */
export interface KneeSweepBench {
  file: string;
  points: number;
  seeds: number;
  runs: number;
  threads: number;
  /** Wall time of the whole sweep, in ms. */
  wallMs: number;
  /** CPU time of the process over the sweep (every thread), in ms. */
  cpuMs: number;
  /** Wall time of one point measured alone in this thread (concurrency 8, seed 1), in ms: the reference. */
  singleRunMs: number;
}

/** Issue 15's budget for acceptance 3, in ms: a 32-point sweep × 3 seeds under 60 s of wall time. */
export const kneeSweepBudgetMs = 60_000;

/**
 * Issue 15, acceptance 3: the 32-point sweep (concurrency 1..32) × 3 seeds of the shipped funnel-launch
 * scenario on every core, as `funnelstorm knee scenarios/funnel-launch-standard.yaml --concurrency 1..32
 * --seeds 3 --no-sensitivity` runs it. The reference measured in the same run: one point alone in this
 * thread, so the sweep's per-run wall time reads as a multiple of it.
 */
export async function benchKneeSweep(): Promise<KneeSweepBench> {
  // From dist/bench/ (npm run bench) or bench/ (tsx): the shipped scenarios are not compiled.
  const file =
    [join(import.meta.dirname, '..', '..'), join(import.meta.dirname, '..')]
      .map((root) => join(root, 'scenarios', 'funnel-launch-standard.yaml'))
      .find((path) => existsSync(path)) ?? 'scenarios/funnel-launch-standard.yaml';
  const scenario = loadScenario(file);
  const plan = scenario.shop.plan;
  const concurrency = Array.from({ length: 32 }, (_, i) => i + 1);
  const seeds = [1, 2, 3];
  const job = { scenario, scenarioFile: file, plan, concurrency: 8, rateScale: 1, seed: 1 };
  await measureKneePoint(job); // warm the JIT, as the threads will be once running
  const singleStart = performance.now();
  await measureKneePoint(job);
  const singleRunMs = performance.now() - singleStart;
  const threads = availableParallelism();
  const runner = simKneePointRunner({ threads });
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  try {
    await runKneeSweep(
      {
        scenarioFile: file,
        plans: [{ plan, scenario }],
        concurrency,
        seeds,
        mode: 'sim',
        width: runner.width,
      },
      runner.run,
    );
  } finally {
    await runner.close();
  }
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return {
    file: 'scenarios/funnel-launch-standard.yaml',
    points: concurrency.length,
    seeds: seeds.length,
    runs: concurrency.length * seeds.length,
    threads,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    singleRunMs,
  };
}

/** The bench's lines for the knee sweep. */
export function formatKneeSweepBench(b: KneeSweepBench): string {
  const perRunMs = b.wallMs / b.runs;
  const ok = b.wallMs < kneeSweepBudgetMs;
  return (
    `knee sweep              ${(b.wallMs / 1000).toFixed(1)} s wall = ${(b.wallMs / kneeSweepBudgetMs).toFixed(3)} × the 60 s budget  ` +
    `(budget < 1: ${ok ? 'within budget' : 'OVER BUDGET'})\n` +
    `  ${b.file}: ${b.points} points × ${b.seeds} seeds = ${b.runs} runs on ${b.threads} threads, no sensitivity sweep\n` +
    `  ${perRunMs.toFixed(0)} ms wall per run = ${(perRunMs / b.singleRunMs).toFixed(3)} × one point alone in this thread ` +
    `(${b.singleRunMs.toFixed(0)} ms); ${(b.cpuMs / 1000).toFixed(1)} s CPU over all threads (${(b.cpuMs / b.runs).toFixed(0)} ms per run)`
  );
}
