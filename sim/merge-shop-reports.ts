import {
  propertyNames,
  type FaultReport,
  type LatencySummary,
  type PropertyVerdict,
  type RunReport,
  type ShopReport,
} from '../reports/report-model.js';
import type { Scenario } from '../scenarios/scenario-types.js';

/** What the whole many-shop run knows beyond its shops' reports. */
export interface ShopRunFacts {
  /** Each shop's domain, in rank order (as the reports). */
  domains: readonly string[];
  /** The whole run's latency percentiles (every shop's values in one histogram each). */
  latency: { endToEnd: LatencySummary; apiCall: LatencySummary };
  /** Source orders the traffic emitted, over all shops. */
  generated: number;
}

/** Dead letters listed in the report, as a one-shop report lists them. */
const deadLettersListed = 100;
/** Order ids a merged property verdict names, as a one-shop verdict does. */
const orderIdsListed = 20;

/**
 * One report for a many-shop run (sim/run-shops.ts) from its shops' reports, in the one-shop report's
 * shape and field order, plus `shops`, one line per shop:
 * - counts (orders, customers, calls, 429s, retries, faults, paused requests, events) are summed;
 * - `api.leakPerSecond` is the shops' leak rates summed (`shop` keeps the plan's, per shop), and the
 *   sustained rate is the shops' summed; `retryPeakPer100Ms` is the largest of any one shop;
 * - the drain runs from the first call of any shop to the last completion of any, against the latest
 *   ideal end of any shop;
 * - latency percentiles are the whole run's (`facts.latency`), not an average of the shops';
 * - a property applies when it applies to some shop and holds when it holds on every shop it applies to;
 *   its detail names the first shop where it broke, or says it held on each.
 */
export function mergeShopReports(
  scenario: Scenario,
  reports: readonly RunReport[],
  facts: ShopRunFacts,
): RunReport {
  const sum = (pick: (report: RunReport) => number): number =>
    reports.reduce((total, report) => total + pick(report), 0);
  const first = reports[0]!;
  const calls = sum((r) => r.api.calls);
  const status429 = sum((r) => r.api.status429);
  const leakPerSecond = sum((r) => r.api.leakPerSecond);
  const callsPerSecond = sum((r) => r.api.callsPerSecond);
  const network = reports.some((r) => r.network) && {
    network: { pausedRequests: sum((r) => r.network?.pausedRequests ?? 0) },
  };
  const webhooks = reports.some((r) => r.webhooks) && {
    webhooks: {
      failedAttempts: sum((r) => r.webhooks?.failedAttempts ?? 0),
      slowAnswers: sum((r) => r.webhooks?.slowAnswers ?? 0),
      redelivered: sum((r) => r.webhooks?.redelivered ?? 0),
      abandoned: sum((r) => r.webhooks?.abandoned ?? 0),
    },
  };
  const faults = mergeFaults(reports.flatMap((r) => (r.faults ? [r.faults] : [])));
  return {
    funnelstormReport: first.funnelstormReport,
    seed: scenario.seed,
    scenario: { name: scenario.name, resolved: scenario },
    shop: first.shop,
    pipeline: first.pipeline,
    orders: {
      generated: facts.generated,
      created: sum((r) => r.orders.created),
      duplicates: sum((r) => r.orders.duplicates),
      missing: sum((r) => r.orders.missing),
      deadLettered: sum((r) => r.orders.deadLettered),
      unattributed: sum((r) => r.orders.unattributed),
      unexpected: sum((r) => r.orders.unexpected),
    },
    customers: {
      checked: sum((r) => r.customers.checked),
      lostUpdates: sum((r) => r.customers.lostUpdates),
      deadLettered: sum((r) => r.customers.deadLettered),
    },
    api: {
      calls,
      status429,
      callsPerSecond: round(callsPerSecond),
      leakPerSecond: round(leakPerSecond),
      leakUtilisation: leakPerSecond > 0 ? round(callsPerSecond / leakPerSecond) : 0,
      status429Share: calls > 0 ? round(status429 / calls, 4) : 0,
      retries: sum((r) => r.api.retries),
      retryPeakPer100Ms: Math.max(...reports.map((r) => r.api.retryPeakPer100Ms)),
    },
    ...network,
    ...webhooks,
    ...(faults && { faults }),
    drain: mergeDrains(reports),
    properties: mergeProperties(reports, facts.domains),
    latencyMs: facts.latency,
    virtualDurationMs: Math.max(...reports.map((r) => r.virtualDurationMs)),
    events: sum((r) => r.events),
    deadLetters: reports.flatMap((r) => r.deadLetters).slice(0, deadLettersListed),
    shops: reports.map((report, index) => shopLine(facts.domains[index]!, report)),
  };
}

