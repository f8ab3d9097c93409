import type { Random } from '../../runtime/random.js';
import type { LatencyDistribution } from './fault-plan.js';

/**
 * Latency samplers: pure functions of a {@link Random} stream (pure-rand has uniform distributions only).
 * Each draws a fixed number of uniforms per sample — fixed 0, uniform 1, Pareto 1, log-normal 2 — so a
 * stream's position depends only on how many samples it gave.
 */

/**
 * A standard normal deviate by the Box–Muller transform: with U1 in (0, 1] and U2 in [0, 1),
 * Z = √(−2 ln U1) · cos(2π U2) is N(0, 1) (G. E. P. Box and M. E. Muller, "A Note on the Generation of
 * Random Normal Deviates", Ann. Math. Statist. 29(2), 1958). Only the cosine half is used, so each sample
 * costs two uniforms and no state is carried between samples.
 */
export function standardNormal(random: Random): number {
  const u1 = 1 - random.next(); // (0, 1]: ln(0) would be −∞
  const u2 = random.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * A log-normal sample with the given median, in ms: `medianMs · exp(sigma · Z)` with Z standard normal,
 * since the median of exp(μ + σZ) is exp(μ). Capped at `capMs`.
 */
export function lognormalMs(random: Random, medianMs: number, sigma: number, capMs: number): number {
  return Math.min(capMs, medianMs * Math.exp(sigma * standardNormal(random)));
}

/**
 * A Pareto (type I) sample by inverting its CDF F(x) = 1 − (x_m / x)^α for x ≥ x_m: with U uniform in
 * (0, 1], x = x_m · U^(−1/α) (L. Devroye, "Non-Uniform Random Variate Generation", Springer 1986, ch. II.2,
 * the inversion method; 1 − U is as uniform as U). Its median is x_m · 2^(1/α); for α ≤ 2 the variance is
 * infinite, which is why it is capped at `capMs`.
 */
export function paretoMs(random: Random, scaleMs: number, shape: number, capMs: number): number {
  const u = 1 - random.next(); // (0, 1]: U = 0 would be an infinite delay
  return Math.min(capMs, scaleMs * u ** (-1 / shape));
}

/**
 * One sample of added server time from `distribution`, in milliseconds (≥ 0).
 *
 * @example
 * const delayMs = sampleLatencyMs({ distribution: 'uniform', minMs: 20, maxMs: 80 }, random.fork('latency'));
 */
export function sampleLatencyMs(distribution: LatencyDistribution, random: Random): number {
  switch (distribution.distribution) {
    case 'fixed':
      return distribution.ms;
    case 'uniform':
      return distribution.minMs + random.next() * (distribution.maxMs - distribution.minMs);
    case 'lognormal':
      return lognormalMs(random, distribution.medianMs, distribution.sigma, distribution.capMs);
    case 'pareto':
      return paretoMs(random, distribution.scaleMs, distribution.shape, distribution.capMs);
  }
}
