import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RunReport } from '../reports/report-model.js';
import { loadScenario } from '../scenarios/load-scenario.js';
import { runScenario } from '../sim/run-scenario.js';

/** The shipped backlog scenarios the drain benchmark runs (issue 4, acceptance 4). */
export const drainScenarios = ['backlog-standard.yaml', 'backlog-plus.yaml'] as const;

/** One backlog's figures: the run's report, and the wall time it took (context only). */
export interface PipelineDrainResult {
  /** The scenario file, relative to the package root. */
  file: string;
  report: RunReport;
  wallMs: number;
}

/**
 * The scenarios folder, found from this file whether it runs from `bench/` (through a TypeScript runner)
 * or from `dist/bench/` (`npm run bench`).
 */
function scenariosDir(): string {
  const candidates = [
    join(import.meta.dirname, '..', '..', 'scenarios'),
    join(import.meta.dirname, '..', 'scenarios'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, drainScenarios[0])));
  if (found === undefined)
    throw new Error(`No scenarios folder with ${drainScenarios[0]} in ${candidates.join(' or ')}`);
  return found;
}

/**
 * The reference pipeline on a backlog, in the simulator (../shared/DESIGN.md, "pipeline drain: ≥ 99 % of
 * the plan's leak rate on a backlog, with ≤ 0.1 % 429s"): each scenario runs once with its own seed, and
 * its report's `api.leakUtilisation` (the sustained call rate after the first bucketful, against the
 * plan's leak rate) and `api.status429Share` are the figures. The reference is the plan's leak rate
 * itself — the most any client can sustain — so the ratio does not depend on the machine. Runs in a few
 * seconds of wall time: virtual time does the waiting.
 */
export async function benchPipelineDrain(
  files: readonly string[] = drainScenarios,
): Promise<PipelineDrainResult[]> {
  const dir = scenariosDir();
  const results: PipelineDrainResult[] = [];
  for (const name of files) {
    const scenario = loadScenario(join(dir, name));
    const startedMs = performance.now();
    const report = await runScenario(scenario);
    results.push({ file: `scenarios/${name}`, report, wallMs: performance.now() - startedMs });
  }
  return results;
}
