import { escapeHtml, htmlPage } from './html-page.js';
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
  const title = `funnelstorm knee · ${sweep.scenario.name}`;
  const plans = sweep.plans
    .map((plan, i) => {
      const planAnalysis = analysis.plans.find((a) => a.plan === plan.plan) ?? analysis.plans[i];
      const header = kneeTableHeader.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('');
      const rows = kneeTableRows(plan, planAnalysis, sweep.assumptions)
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
  return htmlPage({
    title,
    css: [
      'td, th { text-align: right; white-space: nowrap; }',
      '.recommendation { font-size: 15px; max-width: 960px; }',
    ].join('\n'),
    body: [
      `<p>${escapeHtml(sweep.mode)} · seeds ${escapeHtml(sweep.seeds.join(', '))} · ${escapeHtml(sweep.scenario.file)}</p>`,
      plans,
      sensitivity,
    ].join('\n'),
    dataId: 'funnelstorm-knee-data',
    data: kneeChartData(sweep, analysis),
    script: kneeHtmlScript,
  });
}
