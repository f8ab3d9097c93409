import type { RunReport } from './report-model.js';

/** How a metric's figure is read and compared. */
export type MetricUnit = 'ms' | 'count' | 'fraction' | 'ratio' | 'per-second';

/** One figure of a run report that thresholds and `compare` can name. */
export interface ReportMetric {
  /** The name used in thresholds (`p99 < 30s`) and `--fail-on` (`p99+10%`). */
  name: string;
  /** What it is, for help texts and reports. */
  description: string;
  unit: MetricUnit;
  /** True when a higher figure is worse (latency, 429s); false when a higher one is better (throughput). */
  higherIsWorse: boolean;
  /** The figure, or null when the run has none (a drain ratio when everything fit in the burst). */
  read(report: RunReport): number | null;
}

const latency = (
  name: string,
  figure: 'p50' | 'p90' | 'p99' | 'max' | 'mean',
  of: 'endToEnd' | 'apiCall',
): ReportMetric => ({
  name,
  description: `${of === 'endToEnd' ? 'end-to-end' : 'per-call'} latency ${figure}, in ms`,
  unit: 'ms',
  higherIsWorse: true,
  read: (report) => (report.latencyMs[of].count === 0 ? null : report.latencyMs[of][figure]),
});

const count = (name: string, description: string, read: (report: RunReport) => number): ReportMetric => ({
  name,
  description,
  unit: 'count',
  higherIsWorse: true,
  read,
});

/**
 * Every metric a threshold or a comparison can name, in the order reports list them. End-to-end latency
 * (`p50` … `max`) is from an order's arrival to its completion; `apiP50`/`apiP99` per call.
 */
export const reportMetrics: readonly ReportMetric[] = [
  latency('p50', 'p50', 'endToEnd'),
  latency('p90', 'p90', 'endToEnd'),
  latency('p99', 'p99', 'endToEnd'),
  latency('max', 'max', 'endToEnd'),
  latency('mean', 'mean', 'endToEnd'),
  latency('apiP50', 'p50', 'apiCall'),
  latency('apiP99', 'p99', 'apiCall'),
  {
    name: 'drainRatio',
    description: 'backlog drain time over the ideal schedule’s (1 = ideal)',
    unit: 'ratio',
    higherIsWorse: true,
    read: (report) => report.drain?.ratio ?? null,
  },
  {
    name: 'rate429',
    description: 'share of the calls that reached the shop answered 429 (0.01 = 1 %)',
    unit: 'fraction',
    higherIsWorse: true,
    read: (report) => report.api.status429Share,
  },
  {
    name: 'callsPerSecond',
    description: 'sustained calls per second beyond the burst',
    unit: 'per-second',
    higherIsWorse: false,
    read: (report) => report.api.callsPerSecond,
  },
  count('duplicates', 'orders created more than once', (report) => report.orders.duplicates),
  count('missing', 'orders neither in the shop nor dead-lettered', (report) => report.orders.missing),
  count('lostUpdates', 'customers whose totals differ from their orders', (r) => r.customers.lostUpdates),
  count('deadLettered', 'orders dead-lettered', (report) => report.orders.deadLettered),
  count('status429', 'calls answered 429 by the shop', (report) => report.api.status429),
  count('retries', 'retries the client issued', (report) => report.api.retries),
  count('calls', 'calls that reached the shop', (report) => report.api.calls),
];

/** The metric named `name`, or undefined. */
export function findReportMetric(name: string): ReportMetric | undefined {
  return reportMetrics.find((metric) => metric.name === name);
}

/** `p50, p90, …`: the names a threshold may use, for error messages. */
export function reportMetricNames(): string {
  return reportMetrics.map((metric) => metric.name).join(', ');
}
