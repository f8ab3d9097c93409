import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { analyseKnee } from '../reports/knee-analysis.js';
import { formatKnee } from '../reports/format-knee.js';
import { kneeHtml } from '../reports/knee-html.js';
import { kneeMarkdown } from '../reports/knee-markdown.js';
import type { KneeAnalysis, KneeSweep } from '../reports/knee-model.js';
import { kneeDocument } from '../reports/knee-schema.js';
import { writeFiles } from '../reports/write-outputs.js';
import { FunnelstormError } from '../runtime/errors.js';
import { loadScenario } from '../scenarios/load-scenario.js';
import { validateWithOverrides, type ScenarioSet } from '../scenarios/scenario-overrides.js';
import { runKneeSensitivity } from '../sim/knee-sensitivity.js';
import { runKneeSweep, type KneeSweepOptions } from '../sim/knee-sweep.js';
import { simKneePointRunner } from '../sim/sim-knee-runner.js';
import type { CliIo } from './cli-io.js';
import { createKneeProgress } from './knee-progress.js';
import { concurrencyGridFlag, kneeSeedsFlag, plansFlag, ratesFlag } from './knee-flags.js';
import { liveKneeRunner, timeScaleFlag } from './knee-live.js';
import { integerFlag } from './parse-flags.js';
import { setOption } from './scenario-override-flags.js';
import { threadsOption } from './threads-flag.js';
import { assertWritablePath } from './writable-path.js';

/** Options of `funnelstorm knee`. */
export interface KneeFlags {
  concurrency: number[];
  plans?: string[];
  rates?: number[];
  seeds: number[];
  threads: number;
  set?: ScenarioSet[];
  json?: string;
  out?: string;
  markdown?: string;
  mode: 'sim' | 'live';
  redis?: string;
  processes?: number;
  timeScale?: number;
  sensitivity: boolean;
}

/** The files `knee --out DIR` writes. */
export const kneeOutputFiles = ['knee.json', 'knee.md', 'knee.html'] as const;

/**
 * `funnelstorm knee <scenario>`: sweeps concurrency (and plans, arrival rates, seeds), finds the knee and
 * recommends a concurrency with its evidence; prints the table, optionally writes JSON, Markdown and the
 * HTML chart. Exit 0 with a recommendation for every plan, 1 when a plan has none (its text says why), 2
 * for bad input.
 */
