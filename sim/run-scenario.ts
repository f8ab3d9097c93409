import { auditOrders } from '../mocks/audit.js';
import { auditCustomers } from '../mocks/customer-audit.js';
import { defaultCustomerStoreOptions } from '../mocks/customer-store.js';
import { createShopifyService, type ShopifyService } from '../mocks/shopify-service.js';
import { variantGuarantees } from '../pipeline/pipeline-variants.js';
import { createMemoryStore } from '../pipeline/memory-store.js';
import { observeCalls, type CallRecord } from '../pipeline/observe-calls.js';
import {
  referencePipelineModule,
  type PipelineModule,
  type PipelineSeams,
} from '../pipeline/pipeline-contract.js';
import { defaultLoyaltyTarget } from '../pipeline/loyalty-requests.js';
import { callsPerOrder } from '../pipeline/workflow-steps.js';
import { FunnelstormError } from '../runtime/errors.js';
import { createRandom } from '../runtime/seeded-random.js';
import { createLatencyRecorder, initLatencyRecorders } from '../reports/latency-recorder.js';
import type { RunReport } from '../reports/report-model.js';
import type { RunSeries } from '../reports/run-series.js';
import { expectedOrders } from '../scenarios/expected-orders.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { buildRunReport } from './build-run-report.js';
import { HistoryRecorder, type HistoryOperation } from './history.js';
import { checkProperties } from './properties/check-properties.js';
import { readModifyWriteTargets } from './properties/workflow-targets.js';
import type { RunEvidence } from './properties/run-evidence.js';
import { DeliveryLog } from './delivery-log.js';
import { EndedOrders } from './ended-orders.js';
import { SourceOrderLog } from './source-order-log.js';
import { createSimNetwork } from './sim-network.js';
import { SlidingWindowPeak } from './sliding-window-peak.js';
import { RunSeriesRecorder } from './run-series-recorder.js';
import type { RunObserver } from './run-observer.js';
import { withStoreRoundTrip } from './round-trip-store.js';
import { runShops } from './run-shops.js';
import { shopDeliveries } from './shop-deliveries.js';
import { simShop, type ShopOfMany } from './shop-part.js';
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

/** Options of {@link runScenario}: `onProgress` leaves its result unchanged, `recordSeries` adds `report.series`, `pipeline` changes the run. */
export interface RunScenarioOptions {
  /** Called now and then during the run (every 65,536 simulator events). Must not wait. */
  onProgress?: (progress: RunProgress) => void;
  /**
   * Also record the run's time series and latency spectrum into `report.series` (for report.html). They
   * cost a little per call and order; defaults to false.
   */
  recordSeries?: boolean;
  /**
   * The pipeline under test, built from the run's seams under the public contract
   * (pipeline/pipeline-contract.ts): a user's module (`run --pipeline ./mine.ts`) or a deliberately worse
   * one in tests (test/support/test-pipelines.ts). It gets the scenario's pipeline settings with the
   * guarantees `pipeline.name` keeps, and its requests are recorded at the transport; `name` replaces
   * `pipeline.name` in the report (a module's path). Defaults to the reference (or the baseline
   * `pipeline.name` names); unlike the other options, it changes the run.
   */
  pipeline?: { module: PipelineModule; name?: string };
  /** Runs one shop of a many-shop scenario instead of the whole (sim/run-shops.ts sets it). */
  shopOfMany?: ShopOfMany;
  /** Told of every delivery, request and order end as the run goes (a knee sweep's measurement); listens only. */
  observer?: RunObserver;
}

// Kept importable from here, where its callers have always found it.
export { simShop } from './shop-part.js';

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
  const resolved = resolveScenario(scenario, overrides);
  if ((resolved.shop.count ?? 1) > 1 && options.shopOfMany === undefined)
    return runShops(resolved, options, simulateScenario);
  return (await simulateScenario(resolved, {}, options)).report;
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
  // The checkers run once the simulation's own state (the pipeline and its store, the simulated network)
  // is out of scope and collectable: at a million orders, hundreds of MB at the run's memory peak (issue 12).
  const { report, evidence, series } = await simulateRun(scenario, overrides, options);
  // The checkers read the report's figures too, so the verdicts join it last.
  report.properties = checkProperties(evidence);
  if (series) report.series = series;
  return { report, evidence };
}

