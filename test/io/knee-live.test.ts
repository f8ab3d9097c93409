import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kneeDocumentSchema } from '../../reports/knee-schema.js';
import { systemClock } from '../../runtime/system-clock.js';
import { loadScenario } from '../../scenarios/load-scenario.js';
import type { KneePointJob } from '../../sim/knee-point-runner.js';
import { liveKneePointRunner } from '../../sim/live-knee-runner.js';
import { readmeExamples } from './fixtures/readme-examples.js';
import { funnelstormBin, packageRoot, runFunnelstorm } from '../support/funnelstorm-process.js';
import { requireRedisServer, startRedisServer, type RedisServer } from '../support/redis-server.js';

// Issue 15, acceptance 5: `knee --mode live` — a served mock, real `funnelstorm work` processes, a real
// redis-server — finds the knee within 20 % of the simulated one for the same scenario. Needs `npm run
// build` (npm test does it).
const hasRedis = requireRedisServer('test/io/knee-live.test.ts');

// docs/capacity-live.md's sweep, exactly as written there with this test's Redis in place of the documented
// one and --json added, then the same sweep in sim: examples/knee-live/knee-live.yaml says why its knee is at
// 10 workers (Little's law) and why a live point, 10× compressed, takes a few seconds.
const documented = documentedArgs();
const scenarioFile = documented[1] ?? '';
const job = (concurrency: number): KneePointJob => ({
  scenario: loadScenario(scenarioFile),
  scenarioFile,
  plan: 'custom',
  concurrency,
  rateScale: 1,
  seed: 1,
});

/** The arguments of the documented `npx funnelstorm knee …` command (continuation lines joined). */
function documentedArgs(): string[] {
  const text = readFileSync(join(packageRoot, 'docs', 'capacity-live.md'), 'utf8');
  const example = readmeExamples(text, 'knee-live-example').find((e) => e.name === 'sweep');
  if (example === undefined)
    throw new Error('docs/capacity-live.md needs a <!-- knee-live-example: sweep --> block');
  const command = example.code.replace(/\\\n\s*/g, ' ').trim();
  if (!command.startsWith('npx funnelstorm knee ')) throw new Error(`not a knee command: ${command}`);
  return command.split(/\s+/).slice(2);
}

/** The value after `flag` in `args`. */
function flagValue(args: readonly string[], flag: string): string {
  const value = args[args.indexOf(flag) + 1];
  if (!args.includes(flag) || value === undefined) throw new Error(`the documented command has no ${flag}`);
  return value;
}

let redis: RedisServer | undefined;
beforeAll(async () => {
  if (hasRedis) redis = await startRedisServer();
});
afterAll(() => redis?.stop());

/**
 * Processes whose command line names a live knee shop (`knee-<pid>-<point>-c<workers>-s<seed>.myshopify.com`):
 * this test's runners' and the knee CLI's it starts. None may be left.
 */
function leftoverWorkers(): string[] {
  const kneeShop = /knee-\d+-\d+-c\d+-s\d+\.myshopify\.com/;
  if (!existsSync('/proc')) return []; // Linux only: elsewhere the check is left out.
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return kneeShop.test(cmdline) ? [pid] : [];
      } catch {
        return []; // The process ended while we looked.
      }
    });
}

describe.skipIf(!hasRedis)('knee --mode live (issue 15, acceptance 5)', () => {
  it('finds the knee within 20 % of the simulated one (examples/knee-live: custom 4/2.4, 4 s a call, 60 orders, 10× compressed, seed=1)', async () => {
    if (redis === undefined) throw new Error('no redis');
    const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-knee-live-'));
    try {
      const live = documented.map((arg) =>
        arg === flagValue(documented, '--redis') ? (redis?.url ?? arg) : arg,
      );
      const startedMs = performance.now();
      const liveRun = await runFunnelstorm(packageRoot, 110_000, ...live, '--json', join(dir, 'live.json'));
      const liveMs = performance.now() - startedMs;
      // 0 with a recommendation; 1 when no point qualified — live, a loaded machine's event-loop lag can cost
      // a few 429s past the recommendation's 0.5 % at every point. The knee is what this test is about.
      expect([0, 1], liveRun.stderr).toContain(liveRun.code);
      const sim = [
        'knee',
        scenarioFile,
        '--concurrency',
        flagValue(documented, '--concurrency'),
        '--seeds',
        '1',
      ];
      const simRun = await runFunnelstorm(
        packageRoot,
        60_000,
        ...sim,
        '--no-sensitivity',
        '--json',
        join(dir, 'sim.json'),
      );
      expect(simRun.code, simRun.stderr).toBe(0);
      const [liveKnee, simKnee] = ['live.json', 'sim.json'].map((file) =>
        kneeDocumentSchema.parse(JSON.parse(readFileSync(join(dir, file), 'utf8'))),
      );
      const kneeOf = (doc: typeof liveKnee) => doc?.analysis.plans[0]?.kneeConcurrency;
      console.log(
        `knee-live: live knee ${kneeOf(liveKnee)}, sim knee ${kneeOf(simKnee)} ` +
          `(Little ${liveKnee?.analysis.plans[0]?.littleConcurrency}); the live sweep took ${Math.round(liveMs)} ms ` +
          `and exited ${liveRun.code}: ${liveKnee?.analysis.plans[0]?.text}\n` +
          (liveKnee?.plans[0]?.points ?? [])
            .map((point, i) => {
              const simPoint = simKnee?.plans[0]?.points[i];
              return (
                `  ${point.concurrency} workers: live ${point.ordersPerSecond} orders/s, p99 ${point.p99Ms} ms, ` +
                `429s ${(point.share429 * 100).toFixed(1)} %; sim ${simPoint?.ordersPerSecond} orders/s, p99 ${simPoint?.p99Ms} ms`
              );
            })
            .join('\n'),
      );
      expect(liveKnee?.mode).toBe('live');
      expect(simKnee?.mode).toBe('sim');
      const simAt = kneeOf(simKnee);
      expect(simAt).toBeDefined();
      expect(Math.abs((kneeOf(liveKnee) ?? 0) - (simAt ?? 0))).toBeLessThanOrEqual(0.2 * (simAt ?? 0));
      // Every order of every point ended, and nothing is left behind: no key in Redis, no worker process.
      const runs = liveKnee?.plans[0]?.points.flatMap((point) => point.runs) ?? [];
      expect(runs.map((run) => run.orders)).toEqual(runs.map(() => 60));
      expect(runs.map((run) => run.deadLetters)).toEqual(runs.map(() => 0));
      expect(await redisKeys(redis.url)).toBe(0);
      expect(leftoverWorkers()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
