import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A scratch folder where documented shell commands run as a user would type them. */
export interface CliWorkspace {
  readonly dir: string;
  /**
   * Runs `command` with bash (`-e`) in the folder; `npx funnelstorm` and `funnelstorm` are the built CLI
   * (dist/, so `npm run build` first — `npm test` does it). Returns the exit code and stdout + stderr.
   */
  sh(command: string, env?: Record<string, string>): { code: number; output: string };
  remove(): void;
}

/** A workspace with a copy of the shipped scenarios/ folder. */
export function createCliWorkspace(root: string, prefix: string): CliWorkspace {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(root, 'scenarios'), join(dir, 'scenarios'), { recursive: true });
  return {
    dir,
    sh(command, env = {}) {
      const script = `funnelstorm() { node ${join(root, 'dist', 'bin', 'funnelstorm.js')} "$@"; }\n${command.replaceAll('npx funnelstorm', 'funnelstorm')}`;
      const result = spawnSync('bash', ['-e', '-c', script], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
      return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