/** {@link simulateScenario} up to the verdicts: the report without them, the evidence and the series. */
async function simulateRun(
  scenario: Scenario,
  overrides: ScenarioOverrides,
  options: RunScenarioOptions,
): Promise<SimulatedRun & { series?: RunSeries }> {
  const resolved = resolveScenario(scenario, overrides);
  if ((resolved.shop.count ?? 1) > 1 && options.shopOfMany === undefined)
    throw new FunnelstormError(
      'INTERNAL',
      `simulateScenario runs one shop; "${resolved.name}" has shop.count ${resolved.shop.count}: run it with runScenario, which judges each shop on its own evidence (sim/run-shops.ts).`,
    );
  await initLatencyRecorders();
  const root = createRandom(resolved.seed);
  const traffic = root.fork('traffic');
  // The traffic process pulls orders as virtual time reaches them (a trace replays in constant memory,
  // unless the run needs the whole plan: sim/shop-deliveries.ts); each pulled order joins `orders` for the
  // audit, each first delivery's time `firstArrivalsMs`.
  const orders = new SourceOrderLog();
  const firstArrivalsMs: number[] = [];
  const { scheduled, shop, world, redelivery } = shopDeliveries(
    resolved.traffic,
    root,
    traffic,
    orders,
    options.shopOfMany,
  );
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
    random: world.fork('faults'),
    faults: resolved.faults,
  });
  const history = new HistoryRecorder(sim, appliedProbe(service, shop.domain), sourceIdAttribute);
  const transport = createSimNetwork(
    sim,
    (request, nowMs) => service.serve(request, nowMs),
    world.fork('network'),
    { ...resolved.network, recorder: history },
  );
  const deliveries = new DeliveryLog(orders.ids);
  const endToEnd = createLatencyRecorder();
  const apiCall = createLatencyRecorder();
  const calls = { firstSentAtMs: Infinity, lastSentAtMs: -Infinity };
  const retries = new SlidingWindowPeak(retryWaveWindowMs);
  const series = options.recordSeries === true ? new RunSeriesRecorder() : undefined;
  let lastCompletionMs = 0;
  // Progress counts source orders, not deliveries: a duplicate delivery that a naive pipeline works again
  // must not push it past the total.
  const ordersEnded = new EndedOrders();

  const { name, ...settings } = resolved.pipeline;
  const recordCall = (call: CallRecord): void => {
    apiCall.record(call.latencyMs);
    options.shopOfMany?.apiCall.record(call.latencyMs);
    series?.call(call);
    options.observer?.call(call);
    calls.firstSentAtMs = Math.min(calls.firstSentAtMs, call.sentAtMs);
    calls.lastSentAtMs = Math.max(calls.lastSentAtMs, call.sentAtMs);
  };
  // The reference reports its calls through `onCall`; a module's are recorded at the transport instead, so a
  // module need not report them and cannot count one twice.
  const underTest = options.pipeline?.module;
  const seams: PipelineSeams = {
    clock: sim,
    random: world.fork('pipeline'),
    transport: underTest ? observeCalls(sim, recordCall)(transport) : transport,
    store: withStoreRoundTrip(createMemoryStore(sim), sim, resolved.store?.roundTripMs ?? 0),
    shop,
    limits,
    spawn: (processName, body) => sim.spawn(processName, body),
    ...(resolved.workflow && { workflow: resolved.workflow }),
    hooks: {
      onIssue(request) {
        if (request.retry) retries.record(request.atMs);
        options.observer?.issued(request.atMs);
      },
      onCall: underTest ? undefined : recordCall,
      onOrderDone(order, outcome, atMs) {
        options.observer?.done(atMs, outcome);
        series?.done(
          atMs,
          outcome,
          outcome.kind === 'already-claimed' ? undefined : atMs - order.receivedAtMs,
        );
        if (outcome.kind === 'already-claimed') return;
        ordersEnded.add(order.sourceOrderId);
        endToEnd.record(atMs - order.receivedAtMs);
        options.shopOfMany?.endToEnd.record(atMs - order.receivedAtMs);
        lastCompletionMs = Math.max(lastCompletionMs, atMs);
      },
    },
  };
  const pipeline = (underTest ?? referencePipelineModule).createPipeline(seams, {
    ...settings,
    ...variantGuarantees(name),
    sourceIdAttribute,
  });

  // Every webhook delivery, duplicates and late ones included, in time order: each is a fresh intake of its
  // order, received when it is delivered.
  sim.spawn('traffic', async () => {
    for (const { order, atMs: scheduledMs, first } of scheduled) {
      if (first) firstArrivalsMs.push(scheduledMs);
      if (scheduledMs > sim.nowMs()) await sim.sleep(scheduledMs - sim.nowMs());
      const atMs = sim.nowMs();
      deliveries.push({ sourceOrderId: order.id, atMs });
      series?.accepted(atMs);
      options.observer?.accepted(atMs);
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
        ((virtualMs) =>
          onProgress({
            virtualMs,
            ordersDone: ordersEnded.size,
            ordersTotal: Math.max(orders.length, Math.ceil(expectedOrders(resolved.traffic))),
          })),
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
      orders.sourceIds(),
      deadLetters.map((d) => d.key),
    );
    const report = buildRunReport({
      scenario: resolved,
      // The ideal drain starts each order at its first delivery: a late one cannot be worked on earlier.
      arrivalsMs: firstArrivalsMs,
      audit,
      customerAudit: auditCustomers(service.model.shop(shop.domain), {
        listLimit: 0,
        target: readModifyWriteTargets(resolved.workflow)[0] ?? defaultLoyaltyTarget,
      }),
      deadLetters,
      customerDeadLetters: pipeline.customerDeadLetters?.entries() ?? [],
      retries: { issued: retries.count, peakPer100Ms: retries.peak },
      // Every traffic customer is a shop customer, so each order costs its workflow's calls: 3 by default
      // (a create, a read and a write).
      idealCallsPerOrder: callsPerOrder(resolved.workflow),
      shopStats: service.model.stats(),
      ...(resolved.faults && { faults: service.faultStats() }),
      ...(resolved.network.pauses && { network: { pausedRequests: transport.pausedRequests() } }),
      ...(redelivery && { webhooks: { ...redelivery, abandoned: redelivery.abandoned.length } }),
      calls,
      lastCompletionMs,
      latency: { endToEnd: endToEnd.summary(), apiCall: apiCall.summary() },
      simulation: result,
    });
    if (options.pipeline?.name !== undefined) report.pipeline.name = options.pipeline.name;
    const giveUps = (letters: readonly { key: string; reason: string }[]) =>
      letters.map(({ key, reason }) => ({ key, reason }));
    const evidence: RunEvidence = {
      scenario: resolved,
      orders,
      deliveries,
      shop: service.model.shop(shop.domain),
      deadLetters: giveUps(deadLetters),
      customerDeadLetters: giveUps(pipeline.customerDeadLetters?.entries() ?? []),
      history: history.operations,
      report,
    };
    const runSeries = series?.finish(result.endMs, shopSeries(service.model));
    return { report, evidence, ...(runSeries && { series: runSeries }) };
  } finally {
    endToEnd.destroy();
    apiCall.destroy();
  }
}

/** What changes when the shop applies an operation: its orders of the source id, or the customer's writes. */
function appliedProbe(service: ShopifyService, domain: string): (operation: HistoryOperation) => number {
  return (operation) => {
    const shop = service.model.shop(domain);
    if (operation.kind === 'order.create') return shop.orders.count;
    if (operation.kind !== 'customer.write' || operation.customerId === undefined) return 0;
    return shop.customers.updatesOf(Number(operation.customerId));
  };
}
