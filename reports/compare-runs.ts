import { createRandom } from '../runtime/seeded-random.js';
import { worsening, type FailOnRule } from './fail-on.js';
import { findReportMetric, reportMetrics, type MetricUnit } from './report-metrics.js';
import type { RunReport } from './report-model.js';

/** One metric across the two sides. */
export interface MetricComparison {
  metric: string;
  unit: MetricUnit;
  higherIsWorse: boolean;
  /** The baseline's figure (the median of a set); null when the runs have none. */
  baseline: number | null;
  current: number | null;
  /** current − baseline; null when either is. */
  delta: number | null;
  /** delta / baseline; null when either is null or the baseline is 0. */
  relative: number | null;
  /** Sets only: the 95 % bootstrap interval of the relative change of the median. */
  interval?: { low: number; high: number };
  /** Exact: the figures differ at all. Sets: the interval lies wholly outside the noise band. */
  changed: boolean;
}

/** A `--fail-on` rule judged. */
export interface RuleVerdict {
  rule: FailOnRule;
  /** How much worse, in the rule's terms (exact runs; for sets, of the medians); null without figures. */
  worsening: number | null;
  /** Sets only: the 95 % bootstrap interval of the worsening. */
  interval?: { low: number; high: number };
  /** The limit applied: the rule's amount, widened to the noise band for a relative rule on sets. */
  limit: number;
  regressed: boolean;
}

/** The outcome of comparing a baseline with a current run (or sets of runs). */
export interface Comparison {
  /** `exact`: one deterministic run a side, every change real. `sets`: repeated runs, judged statistically. */
  mode: 'exact' | 'sets';
  /** How the sides were compared, in words, for every output. */
  method: string;
  baselineRuns: number;
  currentRuns: number;
  metrics: MetricComparison[];
  rules: RuleVerdict[];
  verdict: 'no change' | 'changed, no regression' | 'regression';
}

/** Settings of a comparison of sets. */
export interface CompareSetsOptions {
  /** Relative changes within ± this share count as noise. Defaults to 0.05 (5 %). */
  noiseBand: number;
  /** Bootstrap resamples. Defaults to 2,000. */
  resamples: number;
  /** Seed of the resampling, so the same inputs give the same verdict. Defaults to 1. */
  seed: number;
}

/** Default {@link CompareSetsOptions}. */
export const defaultCompareSetsOptions: Readonly<CompareSetsOptions> = {
  noiseBand: 0.05,
  resamples: 2000,
  seed: 1,
};

/**
 * Compares runs. One run a side is a sim run, deterministic: every difference is real and is reported
 * exactly, and each rule fails when the figure got worse by more than its amount. Sets of repeated runs
 * (live runs are noisy) are compared by their medians with a percentile bootstrap (each side resampled
 * with replacement, `resamples` times, seeded): a rule fails only when the whole 95 % interval of the
 * worsening lies beyond its limit, a relative limit being at least the noise band.
 */
export function compareRuns(
  baseline: readonly RunReport[],
  current: readonly RunReport[],
  rules: readonly FailOnRule[],
  options: Partial<CompareSetsOptions> = {},
): Comparison {
  if (baseline.length === 1 && current.length === 1) return compareExact(baseline[0]!, current[0]!, rules);
  return compareSets(baseline, current, rules, { ...defaultCompareSetsOptions, ...options });
}

function compareExact(baseline: RunReport, current: RunReport, rules: readonly FailOnRule[]): Comparison {
  const metrics = reportMetrics.map((metric): MetricComparison => {
    const before = metric.read(baseline);
    const after = metric.read(current);
    return { ...figures(metric.name, before, after), changed: before !== after };
  });
  const verdicts = rules.map((rule): RuleVerdict => {
    const metric = findReportMetric(rule.metric)!;
    const before = metric.read(baseline);
    const after = metric.read(current);
    const worse = before === null || after === null ? null : worsening(rule, before, after);
    return { rule, worsening: worse, limit: rule.amount, regressed: worse !== null && worse > rule.amount };
  });
  return {
    mode: 'exact',
    method: 'exact: one run a side; a sim run is deterministic, so every difference is real',
    baselineRuns: 1,
    currentRuns: 1,
    metrics,
    rules: verdicts,
    verdict: verdictOf(metrics, verdicts),
  };
}

