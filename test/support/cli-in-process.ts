import { main } from '../../bin/cli.js';

/** What one in-process CLI run printed and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process on `argv` (no colour), capturing stdout and stderr. */
export async function cliInProcess(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    color: false,
  });
  return { code, stdout, stderr };
}
