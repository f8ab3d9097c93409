import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KneeSeedResult } from '../reports/knee-model.js';
import { startMockServer } from '../mocks/http-server.js';
import { defaultShopifyModelOptions } from '../mocks/model-options.js';
import { defaultCustomerStoreOptions } from '../mocks/customer-store.js';
import { createShopifyService } from '../mocks/shopify-service.js';
import type { Clock } from '../runtime/clock.js';
import { FunnelstormError } from '../runtime/errors.js';
import { createRandom } from '../runtime/seeded-random.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { scenarioToDocument } from '../scenarios/write-scenario.js';
import { compressLiveWorld, inScenarioTime } from './compress-live-world.js';
import type { KneePointJob, KneePointRunner } from './knee-point-runner.js';
import { measureLivePoint } from './live-knee-measure.js';
import { kneePointScenario } from './measure-knee-point.js';
import { deleteShopKeys } from './live-shop-keys.js';
import type { LiveOrderTiming } from './run-live.js';
import { runWorkProcesses } from './work-processes.js';

/** Options of {@link liveKneePointRunner}. */
export interface LiveKneeRunnerOptions {
  /** The Redis every worker process of a point shares, e.g. `redis://127.0.0.1:6379`. Required. */
  redisUrl: string;
  /** The real clock (runtime/system-clock.ts): deadlines and the mock's time. Required. */
  clock: Clock;
  /**
   * Worker processes per point; the point's concurrency is split between them (the first ones take one
   * more when it does not divide), and never more processes than workers. Defaults to 1: one process with
   * all the point's workers is what the sim models (one pipeline of `concurrency` workers), and on a
   * small machine more processes only add start-up time and CPU contention to the measurement. Give more
   * to measure the multi-process path (the throttle, locks and claims shared through Redis).
   */
  workers?: number;
  /**
   * The live world runs this many times faster than the scenario (10 replays a ten-minute launch in one
   * minute): arrivals, fault windows and latencies ÷ k, the plan's leak rate × k; the figures are scaled
   * back, so a point reads in the scenario's time (sim/compress-live-world.ts says what is not compressed).
   * Defaults to 1.
   */
  timeScale?: number;
  /** The built CLI whose `work` command runs the workers. Defaults to `../bin/funnelstorm.js` beside this module. */
  cli?: string;
  /** Every worker process of a point must have ended within this many ms. Defaults to 10 minutes. */
  pointTimeoutMs?: number;
}

/** Defaults of {@link LiveKneeRunnerOptions}. */
export const defaultLiveKneeRunnerOptions = {
  workers: 1,
  timeScale: 1,
  pointTimeoutMs: 600_000,
} as const;

/**
 * A {@link KneePointRunner} that measures each point live (`funnelstorm knee --mode live`): for one job,
 * a fresh mock Shopify served in-process on 127.0.0.1 (the job's plan, the scenario's fault plan), real
 * `funnelstorm work` processes with `concurrency` workers in all, sharing `redisUrl` under a shop domain
 * of their own (every Store key names its shop, so points never share a key; the keys are deleted after
 * the point), the orders arriving at their scenario times on the real clock (the point's scenario as the
 * sim sweep builds it — seed, concurrency, arrivals × `rateScale` — compressed `timeScale` times), and the
 * figures measured in wall time (sim/live-knee-measure.ts), then scaled back to the scenario's time. Then
 * everything is stopped and removed: the processes (killed on error or past the deadline), the mock, the
 * keys and the point's temporary folder.
 *
 * The scenario's `network` section does not apply (the network is the real loopback) nor its `store`
 * section (the Store is the real Redis): to compare with a sim sweep, give the scenario a round trip of
 * about 1 ms × `timeScale`.
 *
 * @throws FunnelstormError `FLAG_INVALID` when the CLI is not built or an option is out of range;
 *   `SIM_PROCESS_FAILED` when a worker process fails or overruns (its stderr in the message).
 * @example
 * const runner = liveKneePointRunner({ redisUrl: 'redis://127.0.0.1:6379', clock: systemClock });
 * const result = await runner({ scenario, scenarioFile, plan: 'custom', concurrency: 8, rateScale: 1, seed: 1 });
 */
