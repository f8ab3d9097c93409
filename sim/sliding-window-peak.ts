/**
 * The most events seen within any window of `windowMs` (a sliding window, so a burst that straddles a
 * boundary is counted whole). Events must be recorded in time order — virtual time never goes back.
 * Memory is the events of one window, not of the run.
 *
 * @example
 * const retries = new SlidingWindowPeak(100);
 * retries.record(sim.nowMs()); // … for every retry issued
 * retries.peak; // the most retries issued within any 100 ms
 */
export class SlidingWindowPeak {
  private readonly times: number[] = [];
  private head = 0;
  private max = 0;
  private total = 0;

  /** @param windowMs - The window's length, in ms (> 0). */
  constructor(readonly windowMs: number) {}

  /** Records one event at `atMs` (≥ the previous one's time). */
  record(atMs: number): void {
    this.total++;
    this.times.push(atMs);
    while ((this.times[this.head] as number) <= atMs - this.windowMs) this.head++;
    this.max = Math.max(this.max, this.times.length - this.head);
    // Drop the expired prefix now and then, so the array holds about one window's events.
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The most events within any `windowMs` so far (an event at t counts in (t − windowMs, t]). */
  get peak(): number {
    return this.max;
  }

  /** Events recorded in all. */
  get count(): number {
    return this.total;
  }
}
