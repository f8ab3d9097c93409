import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { formatJsonReport, writeJsonReport } from '../reports/json-report.js';
import type { RunReport } from '../reports/report-model.js';
import { formatSummary } from '../reports/summary.js';
import { loadScenario } from '../scenarios/load-scenario.js';
import { resolveScenario, runScenario } from '../sim/run-scenario.js';
import type { CliIo } from './cli-io.js';
import { integerFlag } from './parse-flags.js';
import { createProgressLine } from './progress-line.js';

/** Options of `funnelstorm run`. */
export interface RunFlags {
  seed?: number;
  concurrency?: number;
  json?: string;
}

/**
 * `funnelstorm run <scenario>`: one simulated launch through the scenario's pipeline (`pipeline.name`: the
 * reference or a naive baseline), a summary, optionally the JSON report. Exit code 0 when the audit is
 * clean, 1 when it finds duplicate or missing orders or lost customer updates, 2 for bad input.
 */
export function runCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('run')
    .summary('simulate a funnel launch on a virtual clock and audit it')
    .description(
      'Simulate a funnel launch on a virtual clock: replay the scenario’s traffic through the scenario’s ' +
        'pipeline (`pipeline.name`: the reference or a naive baseline) against the mock Shopify, then audit ' +
        'it (duplicate and missing orders, lost customer updates, 429s, drain rate, latency).',
    )
    .argument('<scenario>', 'scenario file, YAML or JSON (e.g. scenarios/funnel-launch-standard.yaml)')
    .option(
      '-s, --seed <n>',
      'seed for every random choice; overrides the file’s (0 to 4294967295)',
      integerFlag('--seed', 0, 2 ** 32 - 1),
    )
    .option(
      '-c, --concurrency <n>',
      'pipeline workers; overrides the file’s (1 to 4096)',
      integerFlag('--concurrency', 1, 4096),
    )
    .option(
      '--json <file>',
      'also write the JSON report to <file> ("-" for stdout; the summary then goes to stderr)',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 audit clean · 1 duplicate or missing orders, or lost customer updates · ' +
        '2 bad scenario or flags.\n' +
        'The same scenario and seed always give the same JSON report, byte for byte.\n\n' +
        'Examples:\n' +
        '  funnelstorm run scenarios/funnel-launch-standard.yaml\n' +
        '  funnelstorm run scenarios/backlog-standard.yaml --seed 7 --concurrency 16 --json out.json',
    )
    .action(async (file: string, flags: RunFlags) => {
      const scenario = resolveScenario(loadScenario(file), flags);
      const say = flags.json === '-' ? io.stderr : io.stdout;
      io.stderr(
        `funnelstorm run ${file} · seed ${scenario.seed} · plan ${scenario.shop.plan} · ` +
          `pipeline ${scenario.pipeline.name} × ${scenario.pipeline.concurrency}\n`,
      );
      const startedMs = performance.now();
      const progress = io.progress ? createProgressLine(io.stderr) : undefined;
      const report = await runScenario(scenario, {}, { onProgress: progress?.update });
      progress?.clear();
      const wallMs = performance.now() - startedMs;
      say(`${formatSummary(report, { wallMs, color: io.color && flags.json !== '-' })}\n`);
      if (flags.json === '-') io.stdout(formatJsonReport(report));
      else if (flags.json !== undefined) {
        await writeJsonReport(flags.json, report);
        say(`JSON report written to ${flags.json}\n`);
      }
      setExitCode(auditFailed(report) ? 1 : 0);
    });
}

/**
 * Whether the run's audit failed (../shared/DESIGN.md, properties 1–3): a duplicate order, an order neither
 * in the shop nor dead-lettered, or a customer whose totals differ from its orders' — a lost update, which
 * includes a customer update the pipeline gave up on (the order exists, its customer never counted it).
 */
export function auditFailed(report: RunReport): boolean {
  return report.orders.duplicates > 0 || report.orders.missing > 0 || report.customers.lostUpdates > 0;
}
