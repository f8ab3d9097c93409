import type { Random } from '../runtime/random.js';

/** The parameters of a self-exciting (Hawkes) arrival process with an exponential kernel. */
export interface HawkesParameters {
  /** The immigrant (background) rate μ, in orders per second (> 0). */
  basePerSecond: number;
  /** The branching ratio n in [0, 1): the mean number of orders each order triggers. */
  branchingRatio: number;
  /** The half-life of each order's excitation, in seconds (> 0): the kernel is n·β·e^(−βt), β = ln 2 / half-life. */
  halfLifeSeconds: number;
}

/**
 * A Hawkes process by Ogata's thinning (Ogata 1981, "On Lewis' simulation method for point processes"):
 * the intensity λ(t) = μ + Σ n·β·e^(−β(t − tᵢ)) only decays between arrivals, so its value now bounds it
 * until the next arrival; a candidate after an exponential gap of that rate is kept with chance
 * λ(candidate)/bound, and a kept one adds n·β to the intensity. Stationary mean rate: μ / (1 − n).
 *
 * Yields arrival times in seconds from the phase's start, ascending and below `durationSeconds`, lazily:
 * the whole history is one number (the excitation above μ), so memory is constant. Two draws per
 * candidate (the gap, then the coin). The process starts with no history, so the rate climbs from μ
 * towards μ / (1 − n) with time constant 1 / (β(1 − n)).
 *
 * @param parameters - μ, n and the excitation's half-life.
 * @param durationSeconds - The phase's length, in seconds.
 * @param random - The phase's own stream.
 */
export function* hawkesArrivals(
  parameters: HawkesParameters,
  durationSeconds: number,
  random: Random,
): Generator<number, void, undefined> {
  const { basePerSecond: mu, branchingRatio: n } = parameters;
  const beta = Math.LN2 / parameters.halfLifeSeconds;
  let t = 0;
  let excitation = 0;
  for (;;) {
    const bound = mu + excitation;
    const gap = -Math.log(1 - random.next()) / bound;
    t += gap;
    if (t >= durationSeconds) return;
    excitation *= Math.exp(-beta * gap);
    if (random.next() * bound < mu + excitation) {
      excitation += n * beta;
      yield t;
    }
  }
}

/**
 * The stationary mean rate of a Hawkes process, in orders per second: μ / (1 − n) — each immigrant brings
 * 1 + n + n² + … orders in all.
 *
 * @param basePerSecond - μ, the immigrant rate.
 * @param branchingRatio - n, in [0, 1).
 */
export function hawkesMeanRate(basePerSecond: number, branchingRatio: number): number {
  return basePerSecond / (1 - branchingRatio);
}
