import { describe, expect, it } from 'vitest';
import { binomialCdf, failuresQuantile, perOrderTailChance } from './quantiles.js';

describe('perOrderTailChance', () => {
  it('splits a run’s chance over its orders while the p99 is the slowest (up to 100 orders)', () => {
    // One order past the allowance moves the p99: n × q ≈ the run's chance.
    expect(perOrderTailChance(1, 1e-5)).toBeCloseTo(1e-5, 8);
    expect(perOrderTailChance(50, 1e-5) * 50).toBeCloseTo(1e-5, 7);
  });

  it('allows more per order once two or more must be slow to move the p99', () => {
    // 200 orders: the p99 is the 198th, so 3 orders must pass; P(Binomial(200, q) ≥ 3) = 10⁻⁵.
    const q = perOrderTailChance(200, 1e-5);
    expect(q).toBeGreaterThan(1e-5 / 200);
    expect(1 - binomialCdf(200, q, 2)).toBeCloseTo(1e-5, 7);
  });
});

describe('failuresQuantile', () => {
  it('is the negative binomial’s upper quantile: failures before the needed successes', () => {
    // 3 calls at 2 %: more than 2 failures with P(Binomial(5, 0.02) ≥ 3) ≈ 7.8 × 10⁻⁵, more than 3 with
    // P(Binomial(6, 0.02) ≥ 4) ≈ 2.3 × 10⁻⁶.
    expect(failuresQuantile(3, 0.02, 1e-4)).toBe(2);
    expect(failuresQuantile(3, 0.02, 1e-5)).toBe(3);
    expect(failuresQuantile(3, 0, 1e-9)).toBe(0);
  });
});
