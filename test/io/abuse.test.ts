import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../mocks/http-server.js';
import { createShopifyService } from '../../mocks/shopify-service.js';
import { createRandom } from '../../runtime/seeded-random.js';
import { systemClock } from '../../runtime/system-clock.js';
import { api, orderBody } from './http-server-support.js';

// Issue 16, acceptance 1: the mock server under hostile clients. Each request class runs in a child
// process (test/support/abuser.mjs) while this process — the server's — runs four probe clients, each
// sending a normal create every 100 ms (staggered by 25 ms, each on its own keep-alive socket, so that a
// class's 2.5 s gives about 100 probes and its p99 is not simply its maximum): every probe must get 201,
// with p99 ≤ 50 ms (see probeBudgetFor for a loaded machine), and the server must stay
// within bounded memory. Bounded in count and time: about 60 s in all. Each class prints its figures.

const abuser = join(import.meta.dirname, '..', 'support', 'abuser.mjs');
const probeBudgetMs = 50;
/**
 * RSS growth allowed while 100,000 requests each bring a new token and shop: an uncapped server keeps
 * ≈ 7 KB each (≈ 700 MiB). Alone the capped server grows about 20 MiB; in the whole CI run (the unit
 * project busy on the other core, the io files sharing this process) it measured 107 MiB, which is heap
 * headroom, not state: 200 MiB still tells the two apart by 3.5×.
 */
const rssGrowthCapBytes = 200 * 1024 * 1024;

interface AbuseResult {
  kind: string;
  sent: number;
  statuses: Record<string, number>;
  errors: number;
  closedByServer: number;
}

let server: MockServer;
const probeClients = 4;
const agents = Array.from({ length: probeClients }, () => new Agent({ keepAlive: true, maxSockets: 1 }));

beforeAll(async () => {
  const service = createShopifyService({
    // A roomy custom plan, so that neither the probe nor the floods are throttled: the server does the work.
    model: { limits: { bucketSize: 1_000_000, leakPerSecond: 100_000 } },
    random: createRandom(1).fork('faults'),
  });
  server = await startMockServer({
    service,
    clock: systemClock,
    idleTimeoutMs: 1500,
    headersTimeoutMs: 1500,
    log: () => undefined,
  });
  // 250 orders of 250 line items with 200-character titles (≈ 90 KB of JSON each) for the list flood.
  const lineItems = Array.from({ length: 250 }, (_, i) => ({
    title: String(i).padEnd(200, 'x'),
    price: '1.00',
  }));
  const big = JSON.stringify({ order: { line_items: lineItems } });
  for (let i = 0; i < 250; i++) {
    const outcome = service.serve(
      {
        method: 'POST',
        url: `https://funnelstorm-test.myshopify.com${api}/orders.json`,
        headers: { 'x-shopify-access-token': 'shpat_seed', 'content-type': 'application/json' },
        body: big,
      },
      0,
    );
    expect(outcome.kind === 'response' && outcome.response.status).toBe(201);
  }
});
afterAll(async () => {
  for (const agent of agents) agent.destroy();
  await server.close();
});

