import { describe, expect, it } from 'vitest';
import { retryTimeQuantileMs, tailOfSumCell, type RetryTimeModel } from './retry-time-quantile.js';

const model = (parts: Partial<RetryTimeModel>): RetryTimeModel => ({
  callFailureChances: [0.01],
  ceilingMs: () => 10_000,
  floorMs: 0,
  attemptMs: 0,
  hangChance: 0,
  hangMs: 10_000,
  ...parts,
});

describe('retryTimeQuantileMs', () => {
  it('takes the count and the jittered waits together', () => {
    // One call at 1 %: one failure with 0.0099, two or more with 10⁻⁴. P(T > t) ≤ 10⁻³ needs
    // 0.0099 × (1 − t / 10 s) + (at most 10⁻⁴) ≤ 10⁻³: t between 8.99 s and 9.09 s (+ the 25 ms grid),
    // where the ceiling of the one failure allowed is 10 s.
    const ms = retryTimeQuantileMs(1e-3, model({})) as number;
    expect(ms).toBeGreaterThanOrEqual(8_990);
    expect(ms).toBeLessThanOrEqual(9_091 + 25);
  });

  it('is 0 without failures, and adds each failed attempt’s own time', () => {
    expect(retryTimeQuantileMs(1e-5, model({ callFailureChances: [0, 0] }))).toBe(0);
    const bare = retryTimeQuantileMs(1e-3, model({})) as number;
    const withAttempt = retryTimeQuantileMs(1e-3, model({ attemptMs: 1_000 })) as number;
    expect(withAttempt - bare).toBeGreaterThanOrEqual(900);
    expect(withAttempt - bare).toBeLessThanOrEqual(1_050);
  });

  it('counts a rule matching one call at that call’s rate, not the average over the order', () => {
    const oneCall = model({ callFailureChances: [0.054, 0, 0], hangChance: 1, attemptMs: 188 });
    const spread = model({ callFailureChances: [0.018, 0.018, 0.018], hangChance: 1, attemptMs: 188 });
    // Three hangs of the create: 0.054³ ≈ 1.6 × 10⁻⁴, against about 5 × 10⁻⁵ spread over three calls.
    expect(retryTimeQuantileMs(1e-4, oneCall) as number).toBeGreaterThan(
      retryTimeQuantileMs(1e-4, spread) as number,
    );
  });

  it('stays below the sum of the ceilings of the count’s own quantile, and above its floor', () => {
    const ceilings = (retry: number) => Math.min(30_000, 500 * 2 ** retry);
    const ms = retryTimeQuantileMs(
      1e-5,
      model({ callFailureChances: [0.02, 0.02, 0.02], ceilingMs: ceilings }),
    );
    // Three failures allowed at this chance (quantiles.test.ts): ceilings 0.5 + 1 + 2 s = 3.5 s.
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThan(3_500);
    // A 429's Retry-After (2 s) is a floor under every wait.
    const floored = retryTimeQuantileMs(
      1e-5,
      model({ callFailureChances: [0.02, 0.02, 0.02], ceilingMs: ceilings, floorMs: 2_000 }),
    );
    expect(floored).toBeGreaterThanOrEqual(2 * 2_000);
  });

  it('gives up (undefined) when a call always fails', () => {
    expect(retryTimeQuantileMs(1e-5, model({ callFailureChances: [1] }))).toBeUndefined();
  });

  it('backs off per stage, each stage at its own share of hangs', () => {
    const ceilings = (retry: number) => Math.min(30_000, 500 * 2 ** retry);
    const chances = { callFailureChances: [0.05, 0.05, 0.05], ceilingMs: ceilings, attemptMs: 100 };
    const oneStage = retryTimeQuantileMs(1e-6, model({ ...chances, hangChance: 1 })) as number;
    // The create's failures hang; the customer stage's are quick, and start again from the first ceiling.
    const twoStages = retryTimeQuantileMs(
      1e-6,
      model({
        ...chances,
        hangChance: 1,
        stages: [
          { calls: [0], hangChance: 1 },
          { calls: [1, 2], hangChance: 0 },
        ],
      }),
    ) as number;
    expect(twoStages).toBeGreaterThan(0);
    expect(twoStages).toBeLessThan(oneStage);
    // One stage listing every call at the model's hang chance is the default.
    expect(
      retryTimeQuantileMs(
        1e-6,
        model({ ...chances, hangChance: 1, stages: [{ calls: [0, 1, 2], hangChance: 1 }] }),
      ),
    ).toBe(oneStage);
  });
});

describe('tailOfSumCell', () => {
  // The tail of the sum read straight from its convolution, cell by cell from the top.
  const byConvolution = (a: number[], b: number[], left: number, tailChance: number): number => {
    const sum = new Array<number>(a.length + b.length - 1).fill(0);
    a.forEach((x, i) => b.forEach((y, j) => (sum[i + j]! += x * y)));
    let tail = left;
    for (let cell = sum.length - 1; cell >= 0; cell--) {
      if (tail + sum[cell]! > tailChance) return cell;
      tail += sum[cell]!;
    }
    return 0;
  };

  it('finds the cell the convolution finds, without building it', () => {
    // Skewed distributions as a stage's cost is: most mass at 0, a long thin tail.
    const stage = (cells: number, decay: number, offset: number): number[] => {
      const raw = Array.from({ length: cells }, (_, k) => (k === 0 ? 1 : decay ** (k + offset)));
      const total = raw.reduce((x, y) => x + y, 0);
      return raw.map((x) => x / total);
    };
    for (const [la, lb, decay] of [
      [40, 60, 0.8],
      [200, 150, 0.95],
      [7, 300, 0.97],
    ] as const) {
      const a = stage(la, decay, 1);
      const b = stage(lb, decay, 3);
      for (const tailChance of [1e-2, 1e-4, 1e-6, 1e-9]) {
        for (const left of [0, tailChance / 10]) {
          expect(tailOfSumCell(Float64Array.from(a), Float64Array.from(b), left, tailChance)).toBe(
            byConvolution(a, b, left, tailChance),
          );
        }
      }
    }
  });

  it('is the top cell when the leftover alone exceeds the chance, and 0 when nothing does', () => {
    const a = Float64Array.from([0.5, 0.5]);
    const b = Float64Array.from([0.9, 0.1]);
    expect(tailOfSumCell(a, b, 0.2, 0.1)).toBe(2);
    expect(tailOfSumCell(a, b, 0, 0.99)).toBe(0);
  });
});
