import { formatDuration } from './format-duration.js';
import { formatNumber, formatPercent } from './format-number.js';
import { findReportMetric, reportMetricNames, type ReportMetric } from './report-metrics.js';
import type { RunReport } from './report-model.js';

/** A comparison a threshold makes between a run's figure and its limit. */
export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** A parsed threshold, k6-style: `p99 < 30s` is the metric `p99`, `<`, and 30,000 (ms). */
export interface Threshold {
  /** The text as the user wrote it, trimmed. */
  expression: string;
  metric: string;
  operator: ThresholdOperator;
  /** The limit in the metric's own unit: ms for latencies, a fraction for `rate429` (1 % is 0.01). */
  limit: number;
}

/** A threshold judged against one run. */
export interface ThresholdResult extends Threshold {
  /** The run's figure, or null when it has none (a drain ratio when every call fit in the burst). */
  actual: number | null;
  /** True when the figure meets the limit, or the run has no such figure (nothing to judge). */
  passed: boolean;
}

/** A threshold or the reason it could not be read. */
export type ParsedThreshold = { ok: true; threshold: Threshold } | { ok: false; reason: string };

const durationUnitsMs: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

const pattern = /^([A-Za-z][A-Za-z0-9]*)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*(ms|s|m|h|%)?$/;

/**
 * Reads a threshold such as `p99 < 30s`, `duplicates == 0`, `rate429 < 0.01` (or `< 1%`),
 * `deadLettered <= 5`, `drainRatio < 1.05`. A duration unit (ms, s, m, h) is allowed on latencies only,
 * and a bare number there is milliseconds; `%` on `rate429` only.
 *
 * @example
 * parseThreshold('p99 < 30s'); // { ok: true, threshold: { metric: 'p99', operator: '<', limit: 30000, … } }
 */
export function parseThreshold(text: string): ParsedThreshold {
  const expression = text.trim();
  const match = pattern.exec(expression);
  if (match === null)
    return {
      ok: false,
      reason: `"${expression}" is not a threshold: write <metric> <op> <number>[unit], e.g. "p99 < 30s" or "duplicates == 0" (op: < <= > >= == !=)`,
    };
  const [, name = '', operator = '<', number = '0', unit] = match;
  const metric = findReportMetric(name);
  if (metric === undefined)
    return { ok: false, reason: `"${expression}": unknown metric "${name}" (known: ${reportMetricNames()})` };
  const limit = scaleLimit(Number(number), unit, metric);
  if (typeof limit === 'string') return { ok: false, reason: `"${expression}": ${limit}` };
  return {
    ok: true,
    threshold: { expression, metric: name, operator: operator as ThresholdOperator, limit },
  };
}

function scaleLimit(value: number, unit: string | undefined, metric: ReportMetric): number | string {
  if (unit === undefined) return value;
  if (unit === '%')
    return metric.unit === 'fraction'
      ? value / 100
      : `"%" is only for a share such as rate429 (${metric.name} is in ${metric.unit})`;
  const scale = durationUnitsMs[unit] ?? 1;
  return metric.unit === 'ms'
    ? value * scale
    : `a duration unit is only for a latency (${metric.name} is in ${metric.unit})`;
}

/** Whether `actual <operator> limit` holds. */
function compare(actual: number, operator: ThresholdOperator, limit: number): boolean {
  switch (operator) {
    case '<':
      return actual < limit;
    case '<=':
      return actual <= limit;
    case '>':
      return actual > limit;
    case '>=':
      return actual >= limit;
    case '==':
      return actual === limit;
    case '!=':
      return actual !== limit;
  }
}

/**
 * Judges each threshold against the run, in the order given. A run without the figure (a drain ratio
 * when the whole run fit in the burst) passes: there is nothing to hold against the limit.
 */
export function evaluateThresholds(report: RunReport, thresholds: readonly Threshold[]): ThresholdResult[] {
  return thresholds.map((threshold) => {
    // Every parsed threshold names a known metric.
    const actual = findReportMetric(threshold.metric)!.read(report);
    return {
      ...threshold,
      actual,
      passed: actual === null || compare(actual, threshold.operator, threshold.limit),
    };
  });
}

/** The thresholds that failed. */
export function failedThresholds(results: readonly ThresholdResult[]): ThresholdResult[] {
  return results.filter((result) => !result.passed);
}

/** The run's figure for a threshold in the threshold's terms: `41.2 s`, `0.3 %`, `3`, or `n/a`. */
export function formatThresholdActual(result: Pick<ThresholdResult, 'metric' | 'actual'>): string {
  if (result.actual === null) return 'n/a (the run has no such figure)';
  const unit = findReportMetric(result.metric)?.unit;
  if (unit === 'ms') return formatDuration(result.actual);
  if (unit === 'fraction') return formatPercent(result.actual);
  return formatNumber(result.actual, 3);
}
