import type { KneeAnalysis, KneeSweep } from './knee-model.js';
import { kneePlanHeading, kneeTableHeader, kneeTableRows, sensitivityText } from './knee-table.js';
import { escapeCell } from './markdown-summary.js';

/**
 * knee.md: the sweep in Markdown for a pull request or a CI job summary — per plan the recommendation first
 * (with its evidence and assumptions), then the table of points; then the sensitivity rows when present.
 * Pure: same input, same text.
 */
export function kneeMarkdown(sweep: KneeSweep, analysis: KneeAnalysis): string {
  const lines = [
    `## funnelstorm knee: ${escapeCell(sweep.scenario.name)}`,
    '',
    `${sweep.mode} · seeds ${sweep.seeds.join(', ')} · \`${escapeCell(sweep.scenario.file).replace(/`/g, "'")}\``,
    '',
  ];
  sweep.plans.forEach((plan, i) => {
    const planAnalysis = analysis.plans.find((a) => a.plan === plan.plan) ?? analysis.plans[i];
    lines.push(`### ${escapeCell(kneePlanHeading(plan))}`, '');
    if (planAnalysis !== undefined) lines.push(`> ${escapeCell(planAnalysis.text)}`, '');
    const header = kneeTableHeader.map((cell) => (cell === '' ? 'note' : cell));
    lines.push(`| ${header.join(' | ')} |`, `| ${header.map(() => '---:').join(' | ')} |`);
    for (const row of kneeTableRows(plan, planAnalysis, sweep.assumptions))
      lines.push(`| ${row.map(escapeCell).join(' | ')} |`);
    lines.push('');
  });
  if (analysis.sensitivity.length > 0) {
    lines.push('### Sensitivity (one assumption changed at a time)', '');
    for (const row of analysis.sensitivity) {
      const sweepKnee = analysis.plans.find((a) => a.plan === row.plan)?.kneeConcurrency;
      lines.push(`- ${escapeCell(sensitivityText(row, sweepKnee))}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
