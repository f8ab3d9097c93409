import type { Histogram } from 'hdr-histogram-js';
import { CoarseSeries, type SeriesAggregate } from '../mocks/coarse-series.js';
import type { CallRecord } from '../pipeline/observe-calls.js';
import type { OrderOutcome } from '../pipeline/order-workflow.js';
import { buildLatencyHistogram, encodeLatencyHistogram } from '../reports/latency-histograms.js';
import { latencyRecorderEngine } from '../reports/latency-recorder.js';
import type { RunSeries, SeriesData, SpectrumPoint } from '../reports/run-series.js';

/** The most points a chart series keeps before it coarsens (600 s at 1 s per point, then 2 s …). */
const seriesPoints = 600;

/** The percentiles of the latency spectrum: the body, then the tail in nines. */
const spectrumPercentiles = [
  0, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 95, 97.5, 99, 99.5, 99.9, 99.99, 100,
];

/** What the shop model knows over time (its own call timeline and the bucket's level). */
export interface ShopSeriesSource {
  throttled: SeriesData;
  bucketLevel: SeriesData;
}

/**
 * Records a run's time series and its end-to-end latency spectrum from the pipeline's hooks, in memory
 * bounded by {@link seriesPoints} per series and one HDR histogram (its WebAssembly build once initialised;
 * never `packed`). Every series starts at virtual 0 and is closed at the run's end, so all share one grid.
 */
export class RunSeriesRecorder {
  private readonly ok = series('sum');
  private readonly throttled = series('sum');
  private readonly serverError = series('sum');
  private readonly clientError = series('sum');
  private readonly failed = series('sum');
  private readonly inPipeline = series('max');
  private readonly deadLettered = series('sum');
  private readonly all = [
    this.ok,
    this.throttled,
    this.serverError,
    this.clientError,
    this.failed,
    this.inPipeline,
    this.deadLettered,
  ];
  private histogram: Histogram | undefined = buildLatencyHistogram(latencyRecorderEngine() === 'wasm');
  private apiHistogram: Histogram | undefined = buildLatencyHistogram(latencyRecorderEngine() === 'wasm');
  private maxUs = 0;
  private orders = 0;

  constructor() {
    for (const each of this.all) each.add(0, 0);
  }

  /** An answer (or a network failure) reached the client. */
  call(call: CallRecord): void {
    const atMs = call.sentAtMs + call.latencyMs;
    const { status } = call;
    const target =
      typeof status !== 'number'
        ? this.failed
        : status === 429
          ? this.throttled
          : status >= 500 || status === 408
            ? this.serverError
            : status >= 400
              ? this.clientError
              : this.ok;
    target.add(atMs, 1);
    this.apiHistogram?.recordValue(Math.max(1, Math.round(call.latencyMs * 1000)));
  }

  /** The intake accepted a delivery at `atMs`. */
  accepted(atMs: number): void {
    this.orders++;
    this.inPipeline.add(atMs, this.orders);
  }

  /** A worker finished a delivery at `atMs`; `endToEndMs` is its latency (undefined when not counted). */
  done(atMs: number, outcome: OrderOutcome, endToEndMs: number | undefined): void {
    this.orders--;
    this.inPipeline.add(atMs, this.orders);
    if (outcome.kind === 'dead-lettered') this.deadLettered.add(atMs, 1);
    if (endToEndMs === undefined || this.histogram === undefined) return;
    const us = Math.max(1, Math.round(endToEndMs * 1000));
    this.histogram.recordValue(us);
    this.maxUs = Math.max(this.maxUs, us);
  }

  /** The series, closed at `endMs`, with the shop's own; frees the histogram. */
  finish(endMs: number, shop: ShopSeriesSource): RunSeries {
    for (const each of this.all) each.add(endMs, 0);
    const snapshot = (each: CoarseSeries): SeriesData => each.snapshot();
    const result: RunSeries = {
      answers: {
        ok: snapshot(this.ok),
        throttled: snapshot(this.throttled),
        serverError: snapshot(this.serverError),
        clientError: snapshot(this.clientError),
        failed: snapshot(this.failed),
      },
      shopThrottled: shop.throttled,
      bucketLevel: shop.bucketLevel,
      ordersInPipeline: snapshot(this.inPipeline),
      deadLettered: snapshot(this.deadLettered),
      latencySpectrum: this.spectrum(),
      histograms: {
        endToEndUs: this.histogram === undefined ? '' : encodeLatencyHistogram(this.histogram),
        apiCallUs: this.apiHistogram === undefined ? '' : encodeLatencyHistogram(this.apiHistogram),
      },
    };
    this.histogram?.destroy();
    this.histogram = undefined;
    this.apiHistogram?.destroy();
    this.apiHistogram = undefined;
    return result;
  }

  private spectrum(): SpectrumPoint[] {
    const histogram = this.histogram;
    if (histogram === undefined || histogram.totalCount === 0) return [];
    return spectrumPercentiles.map((percentile) => ({
      percentile,
      // HDR answers with its bucket's highest equivalent value; capping keeps the spectrum ≤ the max.
      ms: Math.min(histogram.getValueAtPercentile(percentile), this.maxUs) / 1000,
    }));
  }
}

function series(aggregate: SeriesAggregate): CoarseSeries {
  return new CoarseSeries(aggregate, { maxPoints: seriesPoints });
}
