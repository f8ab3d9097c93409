import { findReportMetric, reportMetricNames } from './report-metrics.js';

/**
 * One `--fail-on` rule: the metric may get worse by at most `amount`. `relative`: a share of the baseline
 * (10 % is 0.1); `points`: percentage points of a share (`rate429+0.5pp` is 0.005); `absolute`: in the
 * metric's own unit (ms for latencies, a count, a ratio).
 */
export interface FailOnRule {
  text: string;
  metric: string;
  kind: 'relative' | 'points' | 'absolute';
  amount: number;
}

/**
 * The default gate: end-to-end p99 10 % worse, the drain 5 % slower, 0.5 percentage points more 429s, or
 * any duplicate, missing order, lost update or dead letter more.
 */
export const defaultFailOn =
  'p99+10%,drainRatio+5%,rate429+0.5pp,duplicates+0,missing+0,lostUpdates+0,deadLettered+0';

const rulePattern = /^([A-Za-z][A-Za-z0-9]*)\+(\d+(?:\.\d+)?)(%|pp|ms|s)?$/;

/**
 * Reads `--fail-on`: comma-separated rules such as `p99+10%`, `rate429+0.5pp`, `p99+250ms`,
 * `duplicates+0`. Returns the rules, or the reason the text cannot be read.
 *
 * @example
 * parseFailOn('p99+10%,rate429+0.5pp');
 */
export function parseFailOn(text: string): { ok: true; rules: FailOnRule[] } | { ok: false; reason: string } {
  const rules: FailOnRule[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const match = rulePattern.exec(part);
    if (match === null)
      return {
        ok: false,
        reason: `"${part}" is not a rule: write <metric>+<amount>[%|pp|ms|s], e.g. p99+10% or rate429+0.5pp`,
      };
    const [, name = '', amountText = '0', unit] = match;
    const metric = findReportMetric(name);
    if (metric === undefined)
      return { ok: false, reason: `"${part}": unknown metric "${name}" (known: ${reportMetricNames()})` };
    const amount = Number(amountText);
    if (unit === '%') rules.push({ text: part, metric: name, kind: 'relative', amount: amount / 100 });
    else if (unit === 'pp') {
      if (metric.unit !== 'fraction')
        return { ok: false, reason: `"${part}": pp (percentage points) is only for a share such as rate429` };
      rules.push({ text: part, metric: name, kind: 'points', amount: amount / 100 });
    } else if (unit === 'ms' || unit === 's') {
      if (metric.unit !== 'ms') return { ok: false, reason: `"${part}": ${unit} is only for a latency` };
      rules.push({
        text: part,
        metric: name,
        kind: 'absolute',
        amount: unit === 's' ? amount * 1000 : amount,
      });
    } else rules.push({ text: part, metric: name, kind: 'absolute', amount });
  }
  if (rules.length === 0) return { ok: false, reason: 'no rule given' };
  return { ok: true, rules };
}

/**
 * How much worse `current` is than `baseline` in the rule's terms (positive: worse; negative: better):
 * a share of the baseline for `relative` (∞ when the baseline is 0 and the figure grew), else a difference.
 */
export function worsening(rule: FailOnRule, baseline: number, current: number): number {
  // The catalog knows every metric a parsed rule names.
  const sign = findReportMetric(rule.metric)!.higherIsWorse ? 1 : -1;
  const difference = sign * (current - baseline);
  if (rule.kind !== 'relative') return difference;
  if (baseline === 0) return difference === 0 ? 0 : difference > 0 ? Infinity : -Infinity;
  return difference / Math.abs(baseline);
}
