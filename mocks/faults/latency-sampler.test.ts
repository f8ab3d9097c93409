import { describe, expect, it } from 'vitest';
import { createRandom } from '../../runtime/seeded-random.js';
import type { LatencyDistribution } from './fault-plan.js';
import { sampleLatencyMs, standardNormal } from './latency-sampler.js';

const draws = 100_000;

function samples(distribution: LatencyDistribution, seed = 1): number[] {
  const random = createRandom(seed).fork('latency');
  return Array.from({ length: draws }, () => sampleLatencyMs(distribution, random)).sort((a, b) => a - b);
}

/** The q-quantile of sorted values. */
const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.floor(q * (sorted.length - 1))] ?? NaN;

describe('latency samplers', () => {
  it('standardNormal has mean 0 and variance 1 (± 0.02 over 100,000 draws)', () => {
    const random = createRandom(3);
    const values = Array.from({ length: draws }, () => standardNormal(random));
    const mean = values.reduce((a, b) => a + b, 0) / draws;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / draws;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
    // 97.5 % of a standard normal lies below 1.96.
    expect(values.filter((v) => v < 1.96).length / draws).toBeCloseTo(0.975, 2);
  });

  it('fixed always gives its ms', () => {
    expect(new Set(samples({ distribution: 'fixed', ms: 42 }))).toEqual(new Set([42]));
  });

  it('uniform stays in [minMs, maxMs) with its median in the middle (± 1 %)', () => {
    const sorted = samples({ distribution: 'uniform', minMs: 20, maxMs: 80 });
    expect(sorted[0]).toBeGreaterThanOrEqual(20);
    expect(sorted.at(-1)).toBeLessThan(80);
    expect(quantile(sorted, 0.5)).toBeCloseTo(50, 0);
  });

  it('lognormal has its median at medianMs and its p99 at medianMs · e^(2.326 σ) (± 3 %)', () => {
    const sorted = samples({ distribution: 'lognormal', medianMs: 80, sigma: 0.5, capMs: 60_000 });
    expect(Math.abs(quantile(sorted, 0.5) / 80 - 1)).toBeLessThan(0.03);
    const p99 = 80 * Math.exp(2.3263 * 0.5);
    expect(Math.abs(quantile(sorted, 0.99) / p99 - 1)).toBeLessThan(0.03);
  });

  it('pareto starts at scaleMs, has its median at scaleMs · 2^(1/shape) and a heavy tail (± 3 %)', () => {
    const sorted = samples({ distribution: 'pareto', scaleMs: 100, shape: 1.5, capMs: 1e9 });
    expect(sorted[0]).toBeGreaterThanOrEqual(100);
    expect(Math.abs(quantile(sorted, 0.5) / (100 * 2 ** (1 / 1.5)) - 1)).toBeLessThan(0.03);
    // P(X > x) = (scale / x)^shape, so p99 = scale · 100^(1/shape) ≈ 2,154 ms: 21 × the scale.
    expect(Math.abs(quantile(sorted, 0.99) / (100 * 100 ** (1 / 1.5)) - 1)).toBeLessThan(0.05);
  });

  it('caps the heavy tails at capMs', () => {
    const pareto = samples({ distribution: 'pareto', scaleMs: 100, shape: 0.5, capMs: 5_000 });
    expect(pareto.at(-1)).toBe(5_000);
    const lognormal = samples({ distribution: 'lognormal', medianMs: 100, sigma: 3, capMs: 2_000 });
    expect(lognormal.at(-1)).toBe(2_000);
  });

  it('gives the same samples for the same seed, and others for another seed', () => {
    const distribution: LatencyDistribution = {
      distribution: 'lognormal',
      medianMs: 80,
      sigma: 0.5,
      capMs: 60_000,
    };
    expect(samples(distribution, 7)).toEqual(samples(distribution, 7));
    expect(samples(distribution, 8)).not.toEqual(samples(distribution, 7));
  });
});
