import { formatDuration } from './format-duration.js';
import { formatNumber, formatPercent } from './format-number.js';
import { htmlChartData } from './html-report-data.js';
import { htmlReportScript } from './html-report-script.js';
import { escapeHtml, htmlPage } from './html-page.js';
import type { RunReport } from './report-model.js';
import { formatThresholdActual, type ThresholdResult } from './thresholds.js';

/** What {@link formatHtmlReport} shows. */
export interface HtmlReportInput {
  report: RunReport;
  thresholds: readonly ThresholdResult[];
  passed: boolean;
}

/**
 * report.html: one self-contained page — the verdict, thresholds, properties and key figures as tables, and
 * charts drawn by uPlot (inlined, with the data) — that opens offline: no CDN, no font, no request of any
 * kind. Charts need the run's series (`run --out` records them); without them the page has the tables only.
 */
export function formatHtmlReport({ report, thresholds, passed }: HtmlReportInput): string {
  const title = `funnelstorm · ${report.scenario.name} · seed ${report.seed}`;
  const rows = (cells: readonly (readonly string[])[]): string =>
    cells.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  const thresholdRows = thresholds.map((t) => [
    t.expression,
    formatThresholdActual(t),
    t.passed ? 'pass' : 'FAIL',
  ]);
  const propertyRows = (report.properties ?? []).map((p) => [
    p.property,
    !p.applies ? 'n/a' : p.holds ? 'holds' : 'BROKEN',
    p.detail,
  ]);
  const { orders, api, latencyMs } = report;
  const figureRows = [
    [
      'orders',
      `${formatNumber(orders.generated)} generated · ${formatNumber(orders.created)} created · ${formatNumber(orders.duplicates)} duplicates · ${formatNumber(orders.missing)} missing · ${formatNumber(orders.deadLettered)} dead-lettered`,
    ],
    [
      'api',
      `${formatNumber(api.calls)} calls · ${formatNumber(api.status429)} × 429 (${formatPercent(api.status429Share)}) · ${formatNumber(api.retries)} retries`,
    ],
    ['rate', `${formatNumber(api.callsPerSecond, 2)}/s of ${formatNumber(api.leakPerSecond, 2)}/s`],
    ['drain', report.drain?.ratio == null ? 'n/a' : `${report.drain.ratio.toFixed(3)}× ideal`],
    [
      'end-to-end',
      `p50 ${formatDuration(latencyMs.endToEnd.p50)} · p99 ${formatDuration(latencyMs.endToEnd.p99)} · max ${formatDuration(latencyMs.endToEnd.max)}`,
    ],
    [
      'api call',
      `p50 ${formatDuration(latencyMs.apiCall.p50)} · p99 ${formatDuration(latencyMs.apiCall.p99)}`,
    ],
  ];
  const body = `<p class="verdict">${passed ? 'Passed' : 'Failed'}</p>
<p>plan ${escapeHtml(report.shop.plan)} (bucket ${report.shop.bucketSize}, leak ${formatNumber(report.shop.leakPerSecond, 2)}/s) · pipeline ${escapeHtml(report.pipeline.name)} × ${report.pipeline.concurrency} · ${formatDuration(report.virtualDurationMs)} virtual</p>
${thresholdRows.length > 0 ? `<h2>Thresholds</h2>\n<table><tr><th>threshold</th><th>actual</th><th>result</th></tr>\n${rows(thresholdRows)}</table>` : ''}
${propertyRows.length > 0 ? `<h2>Properties</h2>\n<table><tr><th>property</th><th>verdict</th><th>detail</th></tr>\n${rows(propertyRows)}</table>` : ''}
<h2>Figures</h2>
<table>${rows(figureRows)}</table>
<h2>Charts</h2>
<p>Shaded: fault windows of the scenario.</p>
<div id="charts"></div>`;
  return htmlPage({
    title,
    css: `.verdict { font-size: 18px; font-weight: bold; color: ${passed ? '#2e7d32' : '#c62828'}; }`,
    body,
    dataId: 'funnelstorm-data',
    data: htmlChartData(report),
    script: htmlReportScript,
  });
}
