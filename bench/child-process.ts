import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where a benchmark child runs: pinned to one CPU core with `taskset`, or wherever the OS puts it. */
export type Placement = { pinned: true; core: number } | { pinned: false; why: string };

let tasksetChecked: boolean | undefined;

/** True when `taskset` (util-linux) is on the PATH and the machine has at least two cores to split. */
export function canPin(cores: number): boolean {
  tasksetChecked ??= spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
  return tasksetChecked && cores >= 2;
}

/** How {@link spawnNode} starts a child. */
export interface SpawnNodeOptions {
  /** Flags for node itself, e.g. `--expose-gc`. Defaults to none. */
  nodeFlags?: readonly string[];
  /**
   * `pipe` (the default) when the child speaks JSON lines on stdout; `ignore` for a peer that logs every
   * request, so that reading its log costs no CPU. stderr is piped with `pipe`, else inherited.
   */
  stdout?: 'pipe' | 'ignore';
}

/**
 * Starts `node <script> ...args` as a child, pinned to `core` with `taskset -c` when `placement` says so
 * (taskset execs node, so the child's pid is node's and signals reach it).
 *
 * @param script - A compiled bench module, e.g. `new URL('./load-generator-child.js', import.meta.url)`,
 *   or the path of a peer's CLI script.
 */
export function spawnNode(
  script: URL | string,
  args: readonly string[],
  placement: Placement,
  options: SpawnNodeOptions = {},
): ChildProcess {
  const path = typeof script === 'string' ? script : fileURLToPath(script);
  const command = [process.execPath, ...(options.nodeFlags ?? []), path, ...args];
  const [file, ...rest] = placement.pinned ? ['taskset', '-c', String(placement.core), ...command] : command;
  const quiet = options.stdout === 'ignore';
  return spawn(file as string, rest, {
    stdio: ['ignore', quiet ? 'ignore' : 'pipe', quiet ? 'pipe' : 'inherit'],
  });
}

/**
 * Reads the JSON lines a child writes on stdout, one at a time: `next()` resolves with the next line,
 * parsed, and rejects when the child exits first or says nothing within `timeoutMs`.
 */
export function jsonLines(child: ChildProcess, what: string): { next<T>(timeoutMs?: number): Promise<T> } {
  let text = '';
  const lines: string[] = [];
  let wake: (() => void) | undefined;
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n')) {
      lines.push(text.slice(0, newline));
      text = text.slice(newline + 1);
    }
    wake?.();
  });
  child.once('exit', () => wake?.());
  return {
    async next<T>(timeoutMs = 30_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      while (lines.length === 0) {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`${what}: exited (${child.exitCode ?? child.signalCode}) before answering`);
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`${what}: no answer within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
      const line = lines.shift() as string;
      try {
        return JSON.parse(line) as T;
      } catch (error) {
        throw new Error(`${what}: not a JSON line: ${line.slice(0, 200)}`, { cause: error });
      }
    },
  };
}

/** The first JSON line the child writes on stdout (see {@link jsonLines}). */
export function firstJsonLine<T>(child: ChildProcess, what: string, timeoutMs = 30_000): Promise<T> {
  return jsonLines(child, what).next<T>(timeoutMs);
}

/**
 * CPU time a process has used so far (user + system), in seconds, from `/proc/<pid>/stat` (Linux; 10 ms
 * resolution), or undefined where that cannot be read.
 */
export function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // Fields 14 and 15 of proc(5) (utime, stime), counted after the `(comm)` field; ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Ends a child (SIGTERM, then SIGKILL after 3 s) and resolves once it has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
