import { formatDuration } from './format-duration.js';
import { formatNumber, formatPercent } from './format-number.js';
import type { RunReport } from './report-model.js';
import { formatThresholdActual, type ThresholdResult } from './thresholds.js';

/** What {@link formatMarkdownSummary} writes about. */
export interface MarkdownSummaryInput {
  report: RunReport;
  thresholds: readonly ThresholdResult[];
  /** The run's verdict: what its exit code says (true for 0). */
  passed: boolean;
}

/**
 * summary.md: the run in Markdown for a CI job summary (`$GITHUB_STEP_SUMMARY`) or a pull-request comment —
 * the verdict first, then thresholds, properties and the key figures as tables. Pure: same input, same text.
 */
export function formatMarkdownSummary({ report, thresholds, passed }: MarkdownSummaryInput): string {
  const lines = [
    `## funnelstorm run: ${escapeCell(report.scenario.name)} — ${passed ? '✅ passed' : '❌ failed'}`,
    '',
    `Seed ${report.seed} · plan ${escapeCell(report.shop.plan)} (bucket ${report.shop.bucketSize}, leak ` +
      `${formatNumber(report.shop.leakPerSecond, 2)}/s) · pipeline ${escapeCell(report.pipeline.name)} × ` +
      `${report.pipeline.concurrency}`,
    '',
  ];
  if (thresholds.length > 0) {
    lines.push('### Thresholds', '', '| threshold | actual | result |', '| --- | --- | --- |');
    for (const result of thresholds)
      lines.push(
        `| \`${result.expression.replace(/[|`\r\n]/g, ' ')}\` | ${formatThresholdActual(result)} | ${result.passed ? '✅ pass' : '❌ fail'} |`,
      );
    lines.push('');
  }
  if (report.properties !== undefined && report.properties.length > 0) {
    lines.push('### Properties', '', '| property | verdict | detail |', '| --- | --- | --- |');
    for (const verdict of report.properties) {
      const mark = !verdict.applies ? '– n/a' : verdict.holds ? '✅ holds' : '❌ broken';
      lines.push(`| ${verdict.property} | ${mark} | ${escapeCell(verdict.detail)} |`);
    }
    lines.push('');
  }
  const { orders, api, latencyMs } = report;
  lines.push('### Figures', '', '| figure | value |', '| --- | --- |');
  const rows: [string, string][] = [
    ['orders', `${formatNumber(orders.generated)} generated · ${formatNumber(orders.created)} created`],
    ['duplicates · missing', `${formatNumber(orders.duplicates)} · ${formatNumber(orders.missing)}`],
    ['dead-lettered', formatNumber(orders.deadLettered)],
    ['lost updates', formatNumber(report.customers.lostUpdates)],
    [
      'API calls',
      `${formatNumber(api.calls)} (${formatNumber(api.status429)} × 429, ${formatPercent(api.status429Share)})`,
    ],
    ['rate', `${formatNumber(api.callsPerSecond, 2)}/s of ${formatNumber(api.leakPerSecond, 2)}/s leak`],
    ['drain', report.drain?.ratio == null ? 'n/a' : `${report.drain.ratio.toFixed(3)}× ideal`],
    ['end-to-end p50 · p99 · max', latencyRow(latencyMs.endToEnd)],
    [
      'per call p50 · p99',
      latencyMs.apiCall.count === 0
        ? 'no samples'
        : `${formatDuration(latencyMs.apiCall.p50)} · ${formatDuration(latencyMs.apiCall.p99)}`,
    ],
  ];
  for (const [label, value] of rows) lines.push(`| ${label} | ${value} |`);
  lines.push('');
  return lines.join('\n');
}

function latencyRow(summary: RunReport['latencyMs']['endToEnd']): string {
  if (summary.count === 0) return 'no samples';
  return [summary.p50, summary.p99, summary.max].map(formatDuration).join(' · ');
}

/** Text safe inside a Markdown table cell: no pipes or line breaks, no HTML. */
export function escapeCell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
