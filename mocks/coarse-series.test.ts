import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoarseSeries } from './coarse-series.js';

describe('CoarseSeries', () => {
  it('sums per second from the second of its first value, with null for empty seconds', () => {
    const series = new CoarseSeries('sum');
    series.add(2500, 1);
    series.add(2999, 2);
    series.add(5000, 4);
    expect(series.snapshot()).toEqual({ startMs: 2000, intervalMs: 1000, values: [3, null, null, 4] });
  });

  it('keeps the maximum per interval, and counts an out-of-order time in the first', () => {
    const series = new CoarseSeries('max');
    series.add(1000, 5);
    series.add(1500, 9);
    series.add(200, 7);
    expect(series.snapshot().values).toEqual([9]);
  });

  it('merges pairs and doubles the interval when it outgrows maxPoints, keeping every sum', () => {
    const series = new CoarseSeries('sum', { maxPoints: 4 });
    for (let second = 1; second <= 9; second++) series.add(second * 1000, second);
    // Origin 1 s is odd on the 2 s grid, then on the 4 s grid: [0–4): 1+2+3, [4–8): 4+5+6+7, [8–12): 8+9.
    expect(series.snapshot()).toEqual({ startMs: 0, intervalMs: 4000, values: [6, 22, 17] });
  });

  it('jumps far ahead in one step without growing past maxPoints', () => {
    const series = new CoarseSeries('max', { maxPoints: 8 });
    series.add(0, 1);
    series.add(3_600_000, 2);
    const { intervalMs, values } = series.snapshot();
    expect(values.length).toBeLessThanOrEqual(8);
    expect(intervalMs).toBe(512_000); // 3,600 s falls in interval 7 of 512 s
    expect(values[0]).toBe(1);
    expect(values.at(-1)).toBe(2);
  });

  it('holds, after any coarsening, the fold of every value in each interval of its final grid', () => {
    const add = fc.tuple(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 0, max: 50 }));
    fc.assert(
      fc.property(
        fc.constantFrom<'sum' | 'max'>('sum', 'max'),
        fc.integer({ min: 1, max: 9 }),
        fc.array(add, { maxLength: 80 }),
        (aggregate, maxPoints, adds) => {
          const series = new CoarseSeries(aggregate, { maxPoints });
          for (const [atMs, value] of adds) series.add(atMs, value);
          const { startMs, intervalMs, values } = series.snapshot();
          expect(values.length).toBeLessThanOrEqual(maxPoints);
          const expected: (number | null)[] = values.map(() => null);
          for (const [atMs, value] of adds) {
            const slot = Math.max(0, Math.floor((atMs - startMs) / intervalMs));
            const before = expected[slot] ?? null;
            expected[slot] =
              before === null ? value : aggregate === 'sum' ? before + value : Math.max(before, value);
          }
          expect(values).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
