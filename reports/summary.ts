import { ansiStyle, type AnsiStyle } from './ansi-style.js';
import { fitWidth } from './fit-width.js';
import { formatDeadLetters } from './format-dead-letters.js';
import { formatDuration, formatSeconds } from './format-duration.js';
import { formatNumber, formatPercent } from './format-number.js';
import { formatProperties } from './format-properties.js';
import { formatShops, webhooksText } from './format-shops.js';
import { wrapLine } from './wrap-line.js';
import type { FaultReport, LatencySummary, RunReport } from './report-model.js';

/** Options of {@link formatSummary}. */
export interface SummaryOptions {
  /** Wall-clock time the run took, in ms; adds the wall time and the speed-up. Defaults to none. */
  wallMs?: number;
  /** Whether to use ANSI colours (failures in red). Defaults to false. */
  color?: boolean;
  /** How many dead letters to list. Defaults to 3. */
  deadLetterLimit?: number;
}

/** Default {@link SummaryOptions}. */
export const defaultSummaryOptions: Required<Omit<SummaryOptions, 'wallMs'>> = {
  color: false,
  deadLetterLimit: 3,
};

/** The width summary lines are kept within, in columns: a default terminal's. */
const columns = 80;
/** Width of the label column, in columns. */
const labelWidth = 12;
const dot = ' · ';

/**
 * The terminal summary printed after `funnelstorm run`: the scenario and seed first, then the plan,
 * the pipeline, the order audit, the customer audit (lost updates), the property verdicts when the
 * report has them (✓ holds, ✗ BROKEN with the order ids involved, – does not apply), API calls with the
 * 429s and the retries (and the largest retry wave), the achieved rate against the leak rate, the drain
 * against the ideal schedule, latencies in human units, and time. Plain aligned text within 80 columns (long lines wrap at their ` · `);
 * ANSI colour only when `color` is true. Returns the lines joined by `\n`, without a trailing newline.
 *
 * @example
 * console.log(formatSummary(report, { wallMs: 1200, color: process.stdout.isTTY }));
 * // scenario    launch-1000 · seed 7
 * // plan        standard · bucket 40 · leak 2/s
 * // ...
 */
