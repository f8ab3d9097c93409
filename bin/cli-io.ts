/** Where the CLI writes, so tests can run it without a process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour the summary (defaults to whether stdout is a terminal). */
  color: boolean;
  /** Draw a progress line on stderr during long runs (defaults to whether stderr is a terminal). */
  progress?: boolean;
}

/** The real process's streams. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    color: Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env),
    progress: Boolean(process.stderr.isTTY) && !process.env['CI'],
  };
}
