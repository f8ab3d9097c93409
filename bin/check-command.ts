import { randomInt } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command, InvalidArgumentError, Option } from 'commander';
import { formatNumber } from '../reports/format-number.js';
import { scenarioDocumentToYaml } from '../scenarios/write-scenario.js';
import {
  defaultExploreOptions,
  exploreScenarios,
  type ExploreProgress,
  type ExploreResult,
} from '../sim/explore.js';
import type { CliIo } from './cli-io.js';
import { durationFlag, integerFlag } from './parse-flags.js';
import { assertWritablePath } from './writable-path.js';
import {
  loadChosenPipeline,
  pipelineFlag,
  pipelineFlagHelp,
  refuseModuleOnQueue,
  type PipelineChoice,
} from './pipeline-flag.js';
import { openSearchExecutor, queueOption } from './search-executor.js';
import { threadsOption } from './threads-flag.js';

/** Options of `funnelstorm check`. */
export interface CheckFlags {
  runs: number;
  seed?: number;
  path?: string;
  pipeline: PipelineChoice;
  timeBudget?: number;
  maxOrders: number;
  out?: string;
  threads: number;
  queue?: string;
}

/** How often a progress line is printed when stderr is not a terminal: every this share of the runs. */
const plainProgressShare = 0.1;

/** While shrinking, a progress line is printed (stderr not a terminal) every this many runs. */
const plainShrinkEvery = 50;

function pathFlag(value: string): string {
  if (/^\d+(:\d+)*$/.test(value)) return value;
  throw new InvalidArgumentError(
    `--path must be fast-check's replay path, numbers joined by ":" such as 17:3:0 (got "${value}").`,
  );
}

/**
 * `funnelstorm check`: hunts for a counterexample to the six properties of ../shared/DESIGN.md by running
 * generated scenarios (plans, traffic, webhook duplicates, customer skew, concurrency, fault schedules,
 * seeds) through a pipeline in the simulator (sim/explore.ts). Exit code 0 when every run held, 1 when a
 * property broke (the shrunk scenario is written as a file `funnelstorm run` replays), 2 for bad flags.
 */
export function checkCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('check')
    .summary('hunt for a scenario that breaks a property (no duplicates, nothing lost, …)')
    .description(
      'Run generated scenarios — every plan, launch shapes and volumes, duplicate and late webhooks, ' +
        'customer skew, worker counts, fault schedules with ambiguous commits and holder pauses — through a ' +
        'pipeline on the virtual clock, and check the six properties after each: no duplicates, nothing ' +
        'lost, no lost updates, mutual exclusion, bounded p99, rate discipline. A failing scenario is shrunk ' +
        'to a small one and written as a scenario file that `funnelstorm run` replays exactly.',
    )
    .option(
      '-n, --runs <n>',
      'generated scenarios to run (1 to 1000000)',
      integerFlag('--runs', 1, 1_000_000),
      defaultExploreOptions.runs,
    )
    .option(
      '-s, --seed <n>',
      'the search’s seed (0 to 4294967295); the same seed generates the same scenarios. Defaults to a random one, printed',
      integerFlag('--seed', 0, 2 ** 32 - 1),
    )
    .option(
      '--path <path>',
      'replay path printed with a counterexample (with its --seed): go straight to it',
      pathFlag,
    )
    .addOption(
      new Option('-p, --pipeline <name|file>', pipelineFlagHelp)
        .argParser(pipelineFlag)
        .default({ name: defaultExploreOptions.pipeline }, defaultExploreOptions.pipeline),
    )
    .option(
      '--time-budget <duration>',
      'stop after this much wall time, e.g. 60s or 5m (shrinking included)',
      durationFlag('--time-budget', 24 * 3_600_000),
    )
    .option(
      '--max-orders <n>',
      'the most orders one generated scenario has (1 to 5000)',
      integerFlag('--max-orders', 1, 5000),
      defaultExploreOptions.maxOrders,
    )
    .option(
      '-o, --out <file>',
      'where to write a counterexample (default: counterexample-<pipeline>-<seed>.yaml)',
    )
    .addOption(threadsOption())
    .addOption(queueOption())
    .addHelpText(
      'after',
      '\nExit codes: 0 every run held (or the time budget ran out first; it says so) · 1 a property broke · ' +
        '2 bad flags.\n' +
        'The run prints its seed first; a counterexample comes with the seed and path that reproduce it.\n\n' +
        'Examples:\n' +
        '  funnelstorm check --runs 2000\n' +
        '  funnelstorm check --runs 2000 --threads 1\n' +
        '  funnelstorm check --runs 20000 --queue redis://127.0.0.1:6379   (with `funnelstorm worker` running)\n' +
        '  funnelstorm check --pipeline no-idempotency --time-budget 60s\n' +
        '  funnelstorm check --pipeline ./my-pipeline.ts --runs 200   (your own module, docs/pipeline.md)\n' +
        '  funnelstorm check --pipeline no-mutex --seed 42 --path 3:1:0',
    )
    .action(async (flags: CheckFlags) => {
      if (flags.out !== undefined) assertWritablePath('--out', flags.out);
      refuseModuleOnQueue(flags.pipeline, flags.queue);
      const module = await loadChosenPipeline(flags.pipeline);
      const pipeline = module?.name ?? ('name' in flags.pipeline ? flags.pipeline.name : 'reference');
      const seed = flags.seed ?? randomInt(2 ** 32);
      io.stderr(
        `funnelstorm check · pipeline ${pipeline} · ${formatNumber(flags.runs)} runs · seed ${seed}` +
          `${flags.path === undefined ? '' : ` · path ${flags.path}`} · up to ${flags.maxOrders} orders each` +
          `${flags.timeBudget === undefined ? '' : ` · time budget ${flags.timeBudget / 1000} s`}\n`,
      );
      const startedMs = performance.now();
      const progress = progressReporter(io);
      const executor = await openSearchExecutor({ ...flags, pipeline: module }, io);
      const result = await exploreScenarios({
        ...('name' in flags.pipeline && { pipeline: flags.pipeline.name }),
        runs: flags.runs,
        seed,
        maxOrders: flags.maxOrders,
        ...(flags.path !== undefined && { path: flags.path }),
        ...(flags.timeBudget !== undefined && { signal: AbortSignal.timeout(flags.timeBudget) }),
        executor,
        onRun: progress.update,
      }).finally(() => executor.close());
      progress.clear();
      const wallSeconds = (performance.now() - startedMs) / 1000;
      io.stdout(`${formatCoverage(result)}\n`);
      const counterexample = result.counterexample;
      if (counterexample === undefined) {
        const how = result.interrupted
          ? `the time budget ran out after ${formatNumber(result.runs)} of ${formatNumber(flags.runs)} runs`
          : `${formatNumber(result.runs)} runs`;
        io.stdout(`No counterexample: every property held in ${how} (${wallSeconds.toFixed(1)} s).\n`);
        setExitCode(0);
        return;
      }
      const file =
        flags.out ??
        `counterexample-${module ? basename(pipeline, extname(pipeline)) : pipeline}-${seed}.yaml`;
      // A module's counterexample replays through the same module: `run` takes it with --pipeline.
      const replay = `npx funnelstorm run ${file}${module ? ` --pipeline ${pipeline}` : ''}`;
      const lines = counterexample.broken.map(
        (verdict) =>
          `property ${verdict.property} broke${verdict.orderIds.length > 0 ? ` for ${verdict.orderIds.join(', ')}` : ''}: ${verdict.detail}`,
      );
      const reproduce = `npx funnelstorm check --pipeline ${pipeline} --seed ${seed} --path ${counterexample.path}`;
      await writeFile(
        file,
        scenarioDocumentToYaml(counterexample.document, {
          header: [
            `Counterexample found by funnelstorm check (pipeline ${pipeline}, seed ${seed}, path ${counterexample.path}):`,
            ...lines,
            ...(module ? [`Pipeline module: ${pipeline}`] : []),
            `Replay it: ${replay}`,
            `Reproduce the search: ${reproduce}`,
          ],
        }),
      );
      io.stdout(
        `Counterexample after ${formatNumber(result.runs)} runs, shrunk in ${counterexample.shrinks} steps to ` +
          `${counterexample.orders} order(s) (${wallSeconds.toFixed(1)} s):\n` +
          lines.map((line) => `  ${line}\n`).join('') +
          `Written to ${file}\n  replay it:  ${replay}\n  reproduce:  ${reproduce}\n`,
      );
      setExitCode(1);
    });
}

