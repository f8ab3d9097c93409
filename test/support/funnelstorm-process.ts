import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The package root, and the built CLI as `npx funnelstorm` runs it after `npm ci` (needs `npm run build`). */
export const packageRoot = join(import.meta.dirname, '..', '..');
/** The built CLI's entry script. */
export const funnelstormBin = join(packageRoot, 'dist', 'bin', 'funnelstorm.js');

/** What a CLI process did: its exit code and its two streams. */
export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI as a real process in `cwd` and returns its exit code and output; never throws for a
 * non-zero exit. Killed after `timeoutMs`.
 */
export async function runFunnelstorm(cwd: string, timeoutMs: number, ...args: string[]): Promise<CliOutcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [funnelstormBin, ...args], {
      cwd,
      timeout: timeoutMs,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
