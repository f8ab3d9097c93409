import { Command, InvalidArgumentError } from 'commander';
import { compareRuns } from '../reports/compare-runs.js';
import { defaultFailOn, parseFailOn, type FailOnRule } from '../reports/fail-on.js';
import {
  formatComparison,
  formatComparisonJunit,
  formatComparisonMarkdown,
} from '../reports/format-comparison.js';
import { writeFiles } from '../reports/write-outputs.js';
import { FunnelstormError } from '../runtime/errors.js';
import type { CliIo } from './cli-io.js';
import { readCompareSide } from './compare-inputs.js';
import { integerFlag } from './parse-flags.js';

/** Options of `funnelstorm compare`. */
export interface CompareFlags {
  failOn: FailOnRule[];
  runs?: number;
  noiseBand: number;
  out?: string;
  quiet?: boolean;
}

function failOnFlag(value: string): FailOnRule[] {
  const parsed = parseFailOn(value);
  if (!parsed.ok) throw new InvalidArgumentError(`--fail-on ${parsed.reason}.`);
  return parsed.rules;
}

function bandFlag(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  const share = match === null ? NaN : Number(match[1]) / 100;
  if (!(share >= 0 && share < 1))
    throw new InvalidArgumentError(`--noise-band must be a percentage from 0% to 99% (got "${value}").`);
  return share;
}

/**
 * `funnelstorm compare BASELINE CURRENT`: per-metric deltas, a verdict and an exit code — 0 no regression,
 * 1 a regression (a `--fail-on` rule broken), 2 bad input. One run a side is compared exactly (a sim run is
 * deterministic); folders of repeated runs statistically (medians, bootstrap interval, noise band).
 */
export function compareCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('compare')
    .summary('compare a run (or a set of runs) with a baseline; exit 1 on a regression')
    .description(
      'Compare a baseline with a current run: JSON reports (run --json), summary.json files, run --out ' +
        'folders, or folders holding several of them (a set of repeated runs). One run a side is compared ' +
        'exactly: a sim run is deterministic, so any change is real. Sets (live runs are noisy) are compared ' +
        'by their medians with a 95 % bootstrap interval and a noise band. Exit 1 when a --fail-on rule breaks.',
    )
    .argument('<baseline>', 'the baseline: a report, an --out folder, or a folder of runs')
    .argument('<current>', 'the current run(s), the same way')
    .option(
      '--fail-on <rules>',
      `what counts as a regression: metric+amount[%|pp|ms|s], comma-separated (default "${defaultFailOn}")`,
      failOnFlag,
      failOnFlag(defaultFailOn),
    )
    .option('--runs <n>', 'expect exactly n runs on each side (a set)', integerFlag('--runs', 1, 10_000))
    .option('--noise-band <percent>', 'relative changes within ± this are noise, for sets', bandFlag, 0.05)
    .option('-o, --out <dir>', 'write comparison.json, summary.md and junit.xml into <dir>')
    .option('-q, --quiet', 'print nothing but a regression, on stderr')
    .addHelpText(
      'after',
      '\nExit codes: 0 no regression · 1 regression (each broken rule named on stderr) · 2 bad input.\n\n' +
        'Examples:\n' +
        '  funnelstorm compare baseline/summary.json out/summary.json\n' +
        '  funnelstorm compare baseline.json current.json --fail-on p99+10%,rate429+0.5pp\n' +
        '  funnelstorm compare runs/before runs/after --runs 5 --noise-band 5%',
    )
    .action(async (baselinePath: string, currentPath: string, flags: CompareFlags) => {
      const baseline = readCompareSide(baselinePath);
      const current = readCompareSide(currentPath);
      if (flags.runs !== undefined && (baseline.length !== flags.runs || current.length !== flags.runs))
        throw new FunnelstormError(
          'FLAG_INVALID',
          `--runs ${flags.runs}: the baseline has ${baseline.length} run(s) and the current side ${current.length}.`,
        );
      if ((baseline.length === 1) !== (current.length === 1))
        throw new FunnelstormError(
          'FLAG_INVALID',
          `Cannot compare ${baseline.length} run(s) with ${current.length}: give one run a side (exact) or ` +
            'a set of repeated runs on both sides.',
        );
      const comparison = compareRuns(baseline, current, flags.failOn, { noiseBand: flags.noiseBand });
      if (flags.quiet !== true) io.stdout(`${formatComparison(comparison, { color: io.color })}\n`);
      for (const verdict of comparison.rules.filter((rule) => rule.regressed))
        io.stderr(
          `funnelstorm compare: regression on ${verdict.rule.metric} (--fail-on ${verdict.rule.text})\n`,
        );
      if (flags.out !== undefined) {
        await writeFiles(flags.out, {
          'comparison.json': `${JSON.stringify(comparison, null, 2)}\n`,
          'summary.md': formatComparisonMarkdown(comparison, {
            baseline: baselinePath,
            current: currentPath,
          }),
          'junit.xml': formatComparisonJunit(comparison),
        });
        if (flags.quiet !== true)
          io.stdout(`comparison.json, summary.md and junit.xml written to ${flags.out}\n`);
      }
      setExitCode(comparison.verdict === 'regression' ? 1 : 0);
    });
}
