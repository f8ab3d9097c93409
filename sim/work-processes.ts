import { spawn, type ChildProcess } from 'node:child_process';
import type { Clock } from '../runtime/clock.js';
import { FunnelstormError } from '../runtime/errors.js';
import type { LiveWorkerSummary } from './run-live.js';

/** `funnelstorm work` processes to run side by side, and how long they may take. */
export interface WorkProcessesOptions {
  /** The built CLI (`dist/bin/funnelstorm.js`), run with this Node. */
  cli: string;
  /** Each process's arguments after `work`. */
  argv: readonly (readonly string[])[];
  /** Their working folder (where a local dead-letter file would go). */
  cwd: string;
  /** The real clock: the deadline is on it. */
  clock: Clock;
  /** Every process must have exited within this many ms; past it, all are killed. */
  timeoutMs: number;
}

/** How long a killed process may take to be reaped, in ms. */
const reapTimeoutMs = 5_000;
/** The tail of a process's stderr kept for an error message, in characters. */
const stderrTailChars = 2_000;

interface Running {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout: () => string;
  stderr: () => string;
}

/**
 * Runs `funnelstorm work` processes until every one has exited, and returns their summaries (the JSON
 * line each prints), in process order. When one exits with anything but 0, or the deadline passes, every
 * process still running is killed (SIGKILL) and reaped, and the call rejects naming the process, its exit
 * and the tail of its stderr — so no process outlives the call. A process that the parent leaves behind
 * by dying is killed too (a hook on the parent's exit).
 *
 * The processes stay in the parent's process group (not detached), so Ctrl-C in a terminal reaches them
 * as it reaches the parent; `funnelstorm work` starts no processes of its own, so killing its pid ends
 * its whole tree.
 *
 * @throws FunnelstormError `SIM_PROCESS_FAILED` when a process fails or the deadline passes.
 */
export async function runWorkProcesses(options: WorkProcessesOptions): Promise<LiveWorkerSummary[]> {
  const running = options.argv.map((args) => start(options, args));
  const killAll = (): void => {
    for (const { child } of running)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  // A parent stopped by a signal exits without its 'exit' event: kill the workers, then let the signal
  // do what it would have done.
  const onSignal = (signal: NodeJS.Signals): void => {
    killAll();
    forget();
    process.kill(process.pid, signal);
  };
  const forget = (): void => {
    process.off('exit', killAll);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.once('exit', killAll);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const deadline = new AbortController();
  const timer = options.clock.sleep(options.timeoutMs, deadline.signal).then(() => 'timeout' as const);
  try {
    const outcomes = running.map((proc, index) => proc.exited.then((exit) => ({ index, exit })));
    const pending = new Set(outcomes);
    const summaries: LiveWorkerSummary[] = [];
    while (pending.size > 0) {
      const first = await Promise.race([timer, ...pending]);
      if (first === 'timeout') {
        throw new FunnelstormError(
          'SIM_PROCESS_FAILED',
          `${pending.size} of ${running.length} funnelstorm work process(es) still running after ` +
            `${options.timeoutMs} ms; all were killed.${tails(running)}`,
        );
      }
      pending.delete(outcomes[first.index] as (typeof outcomes)[number]);
      const proc = running[first.index] as Running;
      const { code, signal } = first.exit;
      const summary = lastJsonLine(proc.stdout());
      if (code !== 0 || summary === undefined) {
        throw new FunnelstormError(
          'SIM_PROCESS_FAILED',
          `funnelstorm work process ${first.index + 1} of ${running.length} exited ` +
            `${signal ?? code}${summary === undefined ? ' without its summary line' : ''}; the others were ` +
            `killed. Its stderr ends:\n${proc.stderr().slice(-stderrTailChars)}`,
        );
      }
      summaries[first.index] = summary;
    }
    return summaries;
  } finally {
    deadline.abort();
    killAll();
    await Promise.all(running.map((proc) => reaped(proc, options.clock)));
    forget();
  }
}

function start(options: WorkProcessesOptions, args: readonly string[]): Running {
  const child = spawn(process.execPath, [options.cli, 'work', ...args], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-stderrTailChars);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close' comes after the pipes are drained, so the summary line is complete.
    child.once('close', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => {
      stderr += `\n${error.message}`;
      resolve({ code: null, signal: null });
    });
  });
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Waits (bounded) for a process to be gone, so that the caller never returns with one still running. */
async function reaped(proc: Running, clock: Clock): Promise<void> {
  const stop = new AbortController();
  await Promise.race([proc.exited, clock.sleep(reapTimeoutMs, stop.signal)]);
  stop.abort();
}

function lastJsonLine(stdout: string): LiveWorkerSummary | undefined {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as LiveWorkerSummary;
  } catch {
    return undefined;
  }
}

function tails(running: readonly Running[]): string {
  return running
    .map((proc, index) => `\n— process ${index + 1}'s stderr ends:\n${proc.stderr().slice(-500)}`)
    .join('');
}
