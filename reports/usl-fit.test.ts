import { describe, expect, it } from 'vitest';
import { isFunnelstormError } from '../runtime/errors.js';
import { fitUsl, uslThroughput } from './usl-fit.js';

const points = (loads: number[], throughputs: number[]) =>
  loads.map((concurrency, i) => ({ concurrency, throughput: throughputs[i] ?? 0 }));

// Published data sets with known coefficients, from the R package `usl` (Stefan Möding,
// github.com/smoeding/usl): data/specsdm91.rda (a Sun SPARCcenter 2000 in SPEC SDM91, from Gunther,
// "Guerrilla Capacity Planning", 2007), whose fit README.md and tests/summary.Rout.save publish as
// alpha (σ) 0.0277285, beta (κ) 0.0001044, gamma (λ) 89.995, peak at load 96.52; and tests/coef.R's
// synthetic points with alpha = beta = 0.02, gamma = 1.
describe('fitUsl', () => {
  it('recovers the published fit of SPEC SDM91 (σ 0.02773, κ 0.0001044, λ 90.0, N* = ⌊96.52⌋)', () => {
    const fit = fitUsl(
      points([1, 18, 36, 72, 108, 144, 216], [64.9, 995.9, 1652.4, 1853.2, 1828.9, 1775.0, 1702.2]),
    );
    expect(fit.sigma).toBeCloseTo(0.0277285, 4);
    expect(fit.kappa).toBeCloseTo(0.0001044, 6);
    expect(fit.lambda).toBeCloseTo(89.995, 1);
    expect(fit.peakConcurrency).toBe(96);
    // Residual standard error 82.85 on 4 degrees of freedom: SSE = 4 × 82.85².
    expect(fit.rSquared).toBeGreaterThan(0.97);
  });

  it("recovers the usl package's coef.R example: σ = κ = 0.02, λ = 1 (3 significant digits)", () => {
    const fit = fitUsl(points([1, 2, 4, 6, 8, 10], [1, 1.8868, 3.0769, 3.5294, 3.5398, 3.3557]));
    expect(fit.sigma).toBeCloseTo(0.02, 3);
    expect(fit.kappa).toBeCloseTo(0.02, 3);
    expect(fit.lambda).toBeCloseTo(1, 3);
    expect(fit.peakConcurrency).toBe(Math.floor(Math.sqrt(0.98 / 0.02)));
    expect(fit.rSquared).toBeGreaterThan(0.9999);
  });

  it('fits a hard ceiling (linear, then flat at 10) only loosely: R² between 0.9 and 0.99, near 10 at 16 workers', () => {
    const loads = [1, 2, 4, 8, 16, 32, 64];
    const fit = fitUsl(
      points(
        loads,
        loads.map((n) => Math.min(10, 1.5 * n)),
      ),
    );
    // A rate limit is a wall, not the gradual contention the USL models: the fit says so through R².
    expect(fit.rSquared).toBeGreaterThan(0.9);
    expect(fit.rSquared).toBeLessThan(0.99);
    expect(Math.abs(uslThroughput(fit, 16) - 10)).toBeLessThan(1);
  });

  it('refuses fewer than 3 distinct concurrencies, saying how many it got', () => {
    try {
      fitUsl(points([1, 2, 2], [1, 2, 2]));
      expect.unreachable();
    } catch (error) {
      expect(isFunnelstormError(error, 'INTERNAL')).toBe(true);
      expect(String(error)).toContain('got 2');
    }
  });
});
