import { ansiStyle } from './ansi-style.js';
import type { Comparison, MetricComparison, RuleVerdict } from './compare-runs.js';
import { fitWidth } from './fit-width.js';
import { formatNumber } from './format-number.js';
import { formatJunitSuites } from './junit-xml.js';
import { findReportMetric, type MetricUnit } from './report-metrics.js';

/** A metric's figure, exactly: `631,234.5 ms`, `0.25 %`, `1.0004`, `12`. */
export function formatFigure(value: number | null, unit: MetricUnit): string {
  if (value === null) return 'n/a';
  if (unit === 'ms') return `${formatNumber(value, 3)} ms`;
  if (unit === 'fraction') return `${formatNumber(value * 100, 3)} %`;
  if (unit === 'per-second') return `${formatNumber(value, 3)}/s`;
  return formatNumber(value, 4);
}

/** The change of a metric: `+3,600 ms (+34.2 %)`, or `=` when it did not change. */
function changeText(metric: MetricComparison): string {
  if (metric.delta === null) return 'n/a';
  if (metric.delta === 0 && metric.relative === 0) return '=';
  const sign = metric.delta > 0 ? '+' : '';
  const unit = metric.unit === 'fraction' ? 'pp' : '';
  const delta =
    metric.unit === 'fraction'
      ? `${sign}${formatNumber(metric.delta * 100, 3)} ${unit}`
      : `${sign}${formatFigure(metric.delta, metric.unit)}`;
  return metric.relative === null ? delta : `${delta} (${percent(metric.relative)})`;
}

/** A signed share as a percentage: `+34.21 %`, `−0.5 %`. */
function percent(share: number): string {
  if (!Number.isFinite(share)) return share > 0 ? '+∞ %' : '−∞ %';
  return `${share > 0 ? '+' : ''}${formatNumber(share * 100, 2)} %`;
}

/** A rule's worsening and limit in its own terms. */
function ruleAmount(verdict: RuleVerdict, value: number): string {
  const { kind, metric } = verdict.rule;
  if (kind === 'relative') return percent(value);
  if (kind === 'points') return `${value > 0 ? '+' : ''}${formatNumber(value * 100, 3)} pp`;
  return `${value > 0 ? '+' : ''}${formatNumber(value, 3)}${findReportMetric(metric)?.unit === 'ms' ? ' ms' : ''}`;
}

/** `✗ p99+10%  +34.21 % > 10 % limit` (sets: with the interval). */
function ruleLine(verdict: RuleVerdict): string {
  const mark = verdict.regressed ? '✗' : '✓';
  if (verdict.worsening === null) return `${mark} ${verdict.rule.text}  no figures`;
  const interval =
    verdict.interval === undefined
      ? ''
      : ` [95 % ${ruleAmount(verdict, verdict.interval.low)} … ${ruleAmount(verdict, verdict.interval.high)}]`;
  const limit = ruleAmount(verdict, verdict.limit).replace(/^\+/, '');
  const relation = verdict.regressed ? '>' : '≤';
  return `${mark} ${verdict.rule.text}  ${ruleAmount(verdict, verdict.worsening)}${interval} ${relation} ${limit}`;
}

/**
 * The terminal text of a comparison, lines within 80 columns: the method, the verdict, each `--fail-on`
 * rule, then the metrics (exact runs: those that changed; sets: all, with their intervals).
 */
export function formatComparison(comparison: Comparison, options: { color: boolean }): string {
  const columns = 80;
  const label = (text: string): string => text.padEnd(12);
  const verdictText =
    comparison.verdict === 'regression'
      ? ansiStyle('REGRESSION', ['red', 'bold'], options.color)
      : ansiStyle(comparison.verdict, ['green'], options.color);
  const lines = [`${label('verdict')}${verdictText}`];
  for (const [index, part] of wrap(comparison.method, columns - 12).entries())
    lines.push(`${label(index === 0 ? 'method' : '')}${part}`);
  comparison.rules.forEach((verdict, index) =>
    lines.push(`${label(index === 0 ? 'fail-on' : '')}${fitWidth(ruleLine(verdict), columns - 12)}`),
  );
  const shown = comparison.metrics.filter((metric) => comparison.mode === 'sets' || metric.changed);
  if (shown.length === 0) lines.push(`${label('metrics')}every figure is the same`);
  else {
    lines.push(`${label('metric')}${'baseline'.padEnd(20)}${'current'.padEnd(20)}change`);
    for (const metric of shown) {
      const row =
        `${`${metric.metric} `.padEnd(12)}${formatFigure(metric.baseline, metric.unit).padEnd(20)}` +
        `${formatFigure(metric.current, metric.unit).padEnd(20)}${changeText(metric)}`;
      lines.push(fitWidth(row, columns));
    }
  }
  return lines.join('\n');
}

/** Splits text into lines of at most `width` characters at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** summary.md of a comparison: the verdict, the method, the rules and the metrics as tables. */
export function formatComparisonMarkdown(
  comparison: Comparison,
  sides: { baseline: string; current: string },
): string {
  const mark =
    comparison.verdict === 'regression'
      ? '❌ regression'
      : comparison.verdict === 'no change'
        ? '✅ no change'
        : '✅ changed, no regression';
  const lines = [
    `## funnelstorm compare — ${mark}`,
    '',
    `Baseline \`${sides.baseline}\` → current \`${sides.current}\`. Method: ${comparison.method}.`,
    '',
    '| fail-on rule | result |',
    '| --- | --- |',
    ...comparison.rules.map(
      (verdict) =>
        `| \`${verdict.rule.text}\` | ${ruleLine(verdict).slice(2).replace(verdict.rule.text, '').trim()} ${verdict.regressed ? '❌' : '✅'} |`,
    ),
    '',
    '| metric | baseline | current | change |',
    '| --- | --- | --- | --- |',
    ...comparison.metrics.map(
      (metric) =>
        `| ${metric.metric} | ${formatFigure(metric.baseline, metric.unit)} | ${formatFigure(metric.current, metric.unit)} | ${changeText(metric)}${metric.interval ? ` [95 % ${percent(metric.interval.low)} … ${percent(metric.interval.high)}]` : ''} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

/** junit.xml of a comparison: one test case per `--fail-on` rule, a regression as a failure. */
export function formatComparisonJunit(comparison: Comparison): string {
  return formatJunitSuites([
    {
      name: 'compare · fail-on',
      kind: 'compare',
      cases: comparison.rules.map((verdict) => ({
        name: verdict.rule.text,
        ...(verdict.regressed && { failure: `regression: ${ruleLine(verdict).slice(2)}` }),
        detail: `${ruleLine(verdict).slice(2)} (${comparison.method})`,
      })),
    },
  ]);
}
