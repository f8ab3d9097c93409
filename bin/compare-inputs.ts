import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from '../reports/report-model.js';
import { runReportSchema } from '../reports/run-report-schema.js';
import { FunnelstormError } from '../runtime/errors.js';

/**
 * The runs of one side of `compare`: a JSON report (`run --json`) or a summary.json; an `--out` folder
 * (its summary.json); or a folder of several of those (`*.json` files and sub-folders with a
 * summary.json), read in name order — a set of repeated runs.
 *
 * @throws FunnelstormError `FLAG_INVALID` naming the path and what is wrong with it.
 */
export function readCompareSide(path: string): RunReport[] {
  const kind = statOf(path);
  if (kind === 'missing') throw invalid(`${path} does not exist`);
  if (kind === 'file') return [readReport(path)];
  const summary = join(path, 'summary.json');
  if (statOf(summary) === 'file') return [readReport(summary)];
  const entries = readdirSync(path).sort();
  const runs = entries.flatMap((name): RunReport[] => {
    const entry = join(path, name);
    const entryKind = statOf(entry);
    if (entryKind === 'file' && name.endsWith('.json')) return [readReport(entry)];
    if (entryKind === 'dir' && statOf(join(entry, 'summary.json')) === 'file')
      return [readReport(join(entry, 'summary.json'))];
    return [];
  });
  if (runs.length === 0)
    throw invalid(`${path} has no run report: give a JSON report, a summary.json, or a folder of them`);
  return runs;
}

function statOf(path: string): 'file' | 'dir' | 'missing' {
  try {
    const stat = statSync(path);
    return stat.isDirectory() ? 'dir' : 'file';
  } catch {
    // A path that cannot be read is reported as missing by the caller.
    return 'missing';
  }
}

function readReport(path: string): RunReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw invalid(`cannot read ${path} as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const report =
    typeof parsed === 'object' && parsed !== null && 'funnelstormSummary' in parsed
      ? (parsed as { report?: unknown }).report
      : parsed;
  const result = runReportSchema.safeParse(report);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined ? '' : ` at ${issue.path.join('.') || 'the top'}: ${issue.message}`;
  throw invalid(`${path} is not a funnelstorm run report (run --json or summary.json)${where}`);
}

function invalid(message: string): FunnelstormError {
  return new FunnelstormError('FLAG_INVALID', `${message}.`);
}
