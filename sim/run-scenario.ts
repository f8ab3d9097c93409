import { auditOrders } from '../mocks/audit.js';
import { auditCustomers } from '../mocks/customer-audit.js';
import { defaultCustomerStoreOptions } from '../mocks/customer-store.js';
import { createShopifyService, type ShopifyService } from '../mocks/shopify-service.js';
import { variantGuarantees } from '../pipeline/pipeline-variants.js';
import { createMemoryStore } from '../pipeline/memory-store.js';
import {
  createReferencePipeline,
  type ReferencePipeline,
  type ReferencePipelineDeps,
} from '../pipeline/reference-pipeline.js';
import { defaultLoyaltyTarget } from '../pipeline/loyalty-requests.js';
import { callsPerOrder } from '../pipeline/workflow-steps.js';
import { FunnelstormError } from '../runtime/errors.js';
import { createRandom } from '../runtime/seeded-random.js';
import { createLatencyRecorder, initLatencyRecorders } from '../reports/latency-recorder.js';
import type { RunReport } from '../reports/report-model.js';
import { generateOrders } from '../scenarios/arrivals.js';
import { generateDeliveries, type WebhookDelivery } from '../scenarios/webhook-deliveries.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { buildRunReport } from './build-run-report.js';
import { HistoryRecorder, type HistoryOperation } from './history.js';
import { checkProperties } from './properties/check-properties.js';
import { readModifyWriteTargets } from './properties/workflow-targets.js';
import type { Delivery, RunEvidence } from './properties/run-evidence.js';
import { createSimNetwork } from './sim-network.js';
import { SlidingWindowPeak } from './sliding-window-peak.js';
import { RunSeriesRecorder } from './run-series-recorder.js';
import { shopSeries } from './shop-series.js';
import { Simulator } from './simulator.js';

/** Flag overrides applied on top of a scenario file (the CLI's `--seed` and `--concurrency`). */
export interface ScenarioOverrides {
  seed?: number;
  concurrency?: number;
}

/** How far a run has got, for progress displays. */
export interface RunProgress {
  /** Virtual time reached, in ms. */
  virtualMs: number;
  /** Orders that have ended (created or dead-lettered). */
  ordersDone: number;
  ordersTotal: number;
}

/** Options of {@link runScenario}: `onProgress` leaves its result unchanged, `recordSeries` adds `report.series`, `buildPipeline` changes the run. */
export interface RunScenarioOptions {
  /** Called now and then during the run (every 65,536 simulator events). Must not wait. */
  onProgress?: (progress: RunProgress) => void;
  /**
   * Also record the run's time series and latency spectrum into `report.series` (for report.html). They
   * cost a little per call and order; defaults to false.
   */
  recordSeries?: boolean;
  /**
   * Builds the pipeline under test from the run's seams. Defaults to `createReferencePipeline` (with the
   * guarantees `pipeline.name` keeps). A seam for tests that judge the properties against a deliberately
   * worse pipeline (test/support/test-pipelines.ts); unlike the other options, it changes the run.
   */
  buildPipeline?: (deps: ReferencePipelineDeps) => ReferencePipeline;
}

/** The shop and app every simulated run talks to. Names only; nothing leaves the process. */
export const simShop = {
  domain: 'funnelstorm-launch.myshopify.com',
  accessToken: 'shpat_funnelstorm_sim',
  apiVersion: '2026-01',
} as const;

/** The note attribute that carries the source order id, shared by the pipeline and the audit. */
const sourceIdAttribute = 'source_order_id';

/** The window of the retry-wave figure (`api.retryPeakPer100Ms`), in ms. */
const retryWaveWindowMs = 100;

/**
 * The shop customer id of traffic customer `customerNumber` (1 …): the mock's customers are numbered from
 * `defaultCustomerStoreOptions.firstCustomerId` (7 000 000 000 001), so `cust-0001` is 7000000000001.
 */
export function simCustomerId(customerNumber: number): string {
  return String(defaultCustomerStoreOptions.firstCustomerId + customerNumber - 1);
}

/** Applies flag overrides to a scenario; the result is what runs and what the report records. */
export function resolveScenario(scenario: Scenario, overrides: ScenarioOverrides = {}): Scenario {
  return {
    ...scenario,
    seed: overrides.seed ?? scenario.seed,
    pipeline: { ...scenario.pipeline, concurrency: overrides.concurrency ?? scenario.pipeline.concurrency },
  };
}

/** A finished sim run: its report and what the property checkers read (sim/properties/). */
export interface SimulatedRun {
  report: RunReport;
  evidence: RunEvidence;
}

