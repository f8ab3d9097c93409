import { CoarseSeries } from './coarse-series.js';

/** Calls and 429s per interval of the run, for a calls-per-second chart. */
export interface CallTimeline {
  /** Start of the first interval, in ms on the model's clock. */
  startMs: number;
  /** Width of each interval, in ms: 1000 until the run outgrows the point limit, then doubled as needed. */
  intervalMs: number;
  /** Calls answered in each interval (every status). */
  calls: number[];
  /** Of those, answered 429 (bucket or order-rate cap). */
  throttled: number[];
}

/** What the run report needs from the model: how many calls reached it, their statuses, and when. */
export interface ShopifyModelStats {
  /** Calls that reached the model (every status, including 401 and 404). */
  calls: number;
  /** Calls per HTTP status, e.g. `{ 201: 950, 429: 50 }`. */
  byStatus: Readonly<Record<number, number>>;
  /** Calls answered 429: refused by the bucket or by a development store's order-rate cap. */
  throttled: number;
  /** Virtual ms of the first call, or null before any. */
  firstCallMs: number | null;
  /** Virtual ms of the last call, or null before any. */
  lastCallMs: number | null;
  /**
   * The mean rate of calls from the first to the last, per second: (calls − 1) gaps over the span; null
   * while every call came at the same instant (a rate needs a span).
   */
  callsPerSecond: number | null;
  /** Calls and 429s over time, in bounded memory. */
  timeline: CallTimeline;
}

/** Counts calls as the model answers them. */
export class ModelStatsRecorder {
  private calls = 0;
  private readonly byStatus = new Map<number, number>();
  /**
   * Virtual ms of the first and last call, meaningful once `calls` > 0. Numbers only, never null: a field
   * that holds only numbers keeps its double in place, where a `number | null` field boxes every new time
   * (two allocations per call; issue 12).
   */
  private firstCallMs = Number.NaN;
  private lastCallMs = Number.NaN;
  private readonly callSeries: CoarseSeries;
  private readonly throttledSeries: CoarseSeries;
  /**
   * Calls (and of them 429s) at `pendingAtMs` not yet folded into the series: under load many calls share
   * a millisecond, and folding them in as one sum gives the series exactly what one add per call would
   * (a sum is a sum), at a fraction of the cost on the path every request takes.
   */
  private pendingAtMs = Number.NaN;
  private pendingCalls = 0;
  private pendingThrottled = 0;

  /** @param timelinePoints - The most points the timeline keeps before it coarsens. */
  constructor(timelinePoints: number) {
    this.callSeries = new CoarseSeries('sum', { maxPoints: timelinePoints });
    this.throttledSeries = new CoarseSeries('sum', { maxPoints: timelinePoints });
  }

  /** Records one answered call with its status at `nowMs` (virtual ms). */
  record(status: number, nowMs: number): void {
    this.calls++;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    if (this.calls === 1) {
      this.firstCallMs = nowMs;
      this.lastCallMs = nowMs;
    } else {
      this.firstCallMs = Math.min(this.firstCallMs, nowMs);
      this.lastCallMs = Math.max(this.lastCallMs, nowMs);
    }
    const throttled = status === 429 ? 1 : 0;
    if (nowMs === this.pendingAtMs) {
      this.pendingCalls++;
      this.pendingThrottled += throttled;
      return;
    }
    this.flush();
    this.pendingAtMs = nowMs;
    this.pendingCalls = 1;
    this.pendingThrottled = throttled;
  }

  /** Folds the pending calls into the series. */
  private flush(): void {
    if (this.pendingCalls === 0) return;
    // Both series get every call (a 0 for the non-429s), so their intervals stay aligned.
    this.callSeries.add(this.pendingAtMs, this.pendingCalls);
    this.throttledSeries.add(this.pendingAtMs, this.pendingThrottled);
    this.pendingCalls = 0;
    this.pendingThrottled = 0;
  }

  /** A copy of the counts so far, statuses in ascending order. */
  snapshot(): ShopifyModelStats {
    this.flush();
    const statuses = [...this.byStatus.keys()].sort((a, b) => a - b);
    const called = this.calls > 0;
    const span = called ? this.lastCallMs - this.firstCallMs : 0;
    const calls = this.callSeries.snapshot();
    return {
      calls: this.calls,
      byStatus: Object.fromEntries(statuses.map((status) => [status, this.byStatus.get(status) ?? 0])),
      throttled: this.byStatus.get(429) ?? 0,
      firstCallMs: called ? this.firstCallMs : null,
      lastCallMs: called ? this.lastCallMs : null,
      callsPerSecond: span > 0 ? ((this.calls - 1) * 1000) / span : null,
      timeline: {
        startMs: calls.startMs,
        intervalMs: calls.intervalMs,
        calls: calls.values.map((value) => value ?? 0),
        throttled: this.throttledSeries.snapshot().values.map((value) => value ?? 0),
      },
    };
  }
}
