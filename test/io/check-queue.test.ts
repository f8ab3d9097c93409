import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { funnelstormBin, runFunnelstorm, type CliOutcome } from '../support/funnelstorm-process.js';
import { requireRedisServer, startRedisServer, type RedisServer } from '../support/redis-server.js';

// Issue 12, acceptance 4: a search distributed through BullMQ to two `funnelstorm worker` processes finds
// what the local search finds; one worker is killed mid-search and its jobs are run by the other (BullMQ's
// stalled-job recovery, with a 2 s lock), so no run is lost.
const hasRedis = requireRedisServer('test/io/check-queue.test.ts');
const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-queue-'));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// no-jitter, seed 3, scenarios of up to 60 orders: the first failure is run 96 of the 200, so the
// search is well under way when the worker dies.
const search = ['check', '--pipeline', 'no-jitter', '--seed', '3', '--runs', '200', '--max-orders', '60'];

/** A `funnelstorm worker` process and what it has written to stderr so far. */
interface WorkerProcess {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startWorker(queue: string): WorkerProcess {
  const child = spawn(
    process.execPath,
    [funnelstormBin, 'worker', '--queue', queue, '--threads', '1', '--lock-duration', '2s'],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => text, exited };
}

/** Polls `ready` every 20 ms until it holds; fails after `timeoutMs`. */
async function waitFor(what: string, ready: () => boolean, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !ready(); await sleep(20))
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
}

/** The ids of the jobs a worker's log says it took and did not finish. */
function heldJobs(log: string): string[] {
  const ids = (verb: string) =>
    [...log.matchAll(new RegExp(`^${verb} job (\\S+)`, 'gm'))].map((m) => m[1] ?? '');
  const done = new Set(ids('done'));
  return ids('took').filter((id) => !done.has(id));
}

/** stdout without the wall time and with the counterexample file's name made common. */
const verdicts = (outcome: CliOutcome, file: string): string =>
  outcome.stdout.replace(/\(\d+\.\d s\)/g, '(… s)').replaceAll(file, 'FILE');

let redis: RedisServer | undefined;
const workers: WorkerProcess[] = [];
beforeAll(async () => {
  if (hasRedis) redis = await startRedisServer();
});
afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasRedis)('funnelstorm check --queue with two funnelstorm workers', () => {
  it('finds the local search’s counterexample, and loses no run when a worker is killed mid-search', async () => {
    const queue = redis?.url ?? '';
    const local = await runFunnelstorm(dir, 50_000, ...search, '--threads', '2', '--out', 'local.yaml');
    expect(local.code, local.stderr).toBe(1);
    expect(local.stdout).toMatch(/Counterexample after 96 runs/);

    const [a, b] = [startWorker(queue), startWorker(queue)] as const;
    workers.push(a, b);
    await waitFor(
      'both workers to start',
      () => [a, b].every((w) => /waiting for jobs/.test(w.stderr())),
      10_000,
    );
    const distributed = runFunnelstorm(dir, 50_000, ...search, '--queue', queue, '--out', 'queue.yaml');

    // Kill worker A while it holds a job, after it has finished one: mid-search, mid-job.
    await waitFor(
      'worker A to hold a job after finishing one',
      () => {
        const log = a.stderr();
        return /^done job/m.test(log) && heldJobs(log).length > 0;
      },
      30_000,
    );
    a.child.kill('SIGKILL');
    await a.exited;
    const lost = heldJobs(a.stderr());
    expect(lost.length).toBeGreaterThan(0);

    const outcome = await distributed;
    expect(outcome.code, outcome.stderr).toBe(1);
    expect(verdicts(outcome, 'queue.yaml')).toBe(verdicts(local, 'local.yaml'));
    const file = (name: string) => readFileSync(join(dir, name), 'utf8').replaceAll(name, 'FILE');
    expect(file('queue.yaml')).toBe(file('local.yaml'));
    // Every job A died holding was put back in the queue once its lock lapsed, and B ran it.
    for (const id of lost) expect(b.stderr()).toContain(`done job ${id}`);

    b.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    expect(b.stderr()).toMatch(/stopping after the jobs it holds/);
  });

  it('refuses an unreachable --queue with exit 2, naming the flag', async () => {
    const outcome = await runFunnelstorm(dir, 20_000, 'worker', '--queue', 'redis://127.0.0.1:1');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/--queue redis:\/\/127\.0\.0\.1:1: cannot reach Redis/);
    const malformed = await runFunnelstorm(dir, 20_000, 'check', '--queue', 'http://example.com');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/--queue must be a Redis URL/);
  });
});