/**
 * Runs a scenario in sim mode and returns its report (see {@link simulateScenario}, which also returns the
 * run's evidence for the property checkers).
 *
 * @example
 * const report = await runScenario(loadScenario('scenarios/funnel-launch-standard.yaml'), { seed: 7 });
 */
export async function runScenario(
  scenario: Scenario,
  overrides: ScenarioOverrides = {},
  options: RunScenarioOptions = {},
): Promise<RunReport> {
  return (await simulateScenario(scenario, overrides, options)).report;
}

/**
 * Runs a scenario in sim mode: the traffic generator, the scenario's pipeline (the reference or a naive
 * baseline, `pipeline.name`) and the Shopify model behind the scenario's fault plan (its `faults` section,
 * windows from virtual 0), wired through the simulated network on one virtual clock, all randomness forked
 * from the scenario's seed (faults from `fork('faults')`). The same scenario and seed give the same report,
 * byte for byte.
 *
 * Traffic customer `cust-N` is the shop's customer N ({@link simCustomerId}); the shop has at least
 * `traffic.customers` customers and checks fencing tokens on customer writes, and the report audits every
 * customer's totals against its orders (lost updates).
 *
 * The run's history (sim/history.ts) records every request at both ends of the simulated network; with
 * the shop's final state it is the evidence the property checkers read.
 *
 * @example
 * const { report, evidence } = await simulateScenario(scenario);
 */
