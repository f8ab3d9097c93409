/** What the run report needs from the model: how many calls reached it, their statuses, and when. */
export interface ShopifyModelStats {
  /** Calls that reached the model (every status, including 401 and 404). */
  calls: number;
  /** Calls per HTTP status, e.g. `{ 201: 950, 429: 50 }`. */
  byStatus: Readonly<Record<number, number>>;
  /** Calls refused by the bucket with 429. */
  throttled: number;
  /** Virtual ms of the first call, or null before any. */
  firstCallMs: number | null;
  /** Virtual ms of the last call, or null before any. */
  lastCallMs: number | null;
}

/** Counts calls as the model answers them. */
export class ModelStatsRecorder {
  private calls = 0;
  private readonly byStatus = new Map<number, number>();
  private firstCallMs: number | null = null;
  private lastCallMs: number | null = null;

  /** Records one answered call with its status at `nowMs` (virtual ms). */
  record(status: number, nowMs: number): void {
    this.calls++;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    this.firstCallMs = Math.min(this.firstCallMs ?? nowMs, nowMs);
    this.lastCallMs = Math.max(this.lastCallMs ?? nowMs, nowMs);
  }

  /** A copy of the counts so far, statuses in ascending order. */
  snapshot(): ShopifyModelStats {
    const statuses = [...this.byStatus.keys()].sort((a, b) => a - b);
    return {
      calls: this.calls,
      byStatus: Object.fromEntries(statuses.map((status) => [status, this.byStatus.get(status) ?? 0])),
      throttled: this.byStatus.get(429) ?? 0,
      firstCallMs: this.firstCallMs,
      lastCallMs: this.lastCallMs,
    };
  }
}
