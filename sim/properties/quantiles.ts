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
