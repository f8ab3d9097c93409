import type { RunReport } from './report-model.js';
import type { SeriesData } from './run-series.js';

/** One chart of report.html: an x axis and named series on it, ready for uPlot (`[xs, ...ys]`). */
export interface ChartData {
  id: string;
  title: string;
  /** The x axis: `time` (seconds of virtual time) or `percentile` (index into `xLabels`). */
  xKind: 'time' | 'percentile';
  /** The y axis's unit, e.g. `calls/s`. */
  yUnit: string;
  /** Label of each x value when `xKind` is `percentile`. */
  xLabels?: string[];
  xs: number[];
  series: { label: string; color: string; values: (number | null)[]; dash?: boolean }[];
}

/** A shaded stretch of virtual time: a fault window or an outage. */
export interface ShadedWindow {
  label: string;
  fromSeconds: number;
  toSeconds: number;
}

/** What report.html's script draws: the charts and the fault windows to shade on time charts. */
export interface HtmlChartData {
  charts: ChartData[];
  windows: ShadedWindow[];
}

const colors = {
  ok: '#2e7d32',
  throttled: '#c62828',
  shopThrottled: '#ff8f00',
  serverError: '#6a1b9a',
  clientError: '#1565c0',
  failed: '#424242',
  limit: '#9e9e9e',
  level: '#00838f',
};

/**
 * The charts of a run with recorded series (`report.series`): the end-to-end latency percentile spectrum,
 * answers per second by kind with the plan's leak rate as a line, the bucket's level with its size as a
 * line, and the orders in the pipeline (queue depth) with dead letters; plus the fault windows to shade.
 * Without series, no charts.
 */
export function htmlChartData(report: RunReport): HtmlChartData {
  const windows = faultWindows(report.scenario.resolved);
  const series = report.series;
  if (series === undefined) return { charts: [], windows };
  const charts: ChartData[] = [];
  if (series.latencySpectrum.length > 0)
    charts.push({
      id: 'latency-spectrum',
      title: 'End-to-end latency by percentile',
      xKind: 'percentile',
      yUnit: 's',
      xLabels: series.latencySpectrum.map(({ percentile }) =>
        percentile === 100 ? 'max' : `p${percentile}`,
      ),
      xs: series.latencySpectrum.map((_, index) => index),
      series: [
        { label: 'end-to-end', color: colors.level, values: series.latencySpectrum.map((p) => p.ms / 1000) },
      ],
    });
  const { answers } = series;
  const perSecond = (data: SeriesData): (number | null)[] =>
    data.values.map((value) => (value === null ? 0 : (value * 1000) / data.intervalMs));
  const grid = times(answers.ok);
  charts.push({
    id: 'calls-per-second',
    title: 'Answers per second by kind',
    xKind: 'time',
    yUnit: 'calls/s',
    xs: grid,
    series: [
      { label: '2xx', color: colors.ok, values: perSecond(answers.ok) },
      { label: '429 (all)', color: colors.throttled, values: perSecond(answers.throttled) },
      {
        label: '429 (the shop’s own)',
        color: colors.shopThrottled,
        values: resample(series.shopThrottled, grid, answers.ok.intervalMs, true),
      },
      { label: '5xx / 408', color: colors.serverError, values: perSecond(answers.serverError) },
      { label: 'other 4xx', color: colors.clientError, values: perSecond(answers.clientError) },
      { label: 'network failures', color: colors.failed, values: perSecond(answers.failed) },
      {
        label: 'leak rate',
        color: colors.limit,
        values: grid.map(() => report.shop.leakPerSecond),
        dash: true,
      },
    ],
  });
  if (series.bucketLevel.values.length > 0) {
    const xs = times(series.bucketLevel);
    charts.push({
      id: 'bucket-level',
      title: 'Shop REST bucket level (highest per interval)',
      xKind: 'time',
      yUnit: 'calls',
      xs,
      series: [
        { label: 'bucket level', color: colors.level, values: series.bucketLevel.values },
        {
          label: 'bucket size',
          color: colors.limit,
          values: xs.map(() => report.shop.bucketSize),
          dash: true,
        },
      ],
    });
  }
  charts.push({
    id: 'queue-depth',
    title: 'Orders in the pipeline (queued or in progress) and dead letters',
    xKind: 'time',
    yUnit: 'orders',
    xs: times(series.ordersInPipeline),
    series: [
      { label: 'in the pipeline', color: colors.level, values: series.ordersInPipeline.values },
      {
        label: 'dead-lettered / interval',
        color: colors.throttled,
        values: resample(
          series.deadLettered,
          times(series.ordersInPipeline),
          series.ordersInPipeline.intervalMs,
          false,
        ),
      },
    ],
  });
  return { charts, windows };
}

/** The start of each interval, in seconds. */
function times(data: SeriesData): number[] {
  return data.values.map((_, index) => (data.startMs + index * data.intervalMs) / 1000);
}

/**
 * A series moved onto another grid of intervals (`grid`, seconds, `intervalMs` wide): each target interval
 * sums the source intervals that start in it; `perSecond` divides by the target width.
 */
function resample(
  data: SeriesData,
  grid: readonly number[],
  intervalMs: number,
  perSecond: boolean,
): number[] {
  const out = grid.map(() => 0);
  const first = grid[0] ?? 0;
  data.values.forEach((value, index) => {
    const atSeconds = (data.startMs + index * data.intervalMs) / 1000;
    const slot = Math.min(
      grid.length - 1,
      Math.max(0, Math.floor(((atSeconds - first) * 1000) / intervalMs)),
    );
    out[slot] = (out[slot] ?? 0) + (value ?? 0);
  });
  return perSecond ? out.map((sum) => (sum * 1000) / intervalMs) : out;
}

/** The windows of the scenario's fault rules (`faults.rules[].window`), labelled by kind. */
function faultWindows(resolved: unknown): ShadedWindow[] {
  const rules = (resolved as { faults?: { rules?: unknown } } | null)?.faults?.rules;
  if (!Array.isArray(rules)) return [];
  return rules.flatMap((rule: unknown): ShadedWindow[] => {
    const { kind, status, window } = (rule ?? {}) as { kind?: unknown; status?: unknown; window?: unknown };
    const { fromSeconds, toSeconds } = (window ?? {}) as { fromSeconds?: unknown; toSeconds?: unknown };
    if (typeof fromSeconds !== 'number' || typeof toSeconds !== 'number') return [];
    const label = `${String(kind)}${typeof status === 'number' ? ` ${status}` : ''}`;
    return [{ label, fromSeconds, toSeconds }];
  });
}
