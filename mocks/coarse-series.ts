/** How a {@link CoarseSeries} folds the values that fall in one interval. */
export type SeriesAggregate = 'sum' | 'max';

/** A series as it is read out: one value per interval from `startMs`. */
export interface SeriesSnapshot {
  /** Start of the first interval, in ms on the model's clock (a whole multiple of the first interval). */
  startMs: number;
  /** Width of each interval, in ms. Starts at the base interval and doubles each time the series coarsens. */
  intervalMs: number;
  /** One value per interval; `null` for an interval in which nothing was recorded. */
  values: (number | null)[];
}

/** Settings of a {@link CoarseSeries}. */
export interface CoarseSeriesOptions {
  /** Width of an interval before any coarsening, in ms. Defaults to 1000 (per-second figures). */
  intervalMs: number;
  /**
   * The most intervals kept. When a value falls past the last one, neighbouring intervals are merged
   * pairwise and the width doubles, so memory stays flat however long the run. Defaults to 1024 (17 min
   * at 1 s per point, then 2 s per point …).
   */
  maxPoints: number;
}

/** Defaults of {@link CoarseSeriesOptions}. */
export const defaultCoarseSeriesOptions: Readonly<CoarseSeriesOptions> = {
  intervalMs: 1000,
  maxPoints: 1024,
};

/**
 * A time series of bounded size: values are folded (summed or maxed) into fixed intervals, and when the
 * run outgrows `maxPoints` intervals, pairs of intervals merge into one of twice the width. Memory is
 * O(maxPoints) whatever the run length or call count (../shared/DESIGN.md, "Performance budgets": memory
 * flat in run length, bucketed time series).
 */
export class CoarseSeries {
  private readonly options: CoarseSeriesOptions;
  private readonly aggregate: SeriesAggregate;
  private readonly values: number[] = [];
  private startMs = Number.NaN;
  private intervalMs: number;

  /** @param options - Partial settings; the rest from {@link defaultCoarseSeriesOptions}. */
  constructor(aggregate: SeriesAggregate, options: Partial<CoarseSeriesOptions> = {}) {
    this.aggregate = aggregate;
    this.options = { ...defaultCoarseSeriesOptions, ...options };
    this.intervalMs = this.options.intervalMs;
  }

  /**
   * Folds `value` into the interval holding `atMs`. The first call fixes the origin; a time before it
   * (an out-of-order caller) counts in the first interval.
   */
  add(atMs: number, value: number): void {
    if (Number.isNaN(this.startMs)) this.startMs = Math.floor(atMs / this.intervalMs) * this.intervalMs;
    let slot = Math.max(0, Math.floor((atMs - this.startMs) / this.intervalMs));
    while (slot >= this.options.maxPoints) {
      this.coarsen();
      slot = Math.max(0, Math.floor((atMs - this.startMs) / this.intervalMs));
    }
    // Intervals with nothing recorded hold NaN until read, then show as null.
    while (this.values.length <= slot) this.values.push(Number.NaN);
    const old = this.values[slot] ?? Number.NaN;
    this.values[slot] = Number.isNaN(old) ? value : this.fold(old, value);
  }

  /** A copy of the series. */
  snapshot(): SeriesSnapshot {
    return {
      startMs: Number.isNaN(this.startMs) ? 0 : this.startMs,
      intervalMs: this.intervalMs,
      values: this.values.map((value) => (Number.isNaN(value) ? null : value)),
    };
  }

  private fold(a: number, b: number): number {
    return this.aggregate === 'sum' ? a + b : Math.max(a, b);
  }

  /** Merges intervals pairwise and doubles their width; the origin moves down to the new grid. */
  private coarsen(): void {
    const width = this.intervalMs * 2;
    const start = Math.floor(this.startMs / width) * width;
    // An origin that was odd on the new grid shifts every old interval by one half.
    const shift = (this.startMs - start) / this.intervalMs;
    // Merged in place: an old interval's new slot is never past it, and the slots run 0, 0 or 1, 1, 2 …,
    // so each old value is read before any write reaches it (no second array, no spread copy back).
    const values = this.values;
    let length = 0;
    for (let old = 0; old < values.length; old++) {
      const slot = (old + shift) >> 1;
      const value = values[old] ?? Number.NaN;
      if (slot === length) {
        values[slot] = value;
        length++;
        continue;
      }
      const before = values[slot] ?? Number.NaN;
      values[slot] = Number.isNaN(before) ? value : Number.isNaN(value) ? before : this.fold(before, value);
    }
    values.length = length;
    this.startMs = start;
    this.intervalMs = width;
  }
}