export function liveKneePointRunner(options: LiveKneeRunnerOptions): KneePointRunner {
  const settings = { ...defaultLiveKneeRunnerOptions, ...options };
  const cli = resolve(options.cli ?? fileURLToPath(new URL('../bin/funnelstorm.js', import.meta.url)));
  if (!Number.isInteger(settings.workers) || settings.workers < 1)
    throw new FunnelstormError('FLAG_INVALID', `workers must be an integer ≥ 1 (got ${settings.workers}).`);
  if (!(settings.timeScale > 0))
    throw new FunnelstormError('FLAG_INVALID', `timeScale must be > 0 (got ${settings.timeScale}).`);
  if (!existsSync(cli))
    throw new FunnelstormError(
      'FLAG_INVALID',
      `knee --mode live runs worker processes from the built CLI, and ${cli} does not exist: run \`npm run build\` first.`,
    );
  let points = 0;
  return (job) => runLivePoint(job, { ...settings, cli }, ++points);
}

async function runLivePoint(
  job: KneePointJob,
  settings: Required<LiveKneeRunnerOptions>,
  point: number,
): Promise<KneeSeedResult> {
  const { concurrency, seed } = job;
  if (!(job.rateScale > 0))
    throw new FunnelstormError('FLAG_INVALID', `rateScale must be > 0 (got ${job.rateScale}).`);
  // The point's scenario as the sim sweep runs it (seed, concurrency, arrivals × rateScale), then compressed.
  const scenario = compressLiveWorld(kneePointScenario(job), settings.timeScale);
  // A shop of its own per point (the pid keeps two sweeps on one Redis apart): its Store keys are its own.
  const shop = `knee-${process.pid}-${point}-c${concurrency}-s${seed}.myshopify.com`;
  const folder = mkdtempSync(join(tmpdir(), 'funnelstorm-knee-'));
  const scenarioFile = join(folder, 'scenario.json');
  writeFileSync(scenarioFile, JSON.stringify(scenarioToDocument(withAbsoluteFiles(scenario))));
  const limits = { bucketSize: scenario.shop.bucketSize, leakPerSecond: scenario.shop.leakPerSecond };
  const service = createShopifyService({
    model: {
      limits,
      fencing: true,
      // Shopify's fixed Retry-After (2 s), compressed with the rest of the world.
      retryAfterSeconds: defaultShopifyModelOptions.retryAfterSeconds / settings.timeScale,
      customersPerShop: Math.max(defaultCustomerStoreOptions.count, scenario.traffic.customers),
    },
    random: createRandom(seed).fork('faults'),
    ...(scenario.faults && { faults: scenario.faults }),
  });
  const server = await startMockServer({ service, clock: settings.clock, planName: job.plan }).catch(
    (error: unknown) => {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    },
  );
  const cleanUp = async (): Promise<void> => {
    await server.close();
    try {
      await deleteShopKeys(settings.redisUrl, shop);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };
  let result: KneeSeedResult;
  try {
    const processes = Math.min(settings.workers, concurrency);
    const argv = Array.from({ length: processes }, (_, i) => [
      scenarioFile,
      '--target',
      server.url,
      '--redis',
      settings.redisUrl,
      '--process',
      `${i + 1}/${processes}`,
      '--shop',
      shop,
      '--seed',
      String(seed),
      '--concurrency',
      String(Math.floor(concurrency / processes) + (i < concurrency % processes ? 1 : 0)),
      '--time-scale',
      String(settings.timeScale),
      '--timings',
      join(folder, `timings-${i + 1}.jsonl`),
      '--dead-letter-file',
      join(folder, `dead-letters-${i + 1}.jsonl`),
    ]);
    const summaries = await runWorkProcesses({
      cli: settings.cli,
      argv,
      cwd: folder,
      clock: settings.clock,
      timeoutMs: settings.pointTimeoutMs,
    });
    const stats = service.model.stats();
    const figures = {
      seed,
      orders: summaries.reduce((sum, s) => sum + s.orders, 0),
      timings: argv.flatMap((_, i) => readTimings(join(folder, `timings-${i + 1}.jsonl`))),
      shop: { calls: stats.calls, throttled: stats.throttled },
      deadLetters: summaries.reduce((sum, s) => sum + s.deadLettered, 0),
    };
    result = inScenarioTime(measureLivePoint(figures), settings.timeScale);
  } catch (error) {
    // A point that failed says why; the keys it left (Redis unreachable, as a rule) are secondary.
    await cleanUp().catch(() => undefined);
    throw error;
  }
  await cleanUp();
  return result;
}

/**
 * The scenario with the files its phases name made absolute, so that a copy in another folder still finds
 * them (a loaded scenario's files are already joined to its folder, relative to the working directory).
 */
function withAbsoluteFiles(scenario: Scenario): Scenario {
  const phases = scenario.traffic.phases.map((phase) =>
    phase.file === undefined ? phase : { ...phase, file: resolve(phase.file) },
  );
  return { ...scenario, traffic: { ...scenario.traffic, phases } };
}

function readTimings(file: string): LiveOrderTiming[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LiveOrderTiming);
}
