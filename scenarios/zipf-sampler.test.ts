import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import { ZipfSampler } from './zipf-sampler.js';

/** The generalised harmonic number H(n, s) = Σ 1/k^s for k = 1 … n. */
function harmonic(n: number, s: number): number {
  let sum = 0;
  for (let k = 1; k <= n; k++) sum += k ** -s;
  return sum;
}

/** How often each rank came up in `draws` samples, indexed by rank (index 0 unused). */
function frequencies(sampler: ZipfSampler, draws: number, seed = 1): number[] {
  const random = createRandom(seed).fork('customers');
  const counts = Array<number>(sampler.count + 1).fill(0);
  for (let i = 0; i < draws; i++) counts[sampler.sample(random)]!++;
  return counts;
}

describe('ZipfSampler', () => {
  it('gives rank 1 about 1/H(n) of the draws at s = 1, and rank 2 about half as many (n=100, 20,000 draws)', () => {
    const counts = frequencies(new ZipfSampler(100, 1), 20_000);
    const expected = 1 / harmonic(100, 1); // ≈ 0.193
    // σ of the share ≈ 0.0028 at this size: a ±5σ band.
    expect(counts[1]! / 20_000).toBeGreaterThan(expected - 0.014);
    expect(counts[1]! / 20_000).toBeLessThan(expected + 0.014);
    expect(counts[2]! / counts[1]!).toBeGreaterThan(0.44);
    expect(counts[2]! / counts[1]!).toBeLessThan(0.56);
    expect(counts[0]).toBe(0);
  });

  it('is uniform at s = 0', () => {
    const counts = frequencies(new ZipfSampler(10, 0), 20_000);
    // Each rank expects 2,000, σ ≈ 42: a ±6σ band.
    for (let k = 1; k <= 10; k++) {
      expect(counts[k]).toBeGreaterThan(1_750);
      expect(counts[k]).toBeLessThan(2_250);
    }
  });

  it('states the exact probabilities, which sum to 1', () => {
    const sampler = new ZipfSampler(50, 1.1);
    expect(sampler.probability(1)).toBeCloseTo(1 / harmonic(50, 1.1), 12);
    expect(sampler.probability(3)).toBeCloseTo(3 ** -1.1 / harmonic(50, 1.1), 12);
    let sum = 0;
    for (let k = 1; k <= 50; k++) sum += sampler.probability(k);
    expect(sum).toBeCloseTo(1, 12);
    expect(sampler.probability(0)).toBe(0);
    expect(sampler.probability(51)).toBe(0);
  });

  it('draws every rank within 1 … n, and always 1 when n = 1', () => {
    const counts = frequencies(new ZipfSampler(7, 4), 5_000);
    expect(counts.slice(1).reduce((a, b) => a + b, 0)).toBe(5_000);
    expect(frequencies(new ZipfSampler(1, 2), 100)[1]).toBe(100);
  });

  it('takes exactly one draw of the stream per sample, and the same draws give the same ranks', () => {
    const sampler = new ZipfSampler(200, 1.3);
    const a = createRandom(9).fork('customers');
    const b = createRandom(9).fork('customers');
    const ranks = [sampler.sample(a), sampler.sample(a), sampler.sample(a)];
    b.next();
    b.next();
    b.next();
    expect(a.next()).toBe(b.next());
    const c = createRandom(9).fork('customers');
    expect([sampler.sample(c), sampler.sample(c), sampler.sample(c)]).toEqual(ranks);
  });

  it('refuses a count below 1 or a negative exponent', () => {
    expect(() => new ZipfSampler(0, 1)).toThrow(/integer count ≥ 1 \(got 0\)/);
    expect(() => new ZipfSampler(2.5, 1)).toThrow(/integer count ≥ 1 \(got 2.5\)/);
    expect(() => new ZipfSampler(10, -1)).toThrow(/exponent ≥ 0 \(got -1\)/);
    expect(() => new ZipfSampler(10, NaN)).toThrow(/exponent ≥ 0 \(got NaN\)/);
  });
});
