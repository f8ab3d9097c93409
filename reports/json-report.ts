import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FunnelstormError } from '../runtime/errors.js';
import type { RunReport } from './report-model.js';

/**
 * Formats a run report as JSON: 2-space indent, a trailing newline, keys in the order the report holds
 * them, numbers as they are (the runner rounds them). Pure: the same report gives the same bytes, so the
 * same scenario and seed give a byte-identical file (../shared/DESIGN.md). As in any JSON, a non-finite
 * number would come out as `null`; the runner never produces one.
 *
 * @example
 * process.stdout.write(formatJsonReport(report));
 */
export function formatJsonReport(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Writes {@link formatJsonReport}'s text to `path` (UTF-8), creating missing parent directories and
 * replacing an existing file.
 *
 * @param path - Where to write, as the user gave it to `--json` (relative to the working directory).
 * @throws FunnelstormError `FLAG_INVALID` when the file cannot be written, naming the path and the reason.
 */
export async function writeJsonReport(path: string, report: RunReport): Promise<void> {
  const text = formatJsonReport(report);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
  } catch (error) {
    throw new FunnelstormError(
      'FLAG_INVALID',
      `Cannot write the JSON report to ${path}: ${osReason(error)}. Please choose a writable path for --json.`,
      { cause: error },
    );
  }
}

/** The OS's reason, e.g. `ENOTDIR: not a directory, mkdir '/tmp/x/out.json'`. */
function osReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
