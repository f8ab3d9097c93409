/**
 * Per-interval figures of one run, for charts (report.html): memory and size are bounded whatever the run's
 * length — each series folds values into fixed intervals that double in width when the run outgrows the
 * point limit (mocks/coarse-series.ts).
 */
export interface SeriesData {
  /** Start of the first interval, in ms of virtual time. */
  startMs: number;
  /** Width of each interval, in ms (1000 until the run outgrows the point limit). */
  intervalMs: number;
  /** One value per interval; null where nothing was recorded. */
  values: (number | null)[];
}

/** One point of a latency percentile spectrum. */
export interface SpectrumPoint {
  /** The percentile, 0–100 (99.9 is p99.9). */
  percentile: number;
  /** The latency at it, in ms. */
  ms: number;
}

/** The series a sim run records when asked (`run --out`). */
export interface RunSeries {
  /** Answers the client saw per interval, by kind (at the time of the answer). */
  answers: {
    /** 2xx answers. */
    ok: SeriesData;
    /** 429s: the shop's own and injected ones alike, as the client saw them. */
    throttled: SeriesData;
    /** 5xx and 408 answers. */
    serverError: SeriesData;
    /** Other 4xx answers. */
    clientError: SeriesData;
    /** Network failures: resets, timeouts. */
    failed: SeriesData;
  };
  /** The shop's own 429s per interval: refused by its bucket (injected ones excluded). */
  shopThrottled: SeriesData;
  /** The most calls in the shop's REST bucket per interval (as the call-limit header shows it). */
  bucketLevel: SeriesData;
  /** The most orders in the pipeline (queued or being worked on) per interval. */
  ordersInPipeline: SeriesData;
  /** Orders dead-lettered per interval. */
  deadLettered: SeriesData;
  /** End-to-end latency at percentiles from 0 to 99.99 and the maximum, from the HDR histogram. */
  latencySpectrum: SpectrumPoint[];
  /**
   * The HDR histograms themselves (integer microseconds, 3 significant digits), in hdr-histogram-js's
   * compressed base64 encoding: runs, threads and processes merge by adding them
   * (`mergeLatencyHistograms` in reports/latency-histograms.ts).
   */
  histograms: { endToEndUs: string; apiCallUs: string };
}