/** One shop's line in the report. */
function shopLine(domain: string, report: RunReport): ShopReport {
  return {
    domain,
    orders: report.orders.generated,
    created: report.orders.created,
    duplicates: report.orders.duplicates,
    missing: report.orders.missing,
    deadLettered: report.orders.deadLettered,
    lostUpdates: report.customers.lostUpdates,
    calls: report.api.calls,
    status429: report.api.status429,
    p99Ms: report.latencyMs.endToEnd.p99,
    drainMs: report.drain?.durationMs ?? 0,
    drainRatio: report.drain?.ratio ?? null,
    brokenProperties: (report.properties ?? []).filter((v) => v.applies && !v.holds).map((v) => v.property),
  };
}

function mergeFaults(reports: readonly FaultReport[]): FaultReport | undefined {
  const first = reports[0];
  if (first === undefined) return undefined;
  const byKind: Record<string, number> = {};
  for (const report of reports)
    for (const [kind, n] of Object.entries(report.byKind)) byKind[kind] = (byKind[kind] ?? 0) + n;
  const total = (pick: (report: FaultReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
  return {
    rules: first.rules,
    requests: total((r) => r.requests),
    byKind,
    ambiguousCommitted: total((r) => r.ambiguousCommitted),
    addedLatencyMs: round(total((r) => r.addedLatencyMs)),
    byRule: first.byRule.map(({ kind }, index) => ({
      kind,
      fired: total((r) => r.byRule[index]?.fired ?? 0),
      applied: total((r) => r.byRule[index]?.applied ?? 0),
    })),
  };
}

function mergeDrains(reports: readonly RunReport[]): RunReport['drain'] {
  const drains = reports.flatMap((r) => (r.drain ? [r.drain] : []));
  if (drains.length === 0) return null;
  const firstCallMs = Math.min(...drains.map((d) => d.firstCallMs));
  const lastCompletionMs = Math.max(...drains.map((d) => d.lastCompletionMs));
  const idealEndMs = Math.max(...drains.map((d) => d.firstCallMs + d.idealMs));
  const durationMs = lastCompletionMs - firstCallMs;
  const idealMs = idealEndMs - firstCallMs;
  return {
    firstCallMs: round(firstCallMs),
    lastCompletionMs: round(lastCompletionMs),
    durationMs: round(durationMs),
    idealMs: round(idealMs),
    ratio: idealMs > 0 ? round(durationMs / idealMs, 4) : null,
    callsPerOrder: drains[0]!.callsPerOrder,
  };
}

function mergeProperties(reports: readonly RunReport[], domains: readonly string[]): PropertyVerdict[] {
  return propertyNames.map((property) => {
    const verdicts = reports.flatMap((report, index) => {
      const verdict = report.properties?.find((v) => v.property === property);
      return verdict ? [{ verdict, domain: domains[index]! }] : [];
    });
    const applying = verdicts.filter(({ verdict }) => verdict.applies);
    const broken = applying.filter(({ verdict }) => !verdict.holds);
    const ratios = applying.flatMap(({ verdict }) => (verdict.ratio === undefined ? [] : [verdict.ratio]));
    const shown = broken[0] ?? applying[0] ?? verdicts[0];
    const detail =
      shown === undefined
        ? 'no shop was judged'
        : broken.length > 0
          ? `broken on ${broken.length} of ${reports.length} shops; ${shown.domain}: ${shown.verdict.detail}`
          : applying.length > 0
            ? applying.length === reports.length
              ? `holds on all ${reports.length} shops`
              : `holds on the ${applying.length} of ${reports.length} shops it applies to`
            : `applies to none of the ${reports.length} shops; ${shown.domain}: ${shown.verdict.detail}`;
    return {
      property,
      applies: applying.length > 0,
      holds: broken.length === 0,
      detail,
      orderIds: broken
        .flatMap(({ verdict }) => verdict.orderIds)
        .sort()
        .slice(0, orderIdsListed),
      ...(ratios.length > 0 && { ratio: Math.max(...ratios) }),
    };
  });
}

function round(value: number, decimals = 3): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
