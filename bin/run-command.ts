import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { formatJsonReport, writeJsonReport } from '../reports/json-report.js';
import type { PropertyVerdict, RunReport } from '../reports/report-model.js';
import type { Threshold } from '../reports/thresholds.js';
import { formatSummary } from '../reports/summary.js';
import { wrapLine } from '../reports/wrap-line.js';
import { loadScenario } from '../scenarios/load-scenario.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { FunnelstormError } from '../runtime/errors.js';
import { brokenProperties as brokenVerdicts } from '../sim/properties/check-properties.js';
import { estimateRun } from '../sim/estimate-run.js';
import { resolveScenario, runScenario, type RunScenarioOptions } from '../sim/run-scenario.js';
import type { CliIo } from './cli-io.js';
import { integerFlag } from './parse-flags.js';
import { pipelineFlag, pipelineFlagHelp, type PipelineChoice } from './pipeline-flag.js';
import { choosePipeline, moduleFailure } from './run-pipeline.js';
import { createProgressLine } from './progress-line.js';
import { applyReplayFlags, replayFactorFlag } from './replay-flags.js';
import { checkRunBudget, describeEstimate } from './run-budget.js';
import { assertWritablePath } from './writable-path.js';
import { runSeeds } from './run-seeds.js';
import {
  overrideValidator,
  planOption,
  setOption,
  type ScenarioOverrideOptions,
} from './scenario-override-flags.js';
import { seedsFlag } from './seeds-flag.js';
import { threadsOption } from './threads-flag.js';
import { finishRun } from './finish-run.js';
import { runThresholds, thresholdFlag } from './run-thresholds.js';

/** Options of `funnelstorm run`. */
export interface RunFlags extends ScenarioOverrideOptions {
  seed?: number;
  seeds?: number[];
  threads: number;
  concurrency?: number;
  json?: string;
  force?: boolean;
  /** `--threshold` expressions, parsed. */
  threshold?: Threshold[];
  /** `--out DIR`: write summary.json, summary.md, junit.xml and report.html there. */
  out?: string;
  /** `--quiet`: no summary; only failures on stderr. */
  quiet?: boolean;
  /** `--speed` and `--scale`: how trace phases replay (bin/replay-flags.ts). */
  speed?: number;
  scale?: number;
  /** `--pipeline`: a built-in pipeline instead of the file's, or a user's pipeline module. */
  pipeline?: PipelineChoice;
}

/** Seams of {@link runCommand}, for tests. */
export interface RunCommandOptions {
  /** Runs the resolved scenario and returns its report. Defaults to the simulator's `runScenario`. */
  run?: (scenario: Scenario, options: RunScenarioOptions) => Promise<RunReport>;
}

/** How many of a broken property's order ids the one-line message on stderr names. */
const orderIdsNamed = 3;

/**
 * `funnelstorm run <scenario>`: one simulated launch through the scenario's pipeline (`pipeline.name`: the
 * reference or a naive baseline), a summary with the property verdicts, optionally the JSON report. Exit
 * code 0 when the audit is clean and no property is broken, 1 when the audit finds duplicate or missing
 * orders or lost customer updates or a property is broken (each broken one named on stderr), 2 for bad
 * input.
 */
