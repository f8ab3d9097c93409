import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Runs one `funnelstorm work` process to its end; resolves with its JSON summary line. */
export function runWorkProcess(options: WorkProcess): Promise<LiveWorkerSummary> {
  const args = [funnelstormBin, 'work', options.scenarioFile, '--target', options.target];
  args.push(
    '--redis',
    options.redis,
    '--process',
    `${options.index}/${options.count}`,
    '--shop',
    options.shop,
  );
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`process ${options.index} still running after ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`process ${options.index} exited ${code}; stderr: ${stderr}`));
      else resolve(JSON.parse(stdout) as LiveWorkerSummary);
    });
  });
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
