import { describe, expect, it } from 'vitest';
import { isFunnelstormError } from '../runtime/errors.js';
import { kneedle } from './kneedle.js';
import { kneedBumpyYs, kneedFlatMaximaYs, kneedLogisticYs } from './kneedle-test-support.js';

// Expected knees are those of the kneed package's own tests (github.com/arvkevi/kneed, tests/test_sample.py,
// interp_method "interp1d", i.e. the data unsmoothed), and its data (kneed/data_generator.py), which recreates
// figure 2 of Satopää et al. 2011, "Finding a 'Kneedle' in a Haystack".
const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const x10 = range(0, 9);
const concaveIncreasing = [0, 60, 80, 85, 90, 95, 96, 97, 98, 99];
const concaveDecreasing = [99, 98, 97, 96, 95, 90, 85, 80, 60, 0];
const convexIncreasing = [1, 2, 3, 4, 5, 10, 15, 20, 40, 100];
const convexDecreasing = [100, 40, 20, 15, 10, 5, 4, 3, 2, 1];
const tenth = (values: number[]): number[] => values.map((v) => v / 10);

describe('kneedle (kneed test data)', () => {
  it('finds the knee of the paper figure 2 curve, y = 5 − 1/(x + 0.1) on 10 points of 0…1, at x ≈ 0.22', () => {
    const xs = range(0, 9).map((i) => i / 9);
    const result = kneedle(
      xs,
      xs.map((x) => 5 - 1 / (x + 0.1)),
      { curve: 'concave', sensitivity: 1 },
    );
    expect(result.kneeX).toBeCloseTo(0.2222, 3);
    // kneed's test_y: knee_y 1.897 and norm_knee_y 0.758 (rel_tol 3 %).
    expect(result.kneeY).toBeCloseTo(1.897, 2);
    expect(result.normKneeY).toBeCloseTo(0.758, 2);
  });

  it('finds kneed data_generator knees: concave increasing 2, concave decreasing 7, convex increasing 7, convex decreasing 2', () => {
    expect(kneedle(x10, concaveIncreasing, { curve: 'concave' }).kneeX).toBe(2);
    expect(kneedle(x10, concaveDecreasing, { curve: 'concave', direction: 'decreasing' }).kneeX).toBe(7);
    expect(kneedle(x10, convexIncreasing, { curve: 'convex' }).kneeX).toBe(7);
    expect(kneedle(x10, convexDecreasing, { curve: 'convex', direction: 'decreasing' }).kneeX).toBe(2);
  });

  it('finds the truncated curves knees (last 3 points dropped, both axes ÷ 10): 0.2, 0.4, 0.4, 0.2', () => {
    const xs = tenth(x10.slice(0, -3));
    const cut = (ys: number[]): number[] => tenth(ys.slice(0, -3));
    expect(kneedle(xs, cut(concaveIncreasing), { curve: 'concave' }).kneeX).toBe(0.2);
    expect(kneedle(xs, cut(concaveDecreasing), { curve: 'concave', direction: 'decreasing' }).kneeX).toBe(
      0.4,
    );
    expect(kneedle(xs, cut(convexIncreasing), { curve: 'convex' }).kneeX).toBe(0.4);
    expect(kneedle(xs, cut(convexDecreasing), { curve: 'convex', direction: 'decreasing' }).kneeX).toBe(0.2);
  });

  it('finds the bumpy curve elbow at 26 offline, and all five online (26, 31, 41, 46, 53)', () => {
    const xs = range(0, 89);
    const options = { curve: 'convex', direction: 'decreasing' } as const;
    expect(kneedle(xs, kneedBumpyYs, options).kneeX).toBe(26);
    const online = kneedle(xs, kneedBumpyYs, { ...options, online: true });
    expect([...online.allKneesX].sort((a, b) => a - b)).toEqual([26, 31, 41, 46, 53]);
    expect(online.kneeX).toBe(53);
  });

  it('finds the logistic curve knee at 73 online (convex, increasing)', () => {
    expect(kneedle(range(1, 98), kneedLogisticYs, { curve: 'convex', online: true }).kneeX).toBe(73);
  });

  it('finds the first local maximum with S = 0 (x = 1) and the global one with S = 1 (x = 8) on a flat maximum', () => {
    const xs = range(0, 17);
    const options = { curve: 'convex', direction: 'decreasing' } as const;
    expect(kneedle(xs, kneedFlatMaximaYs, { ...options, sensitivity: 0 }).kneeX).toBe(1);
    expect(kneedle(xs, kneedFlatMaximaYs, { ...options, sensitivity: 1 }).kneeX).toBe(8);
  });

  it('finds the sine knees online as kneed does: 4.5, 4.9, 7.7, 1.8', () => {
    const xs = range(0, 99).map((i) => i * 0.1);
    const ys = xs.map(Math.sin);
    const knee = (direction: 'increasing' | 'decreasing', curve: 'concave' | 'convex'): number | undefined =>
      kneedle(xs, ys, { direction, curve, online: true }).kneeX;
    expect(knee('decreasing', 'convex')).toBeCloseTo(4.5, 6);
    expect(knee('increasing', 'convex')).toBeCloseTo(4.9, 6);
    expect(knee('increasing', 'concave')).toBeCloseTo(7.7, 6);
    expect(knee('decreasing', 'concave')).toBeCloseTo(1.8, 6);
  });

  it('finds no knee in a flat line or in three points of a gentle exponential decay', () => {
    expect(kneedle(x10, new Array<number>(10).fill(1)).kneeX).toBeUndefined();
    const decay = kneedle([1, 2, 3], [0.90483742, 0.81873075, 0.74081822], {
      curve: 'convex',
      direction: 'decreasing',
    });
    expect(decay.kneeX).toBeUndefined();
    expect(decay.kneeY).toBeUndefined();
  });
});

describe('kneedle (a throughput curve)', () => {
  it('finds where throughput against concurrency stops growing: a ceiling of 10 reached at 6 workers', () => {
    const concurrency = [1, 2, 3, 4, 5, 6, 8, 12, 16, 24, 32];
    const throughput = concurrency.map((n) => Math.min(10, n * 1.7));
    expect(kneedle(concurrency, throughput).kneeX).toBe(6);
  });

  it('rejects xs that do not increase, naming the index', () => {
    const error: unknown = (() => {
      try {
        kneedle([1, 2, 2], [1, 2, 3]);
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();
    expect(isFunnelstormError(error, 'INTERNAL')).toBe(true);
    expect(String(error)).toContain('xs[2] = 2');
  });
});
