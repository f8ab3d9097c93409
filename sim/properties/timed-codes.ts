/**
 * A binary min-heap of events that are plain numbers (codes), ordered by time, then by insertion order —
 * the order of sim/event-queue.ts `EventQueue`, without an object or a closure per event. The ideal
 * pipeline's small simulation (ideal-pipeline.ts) queues its events here: a code says what happens to
 * which order, so a run of `check` allocates no function per event and keeps no per-run closures whose
 * optimized code V8 drops at each full GC (it holds that code only as long as one of them lives).
 */
export class TimedCodes {
  private timesMs: Float64Array = new Float64Array(64);
  private seqs: Float64Array = new Float64Array(64);
  private codes: Float64Array = new Float64Array(64);
  private nextSeq = 0;
  /** Queued events. */
  size = 0;

  /** Queues `code` at `timeMs` (ms), after every event already queued at that time. */
  push(timeMs: number, code: number): void {
    if (this.size === this.timesMs.length) this.grow();
    const seq = this.nextSeq++;
    let hole = this.size++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      if (this.before(parent, timeMs, seq)) break;
      this.move(parent, hole);
      hole = parent;
    }
    this.place(hole, timeMs, seq, code);
  }

  /** The time of the earliest event, in ms (the queue must not be empty). */
  peekTimeMs(): number {
    return this.timesMs[0]!;
  }

  /** Removes the earliest event and returns its code (the queue must not be empty). */
  pop(): number {
    const code = this.codes[0]!;
    const last = --this.size;
    const lastMs = this.timesMs[last]!;
    const lastSeq = this.seqs[last]!;
    const lastCode = this.codes[last]!;
    let hole = 0;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last && this.before(right, this.timesMs[child]!, this.seqs[child]!)) child = right;
      if (!this.before(child, lastMs, lastSeq)) break;
      this.move(child, hole);
      hole = child;
    }
    this.place(hole, lastMs, lastSeq, lastCode);
    return code;
  }

  /** Whether the event at `at` comes before one at `timeMs` queued `seq`-th. */
  private before(at: number, timeMs: number, seq: number): boolean {
    const atMs = this.timesMs[at]!;
    return atMs < timeMs || (atMs === timeMs && this.seqs[at]! < seq);
  }

  private move(from: number, to: number): void {
    this.place(to, this.timesMs[from]!, this.seqs[from]!, this.codes[from]!);
  }

  private place(at: number, timeMs: number, seq: number, code: number): void {
    this.timesMs[at] = timeMs;
    this.seqs[at] = seq;
    this.codes[at] = code;
  }

  private grow(): void {
    const capacity = this.timesMs.length * 2;
    const grown = (from: Float64Array): Float64Array => {
      const to = new Float64Array(capacity);
      to.set(from);
      return to;
    };
    this.timesMs = grown(this.timesMs);
    this.seqs = grown(this.seqs);
    this.codes = grown(this.codes);
  }
}
