import { basename, dirname, extname, join } from 'node:path';
import { writeJsonReport } from '../reports/json-report.js';
import type { RunReport } from '../reports/report-model.js';
import { formatNumber } from '../reports/format-number.js';
import { formatSummary } from '../reports/summary.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { FunnelstormError } from '../runtime/errors.js';
import { orderedWindow } from '../sim/ordered-window.js';
import type { LoadedPipeline } from '../sim/load-pipeline-module.js';
import { createRunPool } from '../sim/run-pool.js';
import { resolveScenario } from '../sim/run-scenario.js';
import type { CliIo } from './cli-io.js';
import { auditFailed, brokenProperties, propertyBrokeMessage } from './run-command.js';

/** What `funnelstorm run --seeds` needs. */
export interface RunSeedsOptions {
  /** The scenario as loaded, before the seed override (other overrides applied). */
  scenario: Scenario;
  seeds: readonly number[];
  threads: number;
  /** `--json`: each seed's report goes to this path with `-seed-<n>` before its extension. */
  json?: string;
  /** Runs one resolved scenario in this thread (the command's seam). */
  run: (scenario: Scenario) => Promise<RunReport>;
  /** A user's pipeline module every seed runs through (each worker thread loads it too). */
  pipeline?: LoadedPipeline | undefined;
}

/**
 * `funnelstorm run <scenario> --seeds 1..8`: the scenario once per seed, on `threads` worker threads, each
 * report exactly what `run --seed <n>` gives. Prints each seed's summary in seed order as it is ready,
 * then one table of all seeds. Returns the exit code: 1 when any seed's audit failed or a property broke.
 */
export async function runSeeds(io: CliIo, options: RunSeedsOptions): Promise<number> {
  if (options.json === '-')
    throw new FunnelstormError(
      'FLAG_INVALID',
      '--json - writes one report to stdout; with --seeds give a file name (each seed gets its own file).',
    );
  const { pipeline } = options;
  const pool = options.threads > 1 ? createRunPool(options.threads, { pipeline }) : undefined;
  const report = (scenario: Scenario) => pool?.report(scenario) ?? options.run(scenario);
  const reports: RunReport[] = [];
  let failed = false;
  try {
    await orderedWindow(
      options.seeds.map((seed) => resolveScenario(options.scenario, { seed })),
      report,
      (result) => {
        reports.push(result);
        io.stdout(`\n── seed ${result.seed} ──\n${formatSummary(result, { color: io.color })}\n`);
        const broken = brokenProperties(result);
        for (const verdict of broken) io.stderr(`seed ${result.seed}: ${propertyBrokeMessage(verdict)}\n`);
        failed ||= auditFailed(result) || broken.length > 0;
        return true;
      },
      { width: pool === undefined ? 1 : options.threads * 2 },
    );
  } finally {
    await pool?.close();
  }
  io.stdout(`\n${formatSeedsTable(reports)}\n`);
  if (options.json !== undefined) {
    for (const result of reports) await writeJsonReport(seedJsonPath(options.json, result.seed), result);
    io.stdout(`JSON reports written to ${seedJsonPath(options.json, '<seed>')}\n`);
  }
  return failed ? 1 : 0;
}

/** `out/run.json` → `out/run-seed-7.json`: where `--json` puts one seed's report. */
export function seedJsonPath(file: string, seed: number | string): string {
  const extension = extname(file);
  return join(dirname(file), `${basename(file, extension)}-seed-${seed}${extension}`);
}

/** The combined view: one row per seed, with the figures a comparison of seeds needs. */
export function formatSeedsTable(reports: readonly RunReport[]): string {
  const header = [
    'seed',
    'created',
    'duplicates',
    'missing',
    'lost updates',
    'dead letters',
    '429s',
    'p99 ms',
  ];
  const rows = reports.map((report) => [
    String(report.seed),
    formatNumber(report.orders.created),
    formatNumber(report.orders.duplicates),
    formatNumber(report.orders.missing),
    formatNumber(report.customers.lostUpdates),
    formatNumber(report.orders.deadLettered),
    formatNumber(report.api.status429),
    formatNumber(report.latencyMs.endToEnd.p99),
    brokenProperties(report)
      .map((verdict) => verdict.property)
      .join(', '),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i < widths.length ? cell.padStart(widths[i] ?? 0) : cell))
      .join('  ')
      .trimEnd();
  const failing = reports.filter((report) => auditFailed(report) || brokenProperties(report).length > 0);
  return [
    `All ${reports.length} seeds:`,
    line([...header, 'broken properties']),
    ...rows.map(line),
    `${failing.length} of ${reports.length} seeds failed${failing.length > 0 ? `: ${failing.map((r) => r.seed).join(', ')}` : ''}.`,
  ].join('\n');
}