export async function simulateScenario(
  scenario: Scenario,
  overrides: ScenarioOverrides = {},
  options: RunScenarioOptions = {},
): Promise<SimulatedRun> {
  const resolved = resolveScenario(scenario, overrides);
  await initLatencyRecorders();
  const root = createRandom(resolved.seed);
  const traffic = root.fork('traffic');
  const orders = generateOrders(resolved.traffic, traffic);
  const scheduled = generateDeliveries(orders, resolved.traffic.webhooks, traffic);
  const limits = { bucketSize: resolved.shop.bucketSize, leakPerSecond: resolved.shop.leakPerSecond };

  const sim = new Simulator();
  const service = createShopifyService({
    model: {
      limits,
      apiVersion: simShop.apiVersion,
      sourceIdAttribute,
      fencing: true,
      customersPerShop: Math.max(defaultCustomerStoreOptions.count, resolved.traffic.customers),
    },
    random: root.fork('faults'),
    faults: resolved.faults,
  });
  const history = new HistoryRecorder(sim, appliedProbe(service));
  const network = createSimNetwork(
    sim,
    history.server((request, nowMs) => service.serve(request, nowMs)),
    root.fork('network'),
    resolved.network,
  );
  const transport = history.client(network);
  const deliveries: Delivery[] = [];
  const endToEnd = createLatencyRecorder();
  const apiCall = createLatencyRecorder();
  const calls = { firstSentAtMs: Infinity, lastSentAtMs: -Infinity };
  const retries = new SlidingWindowPeak(retryWaveWindowMs);
  const series = options.recordSeries === true ? new RunSeriesRecorder() : undefined;
  let lastCompletionMs = 0;
  // Progress counts source orders, not deliveries: a duplicate delivery that a naive pipeline works again
  // must not push it past the total.
  const ordersEnded = new Set<string>();

  const { name, ...settings } = resolved.pipeline;
  const pipeline = (options.buildPipeline ?? createReferencePipeline)({
    clock: sim,
    random: root.fork('pipeline'),
    transport,
    store: createMemoryStore(sim),
    shop: simShop,
    limits,
    options: { ...settings, ...variantGuarantees(name), sourceIdAttribute },
    spawn: (processName, body) => sim.spawn(processName, body),
    ...(resolved.workflow && { workflow: resolved.workflow }),
    hooks: {
      onIssue(request) {
        if (request.retry) retries.record(request.atMs);
      },
      onCall(call) {
        apiCall.record(call.latencyMs);
        series?.call(call);
        calls.firstSentAtMs = Math.min(calls.firstSentAtMs, call.sentAtMs);
        calls.lastSentAtMs = Math.max(calls.lastSentAtMs, call.sentAtMs);
      },
      onOrderDone(order, outcome, atMs) {
        series?.done(
          atMs,
          outcome,
          outcome.kind === 'already-claimed' ? undefined : atMs - order.receivedAtMs,
        );
        if (outcome.kind === 'already-claimed') return;
        ordersEnded.add(order.sourceOrderId);
        endToEnd.record(atMs - order.receivedAtMs);
        lastCompletionMs = Math.max(lastCompletionMs, atMs);
      },
    },
  });

  // Every webhook delivery, duplicates and late ones included, in time order: each is a fresh intake of its
  // order, received when it is delivered.
  const ordersById = new Map(orders.map((order) => [order.id, order]));
  sim.spawn('traffic', async () => {
    for (const delivery of scheduled) {
      // generateDeliveries delivers only the orders it was given.
      const order = ordersById.get(delivery.sourceOrderId)!;
      if (delivery.atMs > sim.nowMs()) await sim.sleep(delivery.atMs - sim.nowMs());
      // The scheduled delivery itself when it came on time (it is the same record): one object per delivery
      // instead of two, for the whole run (issue 12, bounded memory).
      const atMs = sim.nowMs();
      deliveries.push(atMs === delivery.atMs ? delivery : { sourceOrderId: order.id, atMs });
      series?.accepted(atMs);
      pipeline.accept({
        sourceOrderId: order.id,
        customerId: simCustomerId(order.customerNumber),
        totalCents: order.totalCents,
        receivedAtMs: atMs,
      });
    }
    pipeline.close();
  });
  pipeline.workers().forEach((body, index) => sim.spawn(`worker-${index}`, body));

  try {
    const { onProgress } = options;
    const result = await sim.run({
      onProgress:
        onProgress &&
        ((virtualMs) => onProgress({ virtualMs, ordersDone: ordersEnded.size, ordersTotal: orders.length })),
    });
    if (result.blockedWaits > 0) {
      throw new FunnelstormError(
        'INTERNAL',
        `The run ended at t=${result.endMs} ms with ${result.blockedWaits} process(es) still waiting: the pipeline deadlocked.`,
      );
    }
    const deadLetters = pipeline.deadLetters.entries();
    const audit = auditOrders(
      service.model,
      orders.map((o) => o.id),
      deadLetters.map((d) => d.key),
    );
    const report = buildRunReport({
      scenario: resolved,
      // The ideal drain starts each order at its first delivery: a late one cannot be worked on earlier.
      arrivalsMs: firstDeliveriesMs(scheduled),
      audit,
      customerAudit: auditCustomers(service.model.shop(simShop.domain), {
        listLimit: 0,
        target: readModifyWriteTargets(resolved.workflow)[0] ?? defaultLoyaltyTarget,
      }),
      deadLetters,
      customerDeadLetters: pipeline.customerDeadLetters.entries(),
      retries: { issued: retries.count, peakPer100Ms: retries.peak },
      // Every traffic customer is a shop customer, so each order costs its workflow's calls: 3 by default
      // (a create, a read and a write).
      idealCallsPerOrder: callsPerOrder(resolved.workflow),
      shopStats: service.model.stats(),
      ...(resolved.faults && { faults: service.faultStats() }),
      ...(resolved.network.pauses && { network: { pausedRequests: network.pausedRequests() } }),
      calls,
      lastCompletionMs,
      latency: { endToEnd: endToEnd.summary(), apiCall: apiCall.summary() },
      simulation: result,
    });
    const giveUps = (letters: readonly { key: string; reason: string }[]) =>
      letters.map(({ key, reason }) => ({ key, reason }));
    const evidence: RunEvidence = {
      scenario: resolved,
      orders,
      deliveries,
      shop: service.model.shop(simShop.domain),
      deadLetters: giveUps(deadLetters),
      customerDeadLetters: giveUps(pipeline.customerDeadLetters.entries()),
      history: history.operations,
      report,
    };
    // The checkers read the report's figures too, so the verdicts join it last.
    report.properties = checkProperties(evidence);
    if (series) report.series = series.finish(result.endMs, shopSeries(service.model));
    return { report, evidence };
  } finally {
    endToEnd.destroy();
    apiCall.destroy();
  }
}

/** Each source order's first delivery time, in time order (its arrival time when none is late). */
function firstDeliveriesMs(deliveries: readonly WebhookDelivery[]): number[] {
  const seen = new Set<string>();
  const times: number[] = [];
  for (const { sourceOrderId, atMs } of deliveries) {
    if (seen.has(sourceOrderId)) continue;
    seen.add(sourceOrderId);
    times.push(atMs);
  }
  return times;
}

/** What changes when the shop applies an operation: its orders of the source id, or the customer's writes. */
function appliedProbe(service: ShopifyService): (operation: HistoryOperation) => number {
  return (operation) => {
    const shop = service.model.shop(simShop.domain);
    if (operation.kind === 'order.create') return shop.orders.count;
    if (operation.kind !== 'customer.write' || operation.customerId === undefined) return 0;
    return shop.customers.get(Number(operation.customerId))?.updates ?? 0;
  };
}
