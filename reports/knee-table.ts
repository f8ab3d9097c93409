import { formatDuration } from './format-duration.js';
import { formatNumber } from './format-number.js';
import { callsInFlight, kneeCurve } from './knee-analysis.js';
import type {
  KneeAssumptions,
  KneePlanAnalysis,
  KneePoint,
  KneeSensitivity,
  KneeSweepPlan,
} from './knee-model.js';

/** The columns of the knee table, as every output (terminal, Markdown, HTML) heads them. */
export const kneeTableHeader = [
  'workers',
  'orders/s',
  '% ceiling',
  'calls/s',
  'in flight',
  'p50',
  'p99',
  'queue p99',
  '429s',
  'dead letters',
  'spread orders/s / p99',
  '',
] as const;

/**
 * One plan's table: a row of text cells per point of the analysed curve (rate scale 1), in the order of
 * {@link kneeTableHeader}. In flight is Little's law's cross-check: calls/s × the time a call holds a worker,
 * the workers busy on average (at most the concurrency). The spread is half the lowest-to-highest range of orders/s and of p99 across seeds,
 * relative to their means; the last cell
 * marks the recommended point and the knee Kneedle found.
 */
export function kneeTableRows(
  plan: KneeSweepPlan,
  analysis: KneePlanAnalysis | undefined,
  assumptions: KneeAssumptions,
): string[][] {
  return kneeCurve(plan).map((point) => [
    String(point.concurrency),
    formatNumber(point.ordersPerSecond, 3),
    `${formatNumber(point.ceilingShare * 100, 1)} %`,
    formatNumber(point.callsPerSecond, 2),
    formatNumber(callsInFlight(point, assumptions), 1),
    formatDuration(point.p50Ms),
    formatDuration(point.p99Ms),
    formatDuration(point.queueWaitP99Ms),
    `${formatNumber(point.share429 * 100, 2)} %`,
    formatNumber(point.deadLetters, 1),
    spread(point),
    marks(point, analysis),
  ]);
}

/** Half the range across seeds, relative to the mean: `±1.0 % / ±2.3 %` (orders/s / p99). */
function spread(point: KneePoint): string {
  if (point.runs.length < 2) return '–';
  const half = (range: { min: number; max: number }, mean: number): string =>
    mean > 0 ? `±${formatNumber(((range.max - range.min) / 2 / mean) * 100, 1)} %` : '–';
  return `${half(point.spread.ordersPerSecond, point.ordersPerSecond)} / ${half(point.spread.p99Ms, point.p99Ms)}`;
}

function marks(point: KneePoint, analysis: KneePlanAnalysis | undefined): string {
  return [
    ...(analysis?.recommended?.concurrency === point.concurrency ? ['recommended'] : []),
    ...(analysis?.kneeConcurrency === point.concurrency ? ['knee'] : []),
  ].join(', ');
}

/** A plan's heading: its bucket, leak rate, calls per order and ceiling. */
export function kneePlanHeading(plan: KneeSweepPlan): string {
  return (
    `${plan.plan}: bucket ${formatNumber(plan.bucketSize)}, leak ${formatNumber(plan.leakPerSecond, 2)} calls/s, ` +
    `${formatNumber(plan.callsPerOrder, 2)} calls per order, ceiling ${formatNumber(plan.ceilingOrdersPerSecond, 3)} orders/s`
  );
}

/**
 * A sensitivity row in words, with the sweep's own knee on that plan when known:
 * `standard: roundTripMs 2,500 → 5,000 moves the knee from 6 to 12`.
 */
export function sensitivityText(row: KneeSensitivity, sweepKnee: number | undefined): string {
  const knee = (value: number | undefined): string => (value === undefined ? 'none' : String(value));
  const change = `${row.plan}: ${row.assumption} ${formatNumber(row.from, 2)} → ${formatNumber(row.to, 2)}`;
  if (sweepKnee === row.kneeConcurrency) return `${change} leaves the knee at ${knee(sweepKnee)}`;
  return `${change} moves the knee from ${knee(sweepKnee)} to ${knee(row.kneeConcurrency)}`;
}
