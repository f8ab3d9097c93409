/**
 * Records the live-run fixtures of `compare` (test/io/fixtures/live-runs/): real HTTP to the mock server
 * on 127.0.0.1, the reference pipeline on the system clock with the fetch transport and the memory store,
 * latencies measured in wall time — each run's report written as `run --json` writes a sim run's. Run it
 * by hand (it takes about a minute) when the report format changes:
 *
 *   RECORD_LIVE_RUNS=1 npx vite-node test/support/record-live-runs.ts
 *
 * Sets: `baseline-a` and `baseline-b` are the same build and settings, 5 runs each; `slower` is the same
 * against a shop leaking 42 calls/s instead of 50, which makes the rate-bound p99 about 19 % worse.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditOrders } from '../../mocks/audit.js';
import { auditCustomers } from '../../mocks/customer-audit.js';
import { startMockServer } from '../../mocks/http-server.js';
import { createShopifyService } from '../../mocks/shopify-service.js';
import { createMemoryStore } from '../../pipeline/memory-store.js';
import { createReferencePipeline } from '../../pipeline/reference-pipeline.js';
import { formatJsonReport } from '../../reports/json-report.js';
import { createLatencyRecorder, initLatencyRecorders } from '../../reports/latency-recorder.js';
import type { RunReport } from '../../reports/report-model.js';
import { createFetchTransport } from '../../runtime/fetch-transport.js';
import { createRandom } from '../../runtime/seeded-random.js';
import { systemClock } from '../../runtime/system-clock.js';
import { generateOrders } from '../../scenarios/arrivals.js';
import { validateScenario } from '../../scenarios/validate-scenario.js';
import { buildRunReport } from '../../sim/build-run-report.js';
import { simCustomerId, simShop } from '../../sim/run-scenario.js';

/**
 * 150 orders at once on a custom plan leaking `leakPerSecond` calls/s: a rate-bound backlog of about 8 s at
 * 50/s, long enough that a loaded machine's scheduling noise is small beside the drain.
 */
const scenarioAt = (leakPerSecond: number) =>
  validateScenario(
    {
      name: 'live-backlog',
      seed: 11,
      shop: { plan: 'custom', bucketSize: 40, leakPerSecond },
      traffic: { customers: 30, phases: [{ arrival: 'spike', durationSeconds: 0, orders: 150 }] },
      pipeline: { concurrency: 16 },
    },
    'record-live-runs',
  );

/** One live run on a shop leaking `leakPerSecond`. */
export async function liveRun(leakPerSecond: number): Promise<RunReport> {
  const scenario = scenarioAt(leakPerSecond);
  await initLatencyRecorders();
  const root = createRandom(scenario.seed);
  const orders = generateOrders(scenario.traffic, root.fork('traffic'));
  const limits = { bucketSize: scenario.shop.bucketSize, leakPerSecond: scenario.shop.leakPerSecond };
  const service = createShopifyService({
    model: { limits, apiVersion: simShop.apiVersion, sourceIdAttribute: 'source_order_id', fencing: true },
    random: root.fork('faults'),
  });
  const server = await startMockServer({ service, clock: systemClock });
  const endToEnd = createLatencyRecorder();
  const apiCall = createLatencyRecorder();
  const calls = { firstSentAtMs: Infinity, lastSentAtMs: -Infinity };
  let lastCompletionMs = 0;
  const startedMs = systemClock.nowMs();
  const { name: _name, ...settings } = scenario.pipeline;
  const pipeline = createReferencePipeline({
    clock: systemClock,
    random: root.fork('pipeline'),
    transport: createFetchTransport({ origin: server.url }),
    store: createMemoryStore(systemClock),
    shop: simShop,
    limits,
    options: { ...settings, sourceIdAttribute: 'source_order_id' },
    hooks: {
      onCall(call) {
        apiCall.record(call.latencyMs);
        calls.firstSentAtMs = Math.min(calls.firstSentAtMs, call.sentAtMs - startedMs);
        calls.lastSentAtMs = Math.max(calls.lastSentAtMs, call.sentAtMs - startedMs);
      },
      onOrderDone(order, outcome, atMs) {
        if (outcome.kind === 'already-claimed') return;
        endToEnd.record(atMs - order.receivedAtMs);
        lastCompletionMs = Math.max(lastCompletionMs, atMs - startedMs);
      },
    },
  });
  for (const order of orders)
    pipeline.accept({
      sourceOrderId: order.id,
      customerId: simCustomerId(order.customerNumber),
      totalCents: order.totalCents,
      receivedAtMs: systemClock.nowMs(),
    });
  pipeline.close();
  await Promise.all(pipeline.workers().map((body) => body()));
  const durationMs = systemClock.nowMs() - startedMs;
  const deadLetters = pipeline.deadLetters.entries();
  const report = buildRunReport({
    scenario,
    arrivalsMs: orders.map(() => 0),
    audit: auditOrders(
      service.model,
      orders.map((o) => o.id),
      deadLetters.map((d) => d.key),
    ),
    customerAudit: auditCustomers(service.model.shop(simShop.domain), { listLimit: 0 }),
    deadLetters,
    customerDeadLetters: pipeline.customerDeadLetters.entries(),
    retries: { issued: 0, peakPer100Ms: 0 },
    idealCallsPerOrder: 3,
    shopStats: service.model.stats(),
    calls,
    lastCompletionMs,
    latency: { endToEnd: endToEnd.summary(), apiCall: apiCall.summary() },
    simulation: { endMs: durationMs, events: 0, blockedWaits: 0, truncated: false },
  });
  endToEnd.destroy();
  apiCall.destroy();
  await server.close();
  return report;
}

if (process.env['RECORD_LIVE_RUNS'] === '1') {
  const root = join(import.meta.dirname, '..', 'io', 'fixtures', 'live-runs');
  const sets: [string, number][] = [
    ['baseline-a', 50],
    ['baseline-b', 50],
    ['slower', 42],
  ];
  for (const [set, leakPerSecond] of sets) {
    mkdirSync(join(root, set), { recursive: true });
    for (let run = 1; run <= 5; run++) {
      const report = await liveRun(leakPerSecond);
      writeFileSync(join(root, set, `run-${run}.json`), formatJsonReport(report));
      console.log(`${set} run ${run}: p99 ${report.latencyMs.endToEnd.p99} ms, drain ${report.drain?.ratio}`);
    }
  }
}
