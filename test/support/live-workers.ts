import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startMockServer, type MockServer } from '../../mocks/http-server.js';
import { createShopifyService, type ShopifyService } from '../../mocks/shopify-service.js';
import { createRandom } from '../../runtime/seeded-random.js';
import { systemClock } from '../../runtime/system-clock.js';
import { generateOrders } from '../../scenarios/arrivals.js';
import { loadScenario } from '../../scenarios/load-scenario.js';
import type { LiveWorkerSummary } from '../../sim/run-live.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

/** The built CLI; `npm test` builds it before the io suite runs. */
export const funnelstormBin = join(import.meta.dirname, '..', '..', 'dist', 'bin', 'funnelstorm.js');

/** Where a `funnelstorm work` process runs: the scenario file, the mock, Redis, the shop, its share. */
export interface WorkProcess {
  scenarioFile: string;
  target: string;
  redis: string;
  shop: string;
  index: number;
  count: number;
  /** Killed (and the promise rejected) after this long, in ms. Defaults to 60 s. */
  timeoutMs?: number;
}

/** How a `funnelstorm work` process ended: its exit code, its summary (when it printed one), its stderr. */
export interface WorkOutcome {
  code: number | null;
  summary: LiveWorkerSummary | undefined;
  stderr: string;
  /** Each stderr line with when it arrived, in ms of `performance.now()`. */
  stderrLines: { atMs: number; line: string }[];
}

/** A running `funnelstorm work` process. */
export interface RunningWork {
  child: ChildProcess;
  /** Resolves when the process exits (rejects after `timeoutMs`, once it is killed). */
  ended: Promise<WorkOutcome>;
}

/**
 * Starts one `funnelstorm work` process, with `extraArgs` after the usual flags, in the scenario's folder
 * (where its local dead-letter file goes).
 */
export function startWorkProcess(options: WorkProcess, extraArgs: string[] = []): RunningWork {
  const cwd = dirname(options.scenarioFile);
  const args = [funnelstormBin, 'work', options.scenarioFile, '--target', options.target];
  args.push(
    '--redis',
    options.redis,
    '--process',
    `${options.index}/${options.count}`,
    '--shop',
    options.shop,
    ...extraArgs,
  );
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd });
  let stdout = '';
  let stderr = '';
  const stderrLines: WorkOutcome['stderrLines'] = [];
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    const atMs = performance.now();
    stderr += chunk.toString();
    for (const line of chunk.toString().split('\n')) if (line !== '') stderrLines.push({ atMs, line });
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  const ended = new Promise<WorkOutcome>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`process ${options.index} still running after ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').at(-1) ?? '';
      const summary = line.startsWith('{') ? (JSON.parse(line) as LiveWorkerSummary) : undefined;
      resolve({ code, summary, stderr, stderrLines });
    });
  });
  return { child, ended };
}

/**
 * Runs one `funnelstorm work` process to its end; resolves with its JSON summary line when it exits with
 * one of `okCodes` (default 0: done, Redis never away).
 */
export async function runWorkProcess(
  options: WorkProcess,
  okCodes: number[] = [0],
): Promise<LiveWorkerSummary> {
  const outcome = await startWorkProcess(options).ended;
  if (outcome.code === null || !okCodes.includes(outcome.code) || outcome.summary === undefined) {
    throw new Error(`process ${options.index} exited ${outcome.code}; stderr: ${outcome.stderr}`);
  }
  return outcome.summary;
}

/** A live run's world: the scenario file, a redis-server, and the mock (fenced customer updates) over HTTP. */
export interface LiveWorld {
  scenarioFile: string;
  redis: RedisServer;
  server: MockServer;
  service: ShopifyService;
  /** Stops the mock and Redis, and removes the scenario's folder. */
  close(): Promise<void>;
}

/**
 * Writes `scenarioYaml` to a temporary folder (Redis's `--dir` too, for tests that persist), starts a
 * redis-server with `redisArgs` and the mock with `limits` on the system clock.
 */
export async function startLiveWorld(
  scenarioYaml: string,
  limits: { bucketSize: number; leakPerSecond: number },
  redisArgs: (dir: string) => string[] = () => [],
): Promise<LiveWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-live-'));
  const scenarioFile = join(dir, 'scenario.yaml');
  writeFileSync(scenarioFile, scenarioYaml);
  const redis = await startRedisServer(redisArgs(dir));
  const service = createShopifyService({
    model: { limits, fencing: true },
    random: createRandom(1).fork('faults'),
  });
  const server = await startMockServer({ service, clock: systemClock });
  return {
    scenarioFile,
    redis,
    server,
    service,
    async close() {
      await server.close();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every source order id the scenario's traffic sends (the same generator, seed and stream as the run's). */
export function expectedSourceIds(scenarioFile: string): string[] {
  const scenario = loadScenario(scenarioFile);
  return generateOrders(scenario.traffic, createRandom(scenario.seed).fork('traffic')).map(
    (order) => order.id,
  );
}
