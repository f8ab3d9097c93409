import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kneedle } from '../../reports/kneedle.js';
import type { KneeSeedResult } from '../../reports/knee-model.js';
import { systemClock } from '../../runtime/system-clock.js';
import { loadScenario } from '../../scenarios/load-scenario.js';
import type { KneePointJob } from '../../sim/knee-point-runner.js';
import { liveKneePointRunner } from '../../sim/live-knee-runner.js';
import { measureKneePoint } from '../../sim/measure-knee-point.js';
import { funnelstormBin } from '../support/live-workers.js';
import { requireRedisServer, startRedisServer, type RedisServer } from '../support/redis-server.js';

// Issue 15, acceptance 5: `knee --mode live` — a served mock, real `funnelstorm work` processes, a real
// redis-server — finds the knee within 20 % of the simulated one for the same scenario. Needs `npm run
// build` (npm test does it).
const hasRedis = requireRedisServer('test/io/knee-live.test.ts');

// A short scenario, compressed 10 times in the live run (sim/compress-live-world.ts): examples/knee-live/
// knee-live.yaml says why its knee is at 10 workers (Little's law), and why a live point takes 2–9 s.
const scenarioFile = 'examples/knee-live/knee-live.yaml';
const scenario = loadScenario(scenarioFile);
const timeScale = 10;
const concurrencies = [2, 4, 6, 8, 10, 12, 16];
const job = (concurrency: number): KneePointJob => ({
  scenario,
  scenarioFile,
  plan: 'custom',
  concurrency,
  rateScale: 1,
  seed: 1,
});

let redis: RedisServer | undefined;
beforeAll(async () => {
  if (hasRedis) redis = await startRedisServer();
});
afterAll(() => redis?.stop());

/** Processes whose command line names this test process's knee shops (`knee-<pid>-…`): none may be left. */
function leftoverWorkers(): string[] {
  const marker = `knee-${process.pid}-`;
  if (!existsSync('/proc')) return []; // Linux only: elsewhere the check is left out.
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmdline.includes(marker) ? [pid] : [];
      } catch {
        return []; // The process ended while we looked.
      }
    });
}

describe.skipIf(!hasRedis)('knee --mode live (issue 15, acceptance 5)', () => {
  it('finds the knee within 20 % of the simulated one (custom 10/2.4, 4 s a call, 40 orders at once, 10× compressed, seed=1)', async () => {
    if (redis === undefined) throw new Error('no redis');
    const startedMs = performance.now();
    const runner = liveKneePointRunner({
      redisUrl: redis.url,
      clock: systemClock,
      cli: funnelstormBin,
      timeScale,
    });
    const live: KneeSeedResult[] = [];
    for (const concurrency of concurrencies) live.push(await runner(job(concurrency)));
    const liveMs = performance.now() - startedMs;
    const sim = await Promise.all(concurrencies.map((concurrency) => measureKneePoint(job(concurrency))));
    const liveKnee = kneedle(
      concurrencies,
      live.map((r) => r.ordersPerSecond),
    ).kneeX;
    const simKnee = kneedle(
      concurrencies,
      sim.map((r) => r.ordersPerSecond),
    ).kneeX;
    console.log(
      `knee-live: live knee ${liveKnee}, sim knee ${simKnee} (Little 10); live sweep ${Math.round(liveMs)} ms of wall time\n` +
        concurrencies
          .map(
            (c, i) =>
              `  ${c} workers: live ${live[i]?.ordersPerSecond} orders/s, p99 ${live[i]?.p99Ms} ms, ` +
              `429s ${((live[i]?.share429 ?? 0) * 100).toFixed(1)} %; sim ${sim[i]?.ordersPerSecond} orders/s, p99 ${sim[i]?.p99Ms} ms`,
          )
          .join('\n'),
    );
    expect(simKnee).toBeDefined();
    expect(liveKnee).toBeDefined();
    expect(Math.abs((liveKnee ?? 0) - (simKnee ?? 0))).toBeLessThanOrEqual(0.2 * (simKnee ?? 0));
    // Every order of every point ended, and nothing is left behind: no keys in Redis, no worker process.
    expect(live.map((r) => r.orders)).toEqual(concurrencies.map(() => 40));
    expect(live.map((r) => r.deadLetters)).toEqual(concurrencies.map(() => 0));
    expect(await redisKeys(redis.url)).toBe(0);
    expect(leftoverWorkers()).toEqual([]);
  }, 120_000);

  it('kills the workers of a point that overruns its deadline, and leaves nothing behind', async () => {
    if (redis === undefined) throw new Error('no redis');
    const runner = liveKneePointRunner({
      redisUrl: redis.url,
      clock: systemClock,
      cli: funnelstormBin,
      workers: 2,
      pointTimeoutMs: 300,
    });
    await expect(runner(job(4))).rejects.toMatchObject({
      code: 'SIM_PROCESS_FAILED',
      message: expect.stringMatching(
        /2 of 2 funnelstorm work process\(es\) still running after 300 ms; all were killed/,
      ),
    });
    expect(leftoverWorkers()).toEqual([]);
    expect(await redisKeys(redis.url)).toBe(0);
  });

  it('fails a point whose worker fails, with the worker’s exit code and stderr (a Redis nobody serves)', async () => {
    const runner = liveKneePointRunner({
      redisUrl: 'redis://127.0.0.1:1',
      clock: systemClock,
      cli: funnelstormBin,
    });
    await expect(runner(job(2))).rejects.toMatchObject({
      code: 'SIM_PROCESS_FAILED',
      message: expect.stringMatching(
        /process 1 of 1 exited 2[^]*--redis redis:\/\/127\.0\.0\.1:1: cannot reach Redis/,
      ),
    });
    expect(leftoverWorkers()).toEqual([]);
  });
});

async function redisKeys(url: string): Promise<number> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url);
  try {
    return await client.dbsize();
  } finally {
    client.disconnect();
  }
}