function compareSets(
  baseline: readonly RunReport[],
  current: readonly RunReport[],
  rules: readonly FailOnRule[],
  options: CompareSetsOptions,
): Comparison {
  const random = createRandom(options.seed);
  const valuesOf = (runs: readonly RunReport[], name: string): number[] =>
    runs.map((run) => findReportMetric(name)!.read(run)).filter((value): value is number => value !== null);
  const relativeRule = (name: string): FailOnRule => ({
    text: name,
    metric: name,
    kind: 'relative',
    amount: 0,
  });
  const metrics = reportMetrics.map((metric): MetricComparison => {
    const before = valuesOf(baseline, metric.name);
    const after = valuesOf(current, metric.name);
    const base = figures(metric.name, median(before), median(after));
    if (before.length === 0 || after.length === 0 || median(before) === 0)
      return { ...base, changed: base.delta !== 0 && base.delta !== null };
    const sign = metric.higherIsWorse ? 1 : -1;
    const worse = bootstrap(
      before,
      after,
      relativeRule(metric.name),
      options.resamples,
      random.fork(metric.name),
    );
    // Back from "worse" to the plain direction of the change.
    const interval = sign > 0 ? worse : { low: -worse.high, high: -worse.low };
    const changed = interval.low > options.noiseBand || interval.high < -options.noiseBand;
    return { ...base, interval, changed };
  });
  const verdicts = rules.map((rule): RuleVerdict => {
    const before = valuesOf(baseline, rule.metric);
    const after = valuesOf(current, rule.metric);
    const limit = rule.kind === 'relative' ? Math.max(rule.amount, options.noiseBand) : rule.amount;
    if (before.length === 0 || after.length === 0) return { rule, worsening: null, limit, regressed: false };
    const interval = bootstrap(before, after, rule, options.resamples, random.fork(`rule ${rule.text}`));
    return {
      rule,
      worsening: worsening(rule, sampleMedian(before), sampleMedian(after)),
      interval,
      limit,
      regressed: interval.low > limit,
    };
  });
  const band = `${(options.noiseBand * 100).toFixed(1)} %`;
  return {
    mode: 'sets',
    method:
      `sets: ${baseline.length} vs ${current.length} runs; medians compared with a 95 % percentile bootstrap ` +
      `(${options.resamples} resamples, seed ${options.seed}); noise band ±${band}: a rule fails only when ` +
      'the whole interval is beyond its limit',
    baselineRuns: baseline.length,
    currentRuns: current.length,
    metrics,
    rules: verdicts,
    verdict: verdictOf(metrics, verdicts),
  };
}

function figures(
  name: string,
  baseline: number | null,
  current: number | null,
): Omit<MetricComparison, 'changed'> {
  const metric = findReportMetric(name)!;
  const delta = baseline === null || current === null ? null : round(current - baseline);
  return {
    metric: name,
    unit: metric.unit,
    higherIsWorse: metric.higherIsWorse,
    baseline,
    current,
    delta,
    relative: delta === null || baseline === null || baseline === 0 ? null : round(delta / baseline, 6),
  };
}

function verdictOf(
  metrics: readonly MetricComparison[],
  rules: readonly RuleVerdict[],
): Comparison['verdict'] {
  if (rules.some((rule) => rule.regressed)) return 'regression';
  return metrics.some((metric) => metric.changed) ? 'changed, no regression' : 'no change';
}

/** The 95 % percentile-bootstrap interval of the rule's worsening between the two samples' medians. */
function bootstrap(
  before: readonly number[],
  after: readonly number[],
  rule: FailOnRule,
  resamples: number,
  random: { int(min: number, max: number): number },
): { low: number; high: number } {
  const resample = (values: readonly number[]): number[] =>
    values.map(() => values[random.int(0, values.length - 1)]!);
  const draws: number[] = [];
  for (let i = 0; i < resamples; i++)
    draws.push(worsening(rule, sampleMedian(resample(before)), sampleMedian(resample(after))));
  draws.sort((a, b) => a - b);
  const at = (q: number): number =>
    draws[Math.min(draws.length - 1, Math.max(0, Math.floor(q * draws.length)))]!;
  return { low: round(at(0.025), 6), high: round(at(0.975), 6) };
}

/** The median of a sample; null when empty. */
function median(values: readonly number[]): number | null {
  return values.length === 0 ? null : sampleMedian(values);
}

/** The median of a non-empty sample. */
function sampleMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function round(value: number, decimals = 3): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
