import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { FunnelstormError } from '../runtime/errors.js';
import type { UslFit } from './knee-model.js';

/** One measured point: throughput (any unit per second) at a concurrency. */
export interface UslPoint {
  concurrency: number;
  throughput: number;
}

/** The Universal Scalability Law: X(N) = λN / (1 + σ(N − 1) + κN(N − 1)). */
export function uslThroughput(fit: Pick<UslFit, 'lambda' | 'sigma' | 'kappa'>, concurrency: number): number {
  const n = concurrency;
  return (fit.lambda * n) / (1 + fit.sigma * (n - 1) + fit.kappa * n * (n - 1));
}

// Starting points for σ and κ: a local least-squares search can settle in a poor valley from a poor start,
// so it starts from each of these and keeps the best fit (deterministic: no random restarts).
const sigmaStarts = [0, 0.05, 0.5];
const kappaStarts = [0, 1e-3];

/**
 * Fits the Universal Scalability Law (Gunther, "Guerrilla Capacity Planning", 2007) to measured points by
 * nonlinear least squares (Levenberg–Marquardt, the mljs `ml-levenberg-marquardt` package), with σ, κ ≥ 0
 * and λ > 0 free (not pinned to the one-worker point, as the R package `usl` fits it). Throughput is scaled
 * to its maximum before fitting so that the tolerances are relative. Returns R² on the points and the peak
 * concurrency N* = ⌊√((1 − σ)/κ)⌋ when κ > 0.
 *
 * @param points - At least 3 points with distinct concurrencies ≥ 1 and finite throughput ≥ 0.
 * @example
 * fitUsl([{ concurrency: 1, throughput: 1 }, { concurrency: 2, throughput: 1.9 }, { concurrency: 4, throughput: 3.1 }]);
 */
export function fitUsl(points: readonly UslPoint[]): UslFit {
  checkPoints(points);
  const xs = points.map((p) => p.concurrency);
  const scale = Math.max(...points.map((p) => p.throughput));
  if (scale <= 0) return { lambda: 0, sigma: 0, kappa: 0, rSquared: 0 };
  const ys = points.map((p) => p.throughput / scale);
  const first = points.reduce((a, b) => (b.concurrency < a.concurrency ? b : a));
  const lambdaStart = Math.max(1e-6, first.throughput / scale / first.concurrency);

  const model =
    ([lambda = 0, sigma = 0, kappa = 0]: number[]) =>
    (n: number): number =>
      uslThroughput({ lambda, sigma, kappa }, n);
  // The model's partial derivatives in λ, σ and κ (exact, so no finite-difference step to tune).
  const jacobian =
    ([lambda = 0, sigma = 0, kappa = 0]: number[]) =>
    (n: number): number[] => {
      const d = 1 + sigma * (n - 1) + kappa * n * (n - 1);
      const x = (lambda * n) / d;
      return [n / d, (-x * (n - 1)) / d, (-x * n * (n - 1)) / d];
    };

  let best: { params: number[]; sse: number } | undefined;
  for (const sigma of sigmaStarts) {
    for (const kappa of kappaStarts) {
      const result = levenbergMarquardt({ x: xs, y: ys }, model, {
        initialValues: [lambdaStart, sigma, kappa],
        minValues: [0, 0, 0],
        maxValues: [Number.MAX_VALUE, Number.MAX_VALUE, Number.MAX_VALUE],
        jacobianFunction: jacobian,
        maxIterations: 100,
        errorTolerance: 1e-12,
        damping: 1e-2,
      });
      const sse = result.parameterError;
      if (Number.isFinite(sse) && (best === undefined || sse < best.sse)) {
        best = { params: result.parameterValues, sse };
      }
    }
  }
  const [lambda = 0, sigma = 0, kappa = 0] = best?.params ?? [];
  const fit = { lambda: lambda * scale, sigma, kappa };
  const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
  const total = ys.reduce((a, y) => a + (y - mean) ** 2, 0);
  const residual = points.reduce(
    (a, p) => a + (p.throughput / scale - uslThroughput(fit, p.concurrency) / scale) ** 2,
    0,
  );
  const rSquared = total > 0 ? Math.max(0, 1 - residual / total) : residual === 0 ? 1 : 0;
  const peak = kappa > 0 && sigma < 1 ? Math.floor(Math.sqrt((1 - sigma) / kappa)) : undefined;
  return { ...fit, rSquared, ...(peak === undefined ? {} : { peakConcurrency: peak }) };
}

function checkPoints(points: readonly UslPoint[]): void {
  const seen = new Set<number>();
  points.forEach((p, i) => {
    if (!(Number.isFinite(p.concurrency) && p.concurrency >= 1)) {
      throw new FunnelstormError(
        'INTERNAL',
        `fitUsl: points[${i}].concurrency must be a number ≥ 1, got ${p.concurrency}.`,
      );
    }
    if (!(Number.isFinite(p.throughput) && p.throughput >= 0)) {
      throw new FunnelstormError(
        'INTERNAL',
        `fitUsl: points[${i}].throughput must be a finite number ≥ 0, got ${p.throughput}.`,
      );
    }
    seen.add(p.concurrency);
  });
  if (seen.size < 3) {
    throw new FunnelstormError(
      'INTERNAL',
      `fitUsl: needs at least 3 distinct concurrencies to fit λ, σ and κ, got ${seen.size}.`,
    );
  }
}
