import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { formatDuration } from './format-duration.js';
import { formatNumber, formatPercent } from './format-number.js';
import { htmlChartData } from './html-report-data.js';
import { htmlReportScript } from './html-report-script.js';
import type { RunReport } from './report-model.js';
import { formatThresholdActual, type ThresholdResult } from './thresholds.js';

/** What {@link formatHtmlReport} shows. */
export interface HtmlReportInput {
  report: RunReport;
  thresholds: readonly ThresholdResult[];
  passed: boolean;
}

let uplotAssets: { script: string; style: string } | undefined;

/** uPlot's minified browser build and its stylesheet, read once from the installed package (MIT). */
export function uplot(): { script: string; style: string } {
  if (uplotAssets === undefined) {
    const require = createRequire(import.meta.url);
    const read = (file: string): string => readFileSync(require.resolve(`uplot/dist/${file}`), 'utf8');
    uplotAssets = { script: read('uPlot.iife.min.js'), style: read('uPlot.min.css') };
  }
  return uplotAssets;
}

/**
 * report.html: one self-contained page — the verdict, thresholds, properties and key figures as tables, and
 * charts drawn by uPlot (inlined, with the data) — that opens offline: no CDN, no font, no request of any
 * kind. Charts need the run's series (`run --out` records them); without them the page has the tables only.
 */
export function formatHtmlReport({ report, thresholds, passed }: HtmlReportInput): string {
  const { script, style } = uplot();
  const data = JSON.stringify(htmlChartData(report)).replace(/</g, '\\u003c');
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
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${style}
body { font: 14px/1.4 system-ui, sans-serif; margin: 16px; color: #212121; }
table { border-collapse: collapse; margin: 8px 0 16px; }
td, th { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
.verdict { font-size: 18px; font-weight: bold; color: ${passed ? '#2e7d32' : '#c62828'}; }
.chart { margin: 16px 0; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="verdict">${passed ? 'Passed' : 'Failed'}</p>
<p>plan ${escapeHtml(report.shop.plan)} (bucket ${report.shop.bucketSize}, leak ${formatNumber(report.shop.leakPerSecond, 2)}/s) · pipeline ${escapeHtml(report.pipeline.name)} × ${report.pipeline.concurrency} · ${formatDuration(report.virtualDurationMs)} virtual</p>
${thresholdRows.length > 0 ? `<h2>Thresholds</h2>\n<table><tr><th>threshold</th><th>actual</th><th>result</th></tr>\n${rows(thresholdRows)}</table>` : ''}
${propertyRows.length > 0 ? `<h2>Properties</h2>\n<table><tr><th>property</th><th>verdict</th><th>detail</th></tr>\n${rows(propertyRows)}</table>` : ''}
<h2>Figures</h2>
<table>${rows(figureRows)}</table>
<h2>Charts</h2>
<p>Shaded: fault windows of the scenario.</p>
<div id="charts"></div>
<script type="application/json" id="funnelstorm-data">${data}</script>
<script>${script}</script>
<script>${htmlReportScript}</script>
</body>
</html>
`;
}

/** Text safe in HTML content and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