export function formatSummary(report: RunReport, options: SummaryOptions = {}): string {
  const { color, deadLetterLimit } = { ...defaultSummaryOptions, ...options };
  const paint = (text: string, styles: readonly AnsiStyle[]): string => ansiStyle(text, styles, color);
  const { orders, api, shop } = report;
  const line = (label: string, value: string): string =>
    wrapLine(`${label.padEnd(labelWidth)}${value}`, columns, labelWidth);
  const lines: string[] = [];

  const seed = `${dot}seed ${report.seed}`;
  lines.push(
    line('scenario', `${fitWidth(report.scenario.name, columns - labelWidth - seed.length)}${seed}`),
  );
  lines.push(
    line(
      'plan',
      `${fitWidth(shop.plan, 30)}${dot}bucket ${formatNumber(shop.bucketSize, 2)}` +
        `${dot}leak ${formatNumber(shop.leakPerSecond, 2)}/s`,
    ),
  );
  lines.push(
    line('pipeline', `${fitWidth(report.pipeline.name, 40)}${dot}concurrency ${report.pipeline.concurrency}`),
  );

  const failure = (count: number, noun: string): string =>
    paint(`${formatNumber(count)} ${noun}`, count > 0 ? ['red', 'bold'] : ['green']);
  const warning = (count: number, noun: string): string =>
    count > 0 ? paint(`${formatNumber(count)} ${noun}`, ['yellow']) : `${formatNumber(count)} ${noun}`;
  lines.push(
    line(
      'orders',
      [
        `${formatNumber(orders.generated)} generated`,
        `${formatNumber(orders.created)} created`,
        failure(orders.duplicates, orders.duplicates === 1 ? 'duplicate' : 'duplicates'),
        failure(orders.missing, 'missing'),
        warning(orders.deadLettered, 'dead-lettered'),
        // Only when some are: an order nobody can tie to a source order is never routine.
        ...(orders.unattributed > 0 ? [failure(orders.unattributed, 'unattributed')] : []),
        ...(orders.unexpected > 0 ? [failure(orders.unexpected, 'unexpected')] : []),
      ].join(dot),
    ),
  );

  const { customers } = report;
  lines.push(
    line(
      'customers',
      [
        `${formatNumber(customers.checked)} checked`,
        failure(customers.lostUpdates, customers.lostUpdates === 1 ? 'lost update' : 'lost updates'),
        warning(customers.deadLettered, 'dead-lettered'),
      ].join(dot),
    ),
  );

  // The property verdicts judge the run as a whole (sim runs only), so they follow the audit they extend.
  if (report.properties !== undefined && report.properties.length > 0)
    lines.push(
      formatProperties(report.properties, {
        label: 'properties'.padEnd(labelWidth),
        columns,
        color,
        detailLinesMax: Infinity,
      }),
    );

  const share = api.calls > 0 ? ` (${formatPercent(api.status429Share)})` : '';
  const retries =
    api.retries > 0
      ? `${dot}${formatNumber(api.retries)} retries (at most ${formatNumber(api.retryPeakPer100Ms)} in 100 ms)`
      : `${dot}0 retries`;
  lines.push(
    line('api', `${formatNumber(api.calls)} calls${dot}${warning(api.status429, `× 429${share}`)}${retries}`),
  );
  lines.push(
    line(
      'rate',
      `${formatNumber(api.callsPerSecond, 2)}/s of ${formatNumber(api.leakPerSecond, 2)}/s` +
        ` (${formatPercent(api.leakUtilisation)})`,
    ),
  );

  if (report.faults !== undefined) lines.push(line('faults', faultsText(report.faults)));
  if (report.webhooks !== undefined) lines.push(line('webhooks', webhooksText(report.webhooks)));

  if (report.drain !== null) {
    const { durationMs, idealMs, ratio } = report.drain;
    const verdict = ratio === null ? ' (all within the burst)' : ` → ${ratio.toFixed(3)}×`;
    lines.push(line('drain', `${formatSeconds(durationMs)} vs ideal ${formatSeconds(idealMs)}${verdict}`));
  }

  lines.push(line('end-to-end', latencyText(report.latencyMs.endToEnd, ['p50', 'p90', 'p99', 'max'])));
  lines.push(line('api call', latencyText(report.latencyMs.apiCall, ['p50', 'p99'])));

  const time = [
    `${formatDuration(report.virtualDurationMs)} virtual`,
    `${formatNumber(report.events)} events`,
  ];
  if (options.wallMs !== undefined && Number.isFinite(options.wallMs) && options.wallMs >= 0) {
    time.push(`${formatDuration(options.wallMs)} wall`);
    if (options.wallMs > 0) time.push(`${formatSpeedUp(report.virtualDurationMs / options.wallMs)} speed-up`);
  }
  lines.push(line('time', time.join(dot)));
  if (report.shops !== undefined) lines.push(...formatShops(report.shops, { columns, labelWidth }));

  if (report.deadLetters.length > 0) {
    const total = Math.max(orders.deadLettered, report.deadLetters.length);
    const shown = Math.min(deadLetterLimit, report.deadLetters.length);
    lines.push(shown < total ? `dead letters (first ${shown} of ${formatNumber(total)})` : 'dead letters');
    lines.push(formatDeadLetters(report.deadLetters, { limit: deadLetterLimit, total, columns }));
  }
  return lines.join('\n');
}

/** `12 ambiguous (11 committed) · 40 status · 2,000 latency (+3m 20s) · 1 limits`: the kinds that fired. */
function faultsText(faults: FaultReport): string {
  const parts = Object.entries(faults.byKind)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => {
      if (kind === 'ambiguous')
        return `${formatNumber(count)} ambiguous (${formatNumber(faults.ambiguousCommitted)} committed)`;
      if (kind === 'latency')
        return `${formatNumber(count)} latency (+${formatDuration(faults.addedLatencyMs)})`;
      return `${formatNumber(count)} ${kind}`;
    });
  const requests = `of ${formatNumber(faults.requests)} requests`;
  return parts.length === 0 ? `none fired ${requests}` : `${parts.join(dot)}${dot}${requests}`;
}

type LatencyFigure = 'p50' | 'p90' | 'p99' | 'max';

function latencyText(summary: LatencySummary, figures: readonly LatencyFigure[]): string {
  if (summary.count === 0) return 'no samples';
  return figures.map((figure) => `${figure} ${formatDuration(summary[figure])}`).join(dot);
}

/** A ratio of virtual to wall time: `1,234×`, `12.3×`, `1.23×`. */
function formatSpeedUp(ratio: number): string {
  return `${formatNumber(ratio, ratio >= 100 ? 0 : ratio >= 10 ? 1 : 2)}×`;
}
