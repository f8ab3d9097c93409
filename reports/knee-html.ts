import { escapeHtml, uplot } from './html-report.js';
import { kneeChartData } from './knee-chart-data.js';
import { kneeHtmlScript } from './knee-html-script.js';
import type { KneeAnalysis, KneeSweep } from './knee-model.js';
import { kneePlanHeading, kneeTableHeader, kneeTableRows, sensitivityText } from './knee-table.js';

/**
 * knee.html: one self-contained page — per plan the recommendation, a chart (orders/s and p99 against
 * concurrency, the plan's ceiling as a dashed line, the knee marked, the recommended point ringed) drawn by
 * uPlot (inlined, with the data) and the table of points; then the sensitivity rows. Opens offline: no CDN,
 * no font, no request of any kind.
 */
export function kneeHtml(sweep: KneeSweep, analysis: KneeAnalysis): string {
  const { script, style } = uplot();
  const data = JSON.stringify(kneeChartData(sweep, analysis)).replace(/</g, '\\u003c');
  const title = `funnelstorm knee · ${sweep.scenario.name}`;
  const plans = sweep.plans
    .map((plan, i) => {
      const planAnalysis = analysis.plans.find((a) => a.plan === plan.plan) ?? analysis.plans[i];
      const header = kneeTableHeader.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('');
      const rows = kneeTableRows(plan, planAnalysis)
        .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
        .join('\n');
      return [
        `<section class="plan">`,
        `<h2>${escapeHtml(kneePlanHeading(plan))}</h2>`,
        planAnalysis === undefined ? '' : `<p class="recommendation">${escapeHtml(planAnalysis.text)}</p>`,
        `<div class="chart" id="knee-chart-${i}"></div>`,
        `<table><tr>${header}</tr>\n${rows}</table>`,
        `</section>`,
      ].join('\n');
    })
    .join('\n');
  const sensitivity =
    analysis.sensitivity.length === 0
      ? ''
      : `<h2>Sensitivity (one assumption changed at a time)</h2>\n<ul>${analysis.sensitivity
          .map((row) => {
            const sweepKnee = analysis.plans.find((a) => a.plan === row.plan)?.kneeConcurrency;
            return `<li>${escapeHtml(sensitivityText(row, sweepKnee))}</li>`;
          })
          .join('')}</ul>`;
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
td, th { border: 1px solid #ddd; padding: 4px 8px; text-align: right; vertical-align: top; white-space: nowrap; }
.recommendation { font-size: 15px; max-width: 960px; }
.chart { margin: 16px 0; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(sweep.mode)} · seeds ${escapeHtml(sweep.seeds.join(', '))} · ${escapeHtml(sweep.scenario.file)}</p>
${plans}
${sensitivity}
<script type="application/json" id="funnelstorm-knee-data">${data}</script>
<script>${script}</script>
<script>${kneeHtmlScript}</script>
</body>
</html>
`;
}