/** The fault classes the generated scenarios covered, and how often each property applied. */
function formatCoverage(result: ExploreResult): string {
  const classes = Object.entries(result.coverage)
    .map(([name, count]) => `${name} ${formatNumber(count)}`)
    .join(' · ');
  const applied = Object.entries(result.applied)
    .map(([name, count]) => `${name} ${formatNumber(count)}`)
    .join(' · ');
  const ratio =
    result.medianP99Ratio === undefined
      ? ''
      : `\nBounded p99: median p99 / bound ${result.medianP99Ratio.toFixed(2)} over the ` +
        `${formatNumber(result.applied['bounded-p99'])} runs where a bound was claimed`;
  return (
    `Fault classes covered (runs): ${classes}\nProperties checked (runs where each applied): ${applied}` +
    ratio
  );
}

/** Progress on stderr: a line redrawn in place on a terminal, else a line every tenth of the runs. */
function progressReporter(io: CliIo): { update: (progress: ExploreProgress) => void; clear: () => void } {
  let lastDrawMs = performance.now();
  let drawn = false;
  let nextPlainAt = 0;
  const describe = (p: ExploreProgress): string =>
    p.shrinking
      ? `counterexample found after ${formatNumber(p.runs)} runs; shrinking (${formatNumber(p.shrinkRuns)} runs)`
      : `${formatNumber(p.runs)} of ${formatNumber(p.plannedRuns)} runs`;
  return {
    update(progress) {
      if (io.progress) {
        const nowMs = performance.now();
        if (nowMs - lastDrawMs < 200) return;
        lastDrawMs = nowMs;
        drawn = true;
        io.stderr(`\r\u001b[K  ${describe(progress)}`);
        return;
      }
      if (progress.shrinking) {
        // Shrinking can take as long as the search: say when it starts, then every 50 runs.
        if (progress.shrinkRuns % plainShrinkEvery !== 1) return;
        io.stderr(`  ${describe(progress)}\n`);
        return;
      }
      const step = Math.max(1, Math.ceil(progress.plannedRuns * plainProgressShare));
      if (progress.runs < Math.max(nextPlainAt, step)) return;
      nextPlainAt = progress.runs + step;
      io.stderr(`  ${describe(progress)}\n`);
    },
    clear() {
      if (drawn) io.stderr('\r\u001b[K');
    },
  };
}
