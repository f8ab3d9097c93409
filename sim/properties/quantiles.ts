// Order statistics the p99 bound and the give-up allowance share.

/** The least h with P(Binomial(trials, p) > h) ≤ tailChance. */
export function binomialQuantile(trials: number, p: number, tailChance: number): number {
  let pmf = (1 - p) ** trials;
  let cumulative = pmf;
  for (let h = 0; h < trials; h++) {
    if (1 - cumulative <= tailChance) return h;
    pmf *= ((trials - h) / (h + 1)) * (p / (1 - p));
    cumulative += pmf;
  }
  return trials;
}

/** The nearest-rank 99th percentile (0 for no values). */
export function percentile99(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.99 * sorted.length) - 1] as number;
}

/**
 * The chance per order that keeps a run's p99 within an allowance with chance ≥ 1 − `runChance`: with n
 * orders the nearest-rank p99 is the r-th smallest, r = ⌈0.99 n⌉, so it passes the allowance only when
 * n − r + 1 orders do (the slowest alone up to 100 orders). The largest q with
 * P(Binomial(n, q) ≥ n − r + 1) ≤ `runChance`, by bisection on log q.
 */
export function perOrderTailChance(orders: number, runChance: number): number {
  const n = Math.max(1, orders);
  const needed = n - Math.ceil(0.99 * n) + 1;
  const tail = (q: number): number => 1 - binomialCdf(n, q, needed - 1);
  let low = Math.log(runChance / n);
  let high = 0;
  for (let step = 0; step < 40; step++) {
    const mid = (low + high) / 2;
    if (tail(Math.exp(mid)) <= runChance) low = mid;
    else high = mid;
  }
  return Math.exp(low);
}

/** P(Binomial(trials, p) ≤ k). */
export function binomialCdf(trials: number, p: number, k: number): number {
  let pmf = (1 - p) ** trials;
  let cumulative = pmf;
  for (let h = 0; h < k; h++) {
    pmf *= ((trials - h) / (h + 1)) * (p / (1 - p));
    cumulative += pmf;
  }
  return cumulative;
}

/**
 * The least K such that a task needing `successes` successful attempts, each attempt failing with chance
 * `p` on its own, meets more than K failures with chance ≤ `tailChance` (the negative binomial's upper
 * quantile): P(more than K failures) = P(Binomial(successes + K, p) ≥ K + 1). Capped at 64.
 */
export function failuresQuantile(successes: number, p: number, tailChance: number): number {
  if (p <= 0) return 0;
  for (let k = 0; k < 64; k++) if (1 - binomialCdf(successes + k, p, k) <= tailChance) return k;
  return 64;
}
