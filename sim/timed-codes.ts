/**
 * A binary min-heap of events that are plain numbers (codes), ordered by time, then by insertion order, in
 * typed arrays: no object or closure per event. The simulator's EventQueue (event-queue.ts) orders its
 * events here, a code being the slot of the event object; the ideal pipeline's small simulation
 * (properties/ideal-pipeline.ts) queues codes that say what happens to which order, so a run of `check`
 * keeps no per-run closures whose optimized code V8 drops at each full GC.
 */
export class TimedCodes {
  private timesMs: Float64Array = new Float64Array(1024);
  private seqs: Float64Array = new Float64Array(1024);
  private codes: Float64Array = new Float64Array(1024);
  private nextSeq = 0;
  /** Queued events. */
  size = 0;

  /** Queues `code` at `timeMs` (ms), after every event already queued at that time. */
  push(timeMs: number, code: number): void {
    if (this.size === this.timesMs.length) this.grow();
    const seq = this.nextSeq++;
    const { timesMs: times, seqs, codes } = this;
    // Sift the hole up from the end, then drop the new event into it (the simulator's hot path: the
    // comparisons and moves are written out, not method calls).
    let hole = this.size++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const parentMs = times[parent]!;
      if (parentMs < timeMs || (parentMs === timeMs && seqs[parent]! < seq)) break;
      times[hole] = parentMs;
      seqs[hole] = seqs[parent]!;
      codes[hole] = codes[parent]!;
      hole = parent;
    }
    times[hole] = timeMs;
    seqs[hole] = seq;
    codes[hole] = code;
  }

  /** The time of the earliest event, in ms (the queue must not be empty). */
  peekTimeMs(): number {
    return this.timesMs[0]!;
  }

  /** Removes the earliest event and returns its code (the queue must not be empty). */
  pop(): number {
    const { timesMs: times, seqs, codes } = this;
    const code = codes[0]!;
    const last = --this.size;
    const lastMs = times[last]!;
    const lastSeq = seqs[last]!;
    const lastCode = codes[last]!;
    // Sift the hole down from the root, then drop the former last event into it.
    let hole = 0;
    const half = last >> 1;
    while (hole < half) {
      let child = 2 * hole + 1;
      const right = child + 1;
      if (
        right < last &&
        (times[right]! < times[child]! || (times[right] === times[child] && seqs[right]! < seqs[child]!))
      ) {
        child = right;
      }
      const childMs = times[child]!;
      if (lastMs < childMs || (lastMs === childMs && lastSeq < seqs[child]!)) break;
      times[hole] = childMs;
      seqs[hole] = seqs[child]!;
      codes[hole] = codes[child]!;
      hole = child;
    }
    if (last > 0) {
      times[hole] = lastMs;
      seqs[hole] = lastSeq;
      codes[hole] = lastCode;
    }
    return code;
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
