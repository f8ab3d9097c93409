import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoarseSeries } from './coarse-series.js';
import { ModelStatsRecorder } from './model-stats.js';

/** The timeline as one add per call makes it: what the recorder's batched adds must equal. */
function timelineByCall(calls: readonly (readonly [number, number])[], maxPoints: number) {
  const all = new CoarseSeries('sum', { maxPoints });
  const throttled = new CoarseSeries('sum', { maxPoints });
  for (const [status, atMs] of calls) {
    all.add(atMs, 1);
    throttled.add(atMs, status === 429 ? 1 : 0);
  }
  const a = all.snapshot();
  return {
    startMs: a.startMs,
    intervalMs: a.intervalMs,
    calls: a.values.map((value) => value ?? 0),
    throttled: throttled.snapshot().values.map((value) => value ?? 0),
  };
}

describe('ModelStatsRecorder', () => {
  it('counts calls, statuses and the span', () => {
    const stats = new ModelStatsRecorder(16);
    stats.record(201, 1000);
    stats.record(429, 1000);
    stats.record(201, 3000);
    expect(stats.snapshot()).toMatchObject({
      calls: 3,
      byStatus: { 201: 2, 429: 1 },
      throttled: 1,
      firstCallMs: 1000,
      lastCallMs: 3000,
      callsPerSecond: 1,
      timeline: { startMs: 1000, intervalMs: 1000, calls: [2, 0, 1], throttled: [1, 0, 0] },
    });
  });

  it('keeps the same timeline as one add per call, for any calls, read at any moment', () => {
    // Times repeat (calls within one millisecond), go back (out-of-order callers) and run past the point
    // limit (coarsening).
    const time = fc.oneof(fc.integer({ min: 0, max: 20_000 }), fc.constantFrom(0, 999, 1000, 1000.5));
    const calls = fc.array(fc.tuple(fc.constantFrom(201, 404, 429), time), { maxLength: 60 });
    fc.assert(
      fc.property(calls, fc.integer({ min: 1, max: 6 }), fc.nat(60), (flat, maxPoints, readAt) => {
        const stats = new ModelStatsRecorder(maxPoints);
        flat.forEach(([status, atMs], i) => {
          stats.record(status, atMs);
          if (i === readAt) {
            expect(stats.snapshot().timeline).toEqual(timelineByCall(flat.slice(0, i + 1), maxPoints));
          }
        });
        expect(stats.snapshot().timeline).toEqual(timelineByCall(flat, maxPoints));
        expect(stats.snapshot().calls).toBe(flat.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('has no first or last call and no rate before a call, and a null rate while every call shares an instant', () => {
    const recorder = new ModelStatsRecorder(16);
    expect(recorder.snapshot()).toMatchObject({
      calls: 0,
      firstCallMs: null,
      lastCallMs: null,
      callsPerSecond: null,
    });
    recorder.record(201, 2500);
    recorder.record(201, 2500);
    expect(recorder.snapshot()).toMatchObject({ firstCallMs: 2500, lastCallMs: 2500, callsPerSecond: null });
    recorder.record(429, 1500);
    expect(recorder.snapshot()).toMatchObject({ firstCallMs: 1500, lastCallMs: 2500, callsPerSecond: 2 });
  });
});
