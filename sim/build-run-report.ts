import type { OrderAudit } from '../mocks/audit.js';
import type { FaultStats } from '../mocks/faults/fault-stats.js';
import type { DeadLetter } from '../pipeline/dead-letter-queue.js';
import { idealDrainEndMs } from '../reports/ideal-drain.js';
import {
  reportVersion,
  type FaultReport,
  type LatencySummary,
  type NetworkReport,
  type RunReport,
  type WebhookReport,
} from '../reports/report-model.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import type { SimulationResult } from './simulator.js';

/** Everything a finished run knows, for {@link buildRunReport}. */
export interface RunFacts {
  scenario: Scenario;
  /**
   * When each order could first be worked on, sorted, in ms: its first webhook delivery (its arrival, unless
   * that delivery was late). One per source order; the drain's ideal schedule starts from these.
   */
  arrivalsMs: readonly number[];
  audit: Pick<OrderAudit, 'created' | 'duplicates' | 'missing' | 'unattributed' | 'unexpected'>;
  /** The customer audit: customers checked and lost updates. */
  customerAudit: { customersChecked: number; lostUpdates: number };
  /** Orders the pipeline could not create. */
  deadLetters: readonly DeadLetter<unknown>[];
  /** Customer updates the pipeline gave up on (their orders exist). */
  customerDeadLetters: readonly DeadLetter<unknown>[];
  /** Retries the client issued, and the most of them within any 100 ms. */
  retries: { issued: number; peakPer100Ms: number };
  /** The calls an ideal client makes per order (1 create, + 2 when customers are updated). */
  idealCallsPerOrder: number;
  /** The shop's own count of requests that reached it, and of its 429s. */
  shopStats: { calls: number; byStatus: Readonly<Record<number, number>> };
  /** When the client sent its first and last request, in ms. */
  calls: { firstSentAtMs: number; lastSentAtMs: number };
  lastCompletionMs: number;
  latency: { endToEnd: LatencySummary; apiCall: LatencySummary };
  simulation: SimulationResult;
  /** What the fault plan did; absent when the scenario has none. */
  faults?: FaultStats;
  /** What the network did beyond its fixed delays; absent when the scenario's network holds no request. */
  network?: NetworkReport;
  /** What Shopify's webhook redelivery did; absent when the scenario's webhooks never fail. */
  webhooks?: WebhookReport;
}

/** Dead letters listed in the report; the count is always complete. */
const deadLettersListed = 100;

/**
 * Assembles the JSON report. Field order is fixed here and numbers are rounded to 3 decimals, so equal
 * runs serialise to equal bytes.
 */
export function buildRunReport(facts: RunFacts): RunReport {
  const { scenario, shopStats, calls } = facts;
  const { bucketSize, leakPerSecond } = scenario.shop;
  const status429 = shopStats.byStatus[429] ?? 0;
  const activeMs = calls.lastSentAtMs - calls.firstSentAtMs;
  // The sustained rate: calls beyond the first bucketful (which the burst absorbs for free) per second of
  // the active window — the figure that compares with the leak rate.
  const sustained = activeMs > 0 ? (Math.max(0, shopStats.calls - bucketSize) * 1000) / activeMs : 0;
  return {
    funnelstormReport: reportVersion,
    seed: scenario.seed,
    scenario: { name: scenario.name, resolved: scenario },
    shop: { plan: scenario.shop.plan, bucketSize, leakPerSecond },
    pipeline: { name: scenario.pipeline.name, concurrency: scenario.pipeline.concurrency },
    orders: {
      generated: facts.arrivalsMs.length,
      created: facts.audit.created,
      duplicates: facts.audit.duplicates,
      missing: facts.audit.missing,
      deadLettered: facts.deadLetters.length,
      unattributed: facts.audit.unattributed,
      unexpected: facts.audit.unexpected,
    },
    customers: {
      checked: facts.customerAudit.customersChecked,
      lostUpdates: facts.customerAudit.lostUpdates,
      deadLettered: facts.customerDeadLetters.length,
    },
    api: {
      calls: shopStats.calls,
      status429,
      callsPerSecond: round(sustained),
      leakPerSecond,
      leakUtilisation: round(sustained / leakPerSecond),
      status429Share: shopStats.calls > 0 ? round(status429 / shopStats.calls, 4) : 0,
      retries: facts.retries.issued,
      retryPeakPer100Ms: facts.retries.peakPer100Ms,
    },
    ...(facts.network && { network: { pausedRequests: facts.network.pausedRequests } }),
    ...(facts.webhooks && { webhooks: { ...facts.webhooks } }),
    ...(facts.faults && { faults: faultReport(facts.faults) }),
    drain: drainSummary(facts),
    latencyMs: facts.latency,
    virtualDurationMs: round(facts.simulation.endMs),
    events: facts.simulation.events,
    // Order give-ups first, then customer updates, so a long list still shows the orders.
    deadLetters: [...facts.deadLetters, ...facts.customerDeadLetters]
      .slice(0, deadLettersListed)
      .map((d) => ({ sourceOrderId: d.key, reason: d.reason, attempts: d.attempts })),
  };
}

function faultReport(stats: FaultStats): FaultReport {
  return {
    rules: stats.byRule.length,
    requests: stats.requests,
    byKind: { ...stats.byKind },
    ambiguousCommitted: stats.ambiguousCommitted,
    addedLatencyMs: round(stats.addedLatencyMs),
    byRule: stats.byRule.map(({ kind, fired, applied }) => ({ kind, fired, applied })),
  };
}

function drainSummary(facts: RunFacts): RunReport['drain'] {
  const { firstSentAtMs } = facts.calls;
  if (!Number.isFinite(firstSentAtMs)) return null;
  const { bucketSize, leakPerSecond } = facts.scenario.shop;
  const callsPerOrder = facts.idealCallsPerOrder;
  // The ideal client makes each order's calls back to back: one slot per call, so k calls an order is the
  // same schedule as k arrivals at the order's time (walked in place, no array of k × N times: issue 12).
  const idealMs =
    idealDrainEndMs(facts.arrivalsMs, bucketSize, leakPerSecond, firstSentAtMs, callsPerOrder) -
    firstSentAtMs;
  const durationMs = facts.lastCompletionMs - firstSentAtMs;
  return {
    firstCallMs: round(firstSentAtMs),
    lastCompletionMs: round(facts.lastCompletionMs),
    durationMs: round(durationMs),
    idealMs: round(idealMs),
    ratio: idealMs > 0 ? round(durationMs / idealMs, 4) : null,
    callsPerOrder,
  };
}

function round(value: number, decimals = 3): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
