import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FunnelstormError } from '../runtime/errors.js';
import { formatHtmlReport } from './html-report.js';
import { formatJunitXml } from './junit-xml.js';
import { formatMarkdownSummary } from './markdown-summary.js';
import type { RunReport } from './report-model.js';
import { summaryVersion, type SummaryDocument } from './summary-document.js';
import type { ThresholdResult } from './thresholds.js';

/** The files {@link writeRunOutputs} writes, in order. */
export const runOutputFiles = ['summary.json', 'summary.md', 'junit.xml', 'report.html'] as const;

/** summary.json's document for a run. */
export function summaryDocument(
  report: RunReport,
  thresholds: readonly ThresholdResult[],
  passed: boolean,
): SummaryDocument {
  return { funnelstormSummary: summaryVersion, passed, thresholds: [...thresholds], report };
}

/**
 * Writes a run's outputs into `dir` (created when missing; files replaced): summary.json (versioned; JSON
 * Schema in schemas/summary.schema.json), summary.md (CI job summary or PR comment), junit.xml (one test
 * case per threshold and per property) and report.html (self-contained, opens offline). Each is a pure
 * function of the run, so the same scenario and seed give the same bytes.
 *
 * @throws FunnelstormError `FLAG_INVALID` when `dir` cannot be written, naming it and the reason.
 * @returns The paths written.
 */
export async function writeRunOutputs(dir: string, document: SummaryDocument): Promise<string[]> {
  const input = { report: document.report, thresholds: document.thresholds, passed: document.passed };
  const contents: Record<(typeof runOutputFiles)[number], string> = {
    'summary.json': `${JSON.stringify(document, null, 2)}\n`,
    'summary.md': formatMarkdownSummary(input),
    'junit.xml': formatJunitXml({
      name: document.report.scenario.name,
      thresholds: document.thresholds,
      properties: document.report.properties ?? [],
    }),
    'report.html': formatHtmlReport(input),
  };
  return writeFiles(dir, contents);
}

/** Writes each file into `dir`, creating it; a failure names the folder and the OS's reason. */
export async function writeFiles(dir: string, contents: Readonly<Record<string, string>>): Promise<string[]> {
  const written: string[] = [];
  try {
    await mkdir(dir, { recursive: true });
    for (const [name, text] of Object.entries(contents)) {
      const path = join(dir, name);
      await writeFile(path, text, 'utf8');
      written.push(path);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FunnelstormError(
      'FLAG_INVALID',
      `Cannot write the outputs to ${dir}: ${reason}. Please choose a writable folder for --out.`,
      { cause: error },
    );
  }
  return written;
}