/** One normal create over a probe client's own keep-alive socket: its status and latency in ms. */
function probe(sequence: number, agent: Agent): Promise<{ status: number; ms: number }> {
  const body = orderBody(`probe-${sequence}`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${api}/orders.json`,
      {
        method: 'POST',
        agent,
        headers: {
          'x-shopify-access-token': 'shpat_probe',
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let probes = 0;

/** The p99 of `values` by nearest rank (of 100 values, the second highest). */
function p99(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length * 0.99) - 1] ?? Number.NaN;
}

/**
 * Runs the probe clients until `over` settles: each sends a create, waits 100 ms, and again (a paced
 * client), on this process's event loop. Returns every probe's status and latency, and the highest RSS seen.
 */
async function probeUntil(
  over: Promise<unknown>,
): Promise<{ samples: { status: number; ms: number }[]; maxRssBytes: number }> {
  let done = false;
  void over.then(() => (done = true));
  const samples: { status: number; ms: number }[] = [];
  let maxRssBytes = process.memoryUsage().rss;
  const pause = (ms: number) => Promise.race([new Promise((resolve) => setTimeout(resolve, ms)), over]);
  const client = async (agent: Agent, offsetMs: number) => {
    await pause(offsetMs);
    while (!done) {
      samples.push(await probe(probes++, agent));
      maxRssBytes = Math.max(maxRssBytes, process.memoryUsage().rss);
      await pause(100);
    }
  };
  await Promise.all(agents.map((agent, i) => client(agent, (i * 100) / probeClients)));
  return { samples, maxRssBytes };
}

interface AbuseRun {
  abuse: AbuseResult;
  statuses: number[];
  p99Ms: number;
  /** The probes' p99 just before the abuse, as long: what this machine's load alone costs them. */
  baselineP99Ms: number;
  /** CPU time of this process (the server's, and the probes') per abuse request, in ms. */
  cpuMsPerRequest: number;
  maxRssBytes: number;
}

/**
 * Probes for `durationMs` without abuse (the baseline), then runs the abuser (`kind`, for `durationMs` or
 * `maxRequests`, `concurrency` requests at a time) while probing; returns what the abuser did, the
 * probes' statuses and latencies, and the baseline.
 */
async function underAbuse(
  kind: string,
  durationMs: number,
  maxRequests = 1_000_000,
  concurrency = 1,
): Promise<AbuseRun> {
  const baseline = await probeUntil(
    new Promise((resolve) => setTimeout(resolve, Math.min(durationMs, 2500))),
  );
  const child = spawn(
    process.execPath,
    [abuser, server.url, kind, String(durationMs), String(maxRequests), String(concurrency)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  const cpuBefore = process.cpuUsage();
  const { samples, maxRssBytes } = await probeUntil(exited);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const [code] = (await exited) as [number | null];
  expect(code).toBe(0);
  const abuse = JSON.parse(output) as AbuseResult;
  const latencies = samples.map((sample) => sample.ms);
  const run: AbuseRun = {
    abuse,
    statuses: samples.map((sample) => sample.status),
    p99Ms: p99(latencies),
    baselineP99Ms: p99(baseline.samples.map((sample) => sample.ms)),
    cpuMsPerRequest: cpuMs / Math.max(1, abuse.sent),
    maxRssBytes,
  };
  console.log(
    `abuse ${kind}: ${abuse.sent} sent ${JSON.stringify(abuse.statuses)}, ${abuse.errors} errors, ` +
      `${abuse.closedByServer} closed by the server; server CPU ${run.cpuMsPerRequest.toFixed(2)} ms ` +
      `per abuse request; probes: ${samples.length} creates, p99 ${run.p99Ms.toFixed(1)} ms (baseline ` +
      `${run.baselineP99Ms.toFixed(1)} ms), max ${Math.max(...latencies).toFixed(1)} ms; RSS max ` +
      `${(maxRssBytes / 2 ** 20).toFixed(0)} MiB`,
  );
  return run;
}

/**
 * The probes' latency budget: 50 ms (the acceptance's) above their own p99 just before the abuse, on a
 * machine with a core for each runnable process. This suite has run at a load average of 16 on 2 cores,
 * where every wall-clock figure stretches several times whatever the mock does; there the budget is
 * scaled by the load per core, which still refuses the freezes of seconds issue 16 found (31.6 s, 7.1 s,
 * 14.7 s). The CPU time per abuse request, which the load does not stretch, is held to 10 ms as well.
 */
function probeBudgetFor(run: AbuseRun): number {
  const loadPerCore = (loadavg()[0] ?? 0) / availableParallelism();
  return probeBudgetMs * Math.max(1, loadPerCore) + run.baselineP99Ms;
}

/** Every probe got 201, and their p99 stayed within {@link probeBudgetFor}. */
function expectProbesHeld(result: AbuseRun): void {
  expect(result.statuses.length).toBeGreaterThanOrEqual(30);
  expect(result.statuses.every((status) => status === 201)).toBe(true);
  const budget = probeBudgetFor(result);
  console.log(`  probe p99 ${result.p99Ms.toFixed(1)} ms against a budget of ${budget.toFixed(1)} ms`);
  expect(result.p99Ms).toBeLessThanOrEqual(budget);
}

describe('mock HTTP server under abuse (issue 16, acceptance 1): a normal create every 100 ms holds', () => {
  const floods: [string, string, RegExp][] = [
    ['tags', 'an order create with 120,000 unique comma-separated tags (870 KB)', /^\{"422":\d+\}$/],
    ['graphql-tags', 'a GraphQL orderCreate with 80,000 tags', /^\{"413":\d+\}$/],
    ['line-items', 'an order create with 30,000 line items', /^\{"413":\d+\}$/],
    ['list', 'orders.json?limit=250 over 250 orders of 250 long line items', /^\{"200":\d+\}$/],
    ['admin-json', 'PUT /__admin/faults, JSON with 30,000 keys (289 KB)', /^\{"413":\d+\}$/],
    ['admin-yaml', 'PUT /__admin/faults, YAML with 30,000 keys', /^\{"413":\d+\}$/],
    ['deep-graphql', 'a GraphQL selection nested 10,000 deep', /^\{"200":\d+\}$/],
  ];
  for (const [kind, what, answers] of floods) {
    it(`${what}: refused or served within bounds, never a 500`, async () => {
      // One hostile client sending back to back, as in the issue: it must not stall the others.
      const result = await underAbuse(kind, 1500);
      expect(result.abuse.sent).toBeGreaterThan(0);
      // Bounded work: no abuse request holds the server's loop for long (CPU time, robust to the load).
      expect(result.cpuMsPerRequest).toBeLessThan(10);
      expect(result.abuse.errors).toBe(0);
      expect(JSON.stringify(result.abuse.statuses)).toMatch(answers);
      expectProbesHeld(result);
    });
  }

  it('100,000 requests, each with a new token and a new shop: refused past the caps, RSS bounded', async () => {
    // The io suite runs every file in one process: collect what earlier files left behind first, so the
    // growth measured is this test's (alone it is about 20 MiB; an uncapped server grows ≈ 700 MiB).
    fullGc();
    const before = process.memoryUsage().rss;
    const result = await underAbuse('clients', 60_000, 100_000, 8);
    expect(result.abuse.sent).toBe(100_000);
    expect(result.abuse.statuses).toEqual({ 201: 99, 403: 100_000 - 99 });
    console.log(
      `RSS growth under 100,000 new clients: ${((result.maxRssBytes - before) / 2 ** 20).toFixed(1)} MiB`,
    );
    expect(result.maxRssBytes - before).toBeLessThan(rssGrowthCapBytes);
    const capacity = server.service.model.capacity();
    expect(capacity).toMatchObject({ shops: 100, refusedShops: 100_000 - 99 });
    expectProbesHeld(result);
  });

  it('500 idle sockets and 50 slowloris ones are closed by the server’s deadlines, and creates go on', async () => {
    for (const [kind, count] of [
      ['idle', 500],
      ['slowloris', 50],
    ] as const) {
      const result = await underAbuse(kind, 3500, count);
      expect(result.abuse.closedByServer).toBe(count);
      expectProbesHeld(result);
    }
  });
});

/** A full garbage collection, through V8's `gc` exposed at run time (node:v8 flags, a fresh vm context). */
function fullGc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
