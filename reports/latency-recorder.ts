import hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';
import { FunnelstormError } from '../runtime/errors.js';
import type { LatencySummary } from './report-model.js';

/** Which hdr-histogram-js build a recorder runs on. */
export type LatencyRecorderEngine = 'wasm' | 'js';

/** Options of {@link createLatencyRecorder}. */
export interface LatencyRecorderOptions {
  /**
   * The build to use. `auto` picks WebAssembly once {@link initLatencyRecorders} has completed, the JS
   * build before that; `wasm` throws when WebAssembly is not initialised. Defaults to `auto`.
   */
  engine?: LatencyRecorderEngine | 'auto';
}

/** Default {@link LatencyRecorderOptions}: pick the fastest build available. */
export const defaultLatencyRecorderOptions: Required<LatencyRecorderOptions> = { engine: 'auto' };

/**
 * Records latencies in an HDR histogram and summarises them. Memory is flat in the number of values
 * (a histogram, never a list of samples).
 */
export interface LatencyRecorder {
  /** The build this recorder runs on. */
  readonly engine: LatencyRecorderEngine;
  /** Number of values recorded so far. */
  readonly count: number;
  /**
   * Records one latency, in milliseconds (a float; virtual or real time). It is stored as integer
   * microseconds: 0, negative values and NaN record as the lowest value (1 µs); values above
   * {@link maxRecordableLatencyMs} (and +Infinity) record as that maximum.
   */
  record(ms: number): void;
  /**
   * Count, mean, p50, p90, p99 and max, in milliseconds rounded to 3 decimals; all zeros when empty.
   * The same multiset of values gives the same summary, in any recording order and on either build.
   */
  summary(): LatencySummary;
  /** Frees the histogram (WebAssembly memory is not garbage-collected). Idempotent. */
  destroy(): void;
}

/** The lowest recorded value, in microseconds (1 µs). */
const lowestUs = 1;
/** The range allocated up front, in microseconds (1 day); the histogram grows past it when needed. */
const initialHighestUs = 86_400_000_000;
/** The largest value a histogram can take, in microseconds (2^53 − 1 µs, about 285 years). */
const highestUs = Number.MAX_SAFE_INTEGER;

/** The largest latency {@link LatencyRecorder.record} keeps as is, in milliseconds (2^53 − 1 µs). */
export const maxRecordableLatencyMs = highestUs / 1000;

/** An empty {@link LatencySummary}: every figure 0. */
export const emptyLatencySummary: Readonly<LatencySummary> = Object.freeze({
  count: 0,
  mean: 0,
  p50: 0,
  p90: 0,
  p99: 0,
  max: 0,
});

let wasmReady = false;
let wasmInit: Promise<void> | undefined;
let wasmUnavailableReason: string | undefined;

/**
 * Initialises hdr-histogram-js's WebAssembly build, which records about 4.6× faster than its JS build
 * (../shared/DESIGN.md, performance budgets). Call it once at start-up, before creating recorders;
 * calling it again returns the same promise. It never rejects: where WebAssembly cannot start, recorders
 * keep using the JS build and {@link latencyRecorderEngine} stays `js`.
 */
export function initLatencyRecorders(): Promise<void> {
  // One shared promise: the library's own init is not safe to run twice concurrently — the second
  // instance would replace the first and orphan histograms already pinned in it.
  wasmInit ??= hdr.initWebAssembly().then(
    () => {
      wasmReady = true;
    },
    (error: unknown) => {
      wasmUnavailableReason = error instanceof Error ? error.message : String(error);
    },
  );
  return wasmInit;
}

/** The build `createLatencyRecorder()` uses by default right now: `wasm` once initialised, else `js`. */
export function latencyRecorderEngine(): LatencyRecorderEngine {
  return wasmReady ? 'wasm' : 'js';
}

/**
 * Creates a {@link LatencyRecorder}: integer microseconds, 3 significant digits, lowest 1 µs, 1 day
 * allocated up front and auto-resizing beyond it, 32-bit counts (never the slow `packed` setting).
 * It uses the WebAssembly build when {@link initLatencyRecorders} has completed and the JS build
 * otherwise; call {@link LatencyRecorder.destroy} when done, as WebAssembly memory must be freed.
 *
 * @example
 * await initLatencyRecorders();
 * const endToEnd = createLatencyRecorder();
 * endToEnd.record(12.5);
 * endToEnd.summary(); // { count: 1, mean: 12.5, p50: 12.5, ... }
 * endToEnd.destroy();
 */
export function createLatencyRecorder(options: LatencyRecorderOptions = {}): LatencyRecorder {
  const requested = options.engine ?? defaultLatencyRecorderOptions.engine;
  if (requested === 'wasm' && !wasmReady) {
    const why = wasmUnavailableReason === undefined ? '' : ` (${wasmUnavailableReason})`;
    throw new FunnelstormError(
      'INTERNAL',
      `Cannot create a WebAssembly latency recorder: WebAssembly is not initialised${why}. ` +
        'Please await initLatencyRecorders() first, or use the js engine.',
    );
  }
  const engine: LatencyRecorderEngine = requested === 'auto' ? latencyRecorderEngine() : requested;
  return new HdrLatencyRecorder(engine);
}

class HdrLatencyRecorder implements LatencyRecorder {
  private histogram: Histogram | undefined;
  // Exact integer sums and maxima alongside the histogram: the mean and max are then exact and
  // independent of the recording order, where the histogram's own are bucket approximations.
  private sumUs = 0;
  private maxUs = 0;
  count = 0;

  constructor(readonly engine: LatencyRecorderEngine) {
    this.histogram = hdr.build({
      bitBucketSize: 32,
      autoResize: true,
      lowestDiscernibleValue: lowestUs,
      highestTrackableValue: initialHighestUs,
      numberOfSignificantValueDigits: 3,
      useWebAssembly: engine === 'wasm',
    });
  }

  record(ms: number): void {
    const histogram = this.histogram ?? this.destroyed();
    const us = toMicroseconds(ms);
    histogram.recordValue(us);
    this.count++;
    this.sumUs += us;
    if (us > this.maxUs) this.maxUs = us;
  }

  summary(): LatencySummary {
    const histogram = this.histogram ?? this.destroyed();
    if (this.count === 0) return { ...emptyLatencySummary };
    // HDR answers a percentile with the highest value equivalent to its bucket, which can exceed the
    // exact maximum by up to 0.1 %; capping keeps p50 ≤ p90 ≤ p99 ≤ max.
    const percentile = (p: number): number => toMs(Math.min(histogram.getValueAtPercentile(p), this.maxUs));
    return {
      count: this.count,
      mean: toMs(this.sumUs / this.count),
      p50: percentile(50),
      p90: percentile(90),
      p99: percentile(99),
      max: toMs(this.maxUs),
    };
  }

  destroy(): void {
    this.histogram?.destroy();
    this.histogram = undefined;
  }

  private destroyed(): never {
    throw new FunnelstormError(
      'INTERNAL',
      'This latency recorder was destroyed; create a new one with createLatencyRecorder().',
    );
  }
}

/** Milliseconds to integer microseconds within [1 µs, 2^53 − 1 µs]; NaN becomes 1 µs. */
function toMicroseconds(ms: number): number {
  const us = Math.round(ms * 1000);
  if (!(us >= lowestUs)) return lowestUs; // Also catches NaN.
  return us > highestUs ? highestUs : us;
}

/** Microseconds to milliseconds, rounded to 3 decimals (whole microseconds). */
function toMs(us: number): number {
  return Math.round(us) / 1000;
}