export function runCommand(
  io: CliIo,
  setExitCode: (code: number) => void,
  options: RunCommandOptions = {},
): Command {
  const run = options.run ?? ((scenario, runOptions) => runScenario(scenario, {}, runOptions));
  return new Command('run')
    .summary('simulate a funnel launch on a virtual clock and audit it')
    .description(
      'Simulate a funnel launch on a virtual clock: replay the scenario’s traffic through the scenario’s ' +
        'pipeline (`pipeline.name`: the reference or a naive baseline; or --pipeline, your own module) against the mock Shopify, then audit ' +
        'it (duplicate and missing orders, lost customer updates, 429s, drain rate, latency) and judge the ' +
        'six properties (no duplicates, nothing lost, no lost updates, mutual exclusion, bounded p99, rate ' +
        'discipline).',
    )
    .argument('<scenario>', 'scenario file, YAML or JSON (e.g. scenarios/funnel-launch-standard.yaml)')
    .option(
      '-s, --seed <n>',
      'seed for every random choice; overrides the file’s (0 to 4294967295)',
      integerFlag('--seed', 0, 2 ** 32 - 1),
    )
    .option(
      '--seeds <list>',
      'run once per seed, e.g. 1..8 or 3,7,10..12: each seed’s summary, then a table of all (see --threads)',
      seedsFlag,
    )
    .addOption(threadsOption())
    .addOption(planOption())
    .addOption(setOption())
    .option(
      '-c, --concurrency <n>',
      'pipeline workers; overrides the file’s (1 to 4096)',
      integerFlag('--concurrency', 1, 4096),
    )
    .option(
      '--speed <x>',
      'replay trace phases x times faster: each recorded gap ÷ x, same orders (above 0, at most 10000)',
      replayFactorFlag('--speed'),
    )
    .option(
      '--scale <x>',
      'replay trace phases at x times their volume: ⌊x⌋ copies of each order (extra copies jittered within the gap to the next order), one more with chance x − ⌊x⌋ (thinning when x < 1)',
      replayFactorFlag('--scale'),
    )
    .option('--force', 'run even when the estimated memory exceeds what this process may use')
    .option(
      '--json <file>',
      'also write the JSON report to <file> ("-" for stdout; the summary then goes to stderr); with --seeds, ' +
        'one file per seed: out.json → out-seed-1.json, …',
    )
    .option(
      '-t, --threshold <expr>',
      'a pass mark such as "p99 < 30s", "duplicates == 0" or "rate429 < 0.01"; repeatable, added to the file’s',
      thresholdFlag,
    )
    .option('-p, --pipeline <name|file>', `${pipelineFlagHelp}; overrides the file’s`, pipelineFlag)
    .option('-o, --out <dir>', 'write summary.json, summary.md, junit.xml and report.html into <dir>')
    .option('-q, --quiet', 'print no summary; only what failed, on stderr')
    .addHelpText(
      'after',
      '\nExit codes: 0 audit clean, no property broken, every threshold met · 1 duplicate or missing orders, ' +
        'lost customer updates, or a broken property or failed threshold (each named on stderr) · 2 bad ' +
        'scenario or flags, or a run estimated to need more memory than this process has (--force runs it anyway).\n' +
        'The same scenario and seed always give the same JSON report, byte for byte.\n\n' +
        'Examples:\n' +
        '  funnelstorm run scenarios/funnel-launch-standard.yaml\n' +
        '  funnelstorm run scenarios/backlog-standard.yaml --seed 7 --concurrency 16 --json out.json\n' +
        '  funnelstorm run scenarios/backlog-standard.yaml --seeds 1..8 --json out.json   (out-seed-1.json, …)\n' +
        '  funnelstorm run scenarios/backlog-standard.yaml --plan plus --set network.roundTripMs=400\n' +
        '  funnelstorm run scenarios/trace-replay.yaml --speed 10 --scale 3   (last launch, 10× faster, 3× the orders)\n' +
        '  funnelstorm run scenarios/funnel-launch-standard.yaml --pipeline ./my-pipeline.ts',
    )
    .action(async (file: string, flags: RunFlags) => {
      if (flags.json !== undefined && flags.json !== '-')
        assertWritablePath('--json', flags.json, { createsFolders: true });
      if (flags.out !== undefined)
        assertWritablePath('--out', join(flags.out, 'summary.json'), { createsFolders: true });
      const chosen = await choosePipeline(loadScenario(file, overrideValidator(flags)), flags.pipeline);
      if (flags.seeds !== undefined) {
        if (flags.seed !== undefined)
          throw new FunnelstormError('FLAG_INVALID', '--seed and --seeds cannot be given together.');
        const scenario = applyReplayFlags(
          resolveScenario(chosen.scenario, { concurrency: flags.concurrency }),
          flags,
          file,
        );
        checkRunBudget(file, estimateRun(scenario), { force: flags.force ?? false });
        io.stderr(
          `funnelstorm run ${file} · seeds ${flags.seeds.join(', ')} · plan ${scenario.shop.plan} · ` +
            `pipeline ${chosen.name} × ${scenario.pipeline.concurrency} · ${flags.threads} threads\n`,
        );
        const runOne = (resolved: Scenario) => run(resolved, chosen.options);
        setExitCode(
          await runSeeds(io, {
            ...flags,
            seeds: flags.seeds,
            scenario,
            run: runOne,
            pipeline: chosen.options.pipeline,
          }),
        );
        return;
      }
      const scenario = applyReplayFlags(resolveScenario(chosen.scenario, flags), flags, file);
      const estimate = estimateRun(scenario);
      checkRunBudget(file, estimate, { force: flags.force ?? false });
      const thresholds = runThresholds(scenario.thresholds, flags.threshold ?? [], file);
      const loud = flags.quiet !== true;
      const say = !loud ? () => undefined : flags.json === '-' ? io.stderr : io.stdout;
      if (loud) {
        io.stderr(
          `${wrapLine(
            `funnelstorm run ${file} · seed ${scenario.seed} · plan ${scenario.shop.plan} · ` +
              `pipeline ${chosen.name} × ${scenario.pipeline.concurrency}`,
            80,
            4,
          )}\n`,
        );
        io.stderr(`${describeEstimate(estimate)}\n`);
      }
      const startedMs = performance.now();
      const progress = io.progress
        ? createProgressLine(io.stderr, undefined, estimate.cpuSeconds)
        : undefined;
      progress?.start(estimate.deliveries);
      const report = await run(scenario, {
        ...(progress && { onProgress: progress.update }),
        recordSeries: flags.out !== undefined,
        ...chosen.options,
      }).catch((error: unknown) => {
        progress?.clear();
        const failure = moduleFailure(error, chosen.options.pipeline);
        if (failure === undefined) throw error;
        io.stderr(`${failure}\n`);
        return undefined;
      });
      progress?.clear();
      if (report === undefined) {
        setExitCode(1);
        return;
      }
      const wallMs = performance.now() - startedMs;
      say(`${formatSummary(report, { wallMs, color: io.color && flags.json !== '-' })}\n`);
      if (flags.json === '-') io.stdout(formatJsonReport(report));
      else if (flags.json !== undefined) {
        await writeJsonReport(flags.json, report);
        say(`JSON report written to ${flags.json}\n`);
      }
      const broken = brokenProperties(report);
      for (const verdict of broken) io.stderr(`${propertyBrokeMessage(verdict)}\n`);
      const passed = await finishRun(io, say, report, thresholds, {
        failedBefore: auditFailed(report) || broken.length > 0,
        color: io.color && flags.json !== '-',
        ...(flags.out !== undefined && { out: flags.out }),
      });
      setExitCode(passed ? 0 : 1);
    });
}

/** The verdicts of the report's properties that apply and do not hold, in report order; none without any. */
export function brokenProperties(report: RunReport): PropertyVerdict[] {
  return brokenVerdicts(report.properties ?? []);
}

/**
 * The line on stderr for a broken property: `funnelstorm run: property no-duplicates broke (so-000002);
 * see the Properties block`, naming its first three order ids and how many more.
 */
export function propertyBrokeMessage(verdict: PropertyVerdict): string {
  const named = verdict.orderIds.slice(0, orderIdsNamed).join(', ');
  const more = verdict.orderIds.length - orderIdsNamed;
  const ids = named === '' ? '' : ` (${named}${more > 0 ? ` and ${more} more` : ''})`;
  return `funnelstorm run: property ${verdict.property} broke${ids}; see the Properties block`;
}

/**
 * Whether the run's audit failed (../shared/DESIGN.md, properties 1–3): a duplicate order, an order neither
 * in the shop nor dead-lettered, or a customer whose totals differ from its orders' — a lost update, which
 * includes a customer update the pipeline gave up on (the order exists, its customer never counted it).
 */
export function auditFailed(report: RunReport): boolean {
  return report.orders.duplicates > 0 || report.orders.missing > 0 || report.customers.lostUpdates > 0;
}
