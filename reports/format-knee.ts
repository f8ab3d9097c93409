import { wrapWords } from './format-properties.js';
import type { KneeAnalysis, KneeSweep } from './knee-model.js';
import { kneePlanHeading, kneeTableHeader, kneeTableRows, sensitivityText } from './knee-table.js';
import { visibleWidth } from './wrap-line.js';

/** Options of {@link formatKnee}. */
export interface FormatKneeOptions {
  /** The terminal's width for the words (tables are never cut), in columns. Defaults to 100. */
  columns: number;
}

/**
 * The terminal output of `funnelstorm knee`: the sweep's scenario, mode and seeds; per plan a heading, the
 * table of points (right-aligned columns, the recommended point and the knee marked) and the recommendation
 * with its evidence and the assumptions it rests on; then the one-at-a-time sensitivity rows when the sweep has them.
 *
 * @example
 * process.stdout.write(formatKnee(sweep, analyseKnee(sweep), { columns: process.stdout.columns ?? 100 }));
 */
export function formatKnee(
  sweep: KneeSweep,
  analysis: KneeAnalysis,
  options: Partial<FormatKneeOptions> = {},
): string {
  const columns = Math.max(40, options.columns ?? 100);
  const words = (text: string, indent = ''): string[] =>
    wrapWords(text, columns - indent.length, Infinity).map((line) => `${indent}${line}`);
  const lines = [
    `knee ${sweep.scenario.name} (${sweep.scenario.file}) · ${sweep.mode} · seeds ${sweep.seeds.join(', ')}`,
  ];
  sweep.plans.forEach((plan, i) => {
    const planAnalysis = analysis.plans.find((a) => a.plan === plan.plan) ?? analysis.plans[i];
    lines.push(
      '',
      kneePlanHeading(plan),
      ...table([[...kneeTableHeader], ...kneeTableRows(plan, planAnalysis, sweep.assumptions)]),
    );
    if (planAnalysis !== undefined) lines.push(...words(planAnalysis.text, '  '));
  });
  if (analysis.sensitivity.length > 0) {
    lines.push('', 'Sensitivity (one assumption changed at a time):');
    for (const row of analysis.sensitivity) {
      const sweepKnee = analysis.plans.find((a) => a.plan === row.plan)?.kneeConcurrency;
      lines.push(...words(sensitivityText(row, sweepKnee), '  '));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Right-aligned columns two spaces apart, the last (the marks) left-aligned; trailing spaces trimmed. */
function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, c) => (widths[c] = Math.max(widths[c] ?? 0, visibleWidth(cell))));
  return rows.map((row) =>
    row
      .map((cell, c) => {
        const pad = ' '.repeat((widths[c] ?? 0) - visibleWidth(cell));
        return c === row.length - 1 ? `${cell}${pad}` : `${pad}${cell}`;
      })
      .join('  ')
      .trimEnd(),
  );
}