export function kneeCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('knee')
    .summary('sweep concurrency, find the knee and recommend how many workers to run')
    .description(
      'Capacity planning: run the scenario at each concurrency (and on each plan, at each arrival rate, for ' +
        'each seed), measure throughput over the window in which a backlog existed, p50/p99, queue wait, 429s ' +
        'and dead letters, then find the knee (Kneedle), fit the Universal Scalability Law, cross-check with ' +
        'Little’s law and the plan’s ceiling (leak rate ÷ calls per order), and recommend a concurrency in ' +
        'words. A one-at-a-time sensitivity sweep says how the knee moves with the assumptions behind it.',
    )
    .argument('<scenario>', 'scenario file, YAML or JSON (e.g. scenarios/funnel-launch-standard.yaml)')
    .addOption(
      new Option(
        '-c, --concurrency <grid>',
        'the concurrencies: a list 1,2,4,8, a range 1..32, a range with a step 4..64:4, or geometric 1..128:x2 (1 to 4096)',
      )
        .argParser(concurrencyGridFlag)
        .default(concurrencyGridFlag('1..16'), '1..16'),
    )
    .option('--plans <list>', 'plans side by side, e.g. standard,plus (default: the file’s plan)', plansFlag)
    .option(
      '--rates <list>',
      'arrival-rate multipliers, e.g. 0.5,1,2: each phase’s time compressed by the factor, same orders (default 1)',
      ratesFlag,
    )
    .addOption(
      new Option(
        '--seeds <n|list>',
        'seeds per point: N runs seeds 1..N, or a list as run --seeds (1..8, 3,7)',
      )
        .argParser(kneeSeedsFlag)
        .default([1, 2, 3], '3'),
    )
    .addOption(threadsOption())
    .addOption(setOption())
    .option(
      '--json <file>',
      'write the sweep and its analysis as JSON to <file> ("-" for stdout; the table then goes to stderr)',
    )
    .option('-o, --out <dir>', 'write knee.json, knee.md and knee.html (the chart) into <dir>')
    .option('--markdown <file>', 'write the Markdown summary (for a pull request) to <file>')
    .addOption(
      new Option(
        '--mode <mode>',
        'sim: the simulator on virtual time; live: a served mock and real worker processes (needs --redis)',
      )
        .choices(['sim', 'live'])
        .default('sim'),
    )
    .option('--redis <url>', 'live mode: the Redis the worker processes coordinate through')
    .option(
      '--processes <n>',
      'live mode: funnelstorm work processes per point, the point’s workers split between them (default 1)',
      integerFlag('--processes', 1, 64),
    )
    .option(
      '--time-scale <k>',
      'live mode: run the live world k times faster — arrivals, fault windows and latencies ÷ k, the leak × k — and read the figures back in scenario time (default 1)',
      timeScaleFlag,
    )
    .option(
      '--no-sensitivity',
      'skip the one-at-a-time sensitivity sweep (4 × plans × up to 11 runs, one seed)',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 a recommendation for every plan · 1 a plan with none (its text says why) · 2 bad scenario or flags.\n' +
        'The same scenario, flags and seeds give the same figures for any --threads.\n\n' +
        'Examples:\n' +
        '  funnelstorm knee scenarios/backlog-standard.yaml --concurrency 1..12 --seeds 1\n' +
        '  funnelstorm knee scenarios/funnel-launch-standard.yaml --plans standard,plus --concurrency 1..32 --out knee/\n' +
        '  funnelstorm knee scenarios/backlog-plus.yaml --set network.roundTripMs=400 --concurrency 1..64:x2 --json -',
    )
    .action(async (file: string, flags: KneeFlags) => {
      for (const [flag, path] of [
        ['--json', flags.json],
        ['--markdown', flags.markdown],
        ['--out', flags.out && join(flags.out, 'knee.json')],
      ] as const)
        if (path !== undefined && path !== '-') assertWritablePath(flag, path, { createsFolders: true });
      const plans = kneePlans(file, flags);
      const runner =
        flags.mode === 'live' ? liveKneeRunner(flags) : simKneePointRunner({ threads: flags.threads });
      const options: KneeSweepOptions = {
        scenarioFile: file,
        plans,
        concurrency: flags.concurrency,
        ...(flags.rates !== undefined && { rates: flags.rates }),
        seeds: flags.seeds,
        mode: flags.mode,
        width: runner.width,
      };
      const say = flags.json === '-' ? io.stderr : io.stdout;
      io.stderr(
        `funnelstorm knee ${file} · ${flags.mode} · plans ${plans.map((p) => p.plan).join(', ')} · ` +
          `concurrency ${flags.concurrency.join(', ')} · seeds ${flags.seeds.join(', ')} · ${flags.threads === 1 ? '1 thread' : `${flags.threads} threads`}\n`,
      );
      const progress = io.progress ? createKneeProgress(io.stderr) : undefined;
      let sweep: KneeSweep;
      let analysis: KneeAnalysis;
      try {
        sweep = await runKneeSweep(options, runner.run, progress?.update);
        analysis = analyseKnee(sweep);
        // The sensitivity rows change the simulated network and Store, which a live run does not have.
        if (flags.sensitivity && flags.mode === 'live')
          io.stderr(
            'funnelstorm knee: --mode live skips the sensitivity rows (they vary sim assumptions; run the same sweep with --mode sim).\n',
          );
        else if (flags.sensitivity)
          analysis.sensitivity = await runKneeSensitivity(options, runner.run, progress?.update);
      } finally {
        progress?.clear();
        await runner.close();
      }
      say(`${formatKnee(sweep, analysis)}\n`);
      const json = `${JSON.stringify(kneeDocument(sweep, analysis), null, 2)}\n`;
      if (flags.json === '-') io.stdout(json);
      else if (flags.json !== undefined) {
        await writeOutput('--json', flags.json, json);
        say(`JSON written to ${flags.json}\n`);
      }
      if (flags.markdown !== undefined) {
        await writeOutput('--markdown', flags.markdown, kneeMarkdown(sweep, analysis));
        say(`Markdown written to ${flags.markdown}\n`);
      }
      if (flags.out !== undefined) {
        await writeFiles(flags.out, {
          'knee.json': json,
          'knee.md': kneeMarkdown(sweep, analysis),
          'knee.html': kneeHtml(sweep, analysis),
        });
        say(`${kneeOutputFiles.join(', ')} written to ${flags.out}\n`);
      }
      setExitCode(analysis.plans.every((plan) => plan.recommended !== undefined) ? 0 : 1);
    });
}

/** One scenario per `--plans` entry (the file's own plan without it), each with `--set` applied. */
function kneePlans(file: string, flags: KneeFlags): KneeSweepOptions['plans'] {
  const set = flags.set ?? [];
  if (flags.plans === undefined) {
    const scenario = loadScenario(file, validateWithOverrides({ set }));
    return [{ plan: scenario.shop.plan, scenario }];
  }
  return flags.plans.map((plan) => ({
    plan,
    scenario: loadScenario(file, validateWithOverrides({ plan, set })),
  }));
}

async function writeOutput(flag: string, path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, 'utf8');
  } catch (error) {
    throw new FunnelstormError('FLAG_INVALID', `${flag} ${path}: ${(error as Error).message}.`, {
      cause: error,
    });
  }
}
