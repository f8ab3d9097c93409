import type { RunReport } from '../reports/report-model.js';
import { formatThresholds } from '../reports/format-thresholds.js';
import { evaluateThresholds, failedThresholds, type Threshold } from '../reports/thresholds.js';
import { summaryDocument, writeRunOutputs } from '../reports/write-outputs.js';
import type { CliIo } from './cli-io.js';
import { thresholdFailedMessage } from './run-thresholds.js';

/** How {@link finishRun} ends a run. */
export interface FinishRunOptions {
  /** The audit failed or a property broke (already said on stderr). */
  failedBefore: boolean;
  color: boolean;
  /** `--out DIR`. */
  out?: string;
}

/**
 * The end of `funnelstorm run`: judges the thresholds (the block on `say`, each failed one on stderr), writes
 * the `--out` files, and returns whether the run passed (exit 0).
 */
export async function finishRun(
  io: CliIo,
  say: (text: string) => void,
  report: RunReport,
  thresholds: readonly Threshold[],
  options: FinishRunOptions,
): Promise<boolean> {
  const results = evaluateThresholds(report, thresholds);
  if (results.length > 0)
    say(
      `${formatThresholds(results, { label: 'thresholds'.padEnd(12), columns: 80, color: options.color })}\n`,
    );
  const failed = failedThresholds(results);
  for (const result of failed) io.stderr(`${thresholdFailedMessage(result)}\n`);
  const passed = !options.failedBefore && failed.length === 0;
  if (options.out !== undefined) {
    await writeRunOutputs(options.out, summaryDocument(report, results, passed));
    say(`summary.json, summary.md, junit.xml and report.html written to ${options.out}\n`);
  }
  return passed;
}
