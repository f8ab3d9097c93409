import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { FunnelstormError } from '../runtime/errors.js';

/** A service the drill started (`--start "CMD"`). */
export interface StartedService {
  /** Set once the process has exited, with how. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether it has exited. */
  hasExited(): boolean;
  /** Stops it and its children: SIGTERM to its process group, SIGKILL after `graceMs`. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `command` through the shell, in a process group of its own (so stopping it stops what it started,
 * `npm start` and its node alike), with `env` added to this process's environment. Its stdout and stderr
 * go to `log`, line by line, so the drill's own stdout stays its report. The group is killed if this
 * process exits first.
 */
export function startService(
  command: string,
  env: Record<string, string>,
  log: (line: string) => void,
): StartedService {
  const child = spawn(command, {
    shell: true,
    detached: true,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  forwardLines(child, log);
  let exited = false;
  const exitedPromise = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      exited = true;
      log(`could not start "${command}": ${error.message}`);
      resolve({ code: null, signal: null });
    });
  });
  const pid = child.pid;
  /** Signals the whole group; false once no process of it is left (ESRCH). */
  const signalGroup = (signal: NodeJS.Signals | 0): boolean => {
    if (pid === undefined) return false;
    try {
      process.kill(-pid, signal);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
      throw error;
    }
  };
  const onExit = (): void => void signalGroup('SIGKILL');
  process.once('exit', onExit);
  let stopping: Promise<void> | undefined;
  return {
    exited: exitedPromise,
    hasExited: () => exited,
    stop(graceMs = 3000) {
      // The shell may be gone while what it started still runs: wait for the whole group, not the shell.
      stopping ??= (async () => {
        signalGroup('SIGTERM');
        const deadline = performance.now() + graceMs;
        while (signalGroup(0) && performance.now() < deadline) await pause(50);
        // A killed process that nobody reaps stays a zombie that kill(0) still finds: bounded.
        const killedBy = performance.now() + 1000;
        if (signalGroup('SIGKILL')) while (signalGroup(0) && performance.now() < killedBy) await pause(20);
        await exitedPromise;
        process.off('exit', onExit);
      })();
      return stopping;
    },
  };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function forwardLines(child: ChildProcess, log: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) log(line);
    });
    stream?.on('end', () => {
      if (rest !== '') log(rest);
    });
  }
}

/**
 * Waits until `url` answers HTTP at all (any status: a webhook endpoint may well answer a probe 404 or 405),
 * probing every 100 ms for at most `timeoutMs`.
 *
 * @throws FunnelstormError `TARGET_UNREACHABLE` when it never answers, or when `service` exits first.
 */
export async function waitForTarget(url: string, timeoutMs: number, service?: StartedService): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let lastError = 'no answer';
  for (;;) {
    if (service?.hasExited()) {
      const { code, signal } = await service.exited;
      throw new FunnelstormError(
        'TARGET_UNREACHABLE',
        `The service started with --start exited (${signal ?? `code ${code}`}) before ${url} answered. ` +
          'Its output is above; check that it listens on the --target port.',
      );
    }
    const answer = await probe(url);
    if (answer.ok) return;
    lastError = answer.reason;
    if (performance.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new FunnelstormError(
    'TARGET_UNREACHABLE',
    `--target ${url} did not answer within ${timeoutMs / 1000} s (last: ${lastError}). Start the service ` +
      '(or give --start "CMD"), check the URL and port, or raise --wait-seconds.',
  );
}

function probe(url: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      resolve({ ok: true });
    });
    req.on('timeout', () => req.destroy(new Error('timed out after 1 s')));
    req.on('error', (error) => resolve({ ok: false, reason: error.message }));
    req.end();
  });
}
