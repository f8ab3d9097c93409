import type { Random } from '../runtime/random.js';

/** A time-varying arrival rate and a bound on it, both in orders per second. */
export interface RateFunction {
  /** The rate λ(t) at `tSeconds` from the phase's start (≥ 0). */
  rate(tSeconds: number): number;
  /**
   * An upper bound of λ on [`fromSeconds`, the phase's end): thinning draws candidates at this rate, so a
   * tight bound wastes fewer draws. A decaying shape returns its current rate.
   */
  bound(fromSeconds: number): number;
}

/**
 * A non-homogeneous Poisson process by thinning (Lewis and Shedler, 1979, "Simulation of non-homogeneous
 * Poisson processes by thinning"), with the bound refreshed at each candidate as Ogata (1981) does: from
 * time t, a candidate comes after an exponential gap of rate M = bound(t) and is kept with chance
 * λ(candidate)/M. Memorylessness makes this exact for any bound that holds from t to the phase's end.
 *
 * Yields the arrival times, in seconds from the phase's start, ascending and below `durationSeconds`,
 * lazily: one time per `next()`, nothing kept. Two draws per candidate (the gap, then the coin).
 *
 * @param shape - The rate and its bound.
 * @param durationSeconds - The phase's length, in seconds.
 * @param random - The phase's own stream.
 */
export function* thinnedPoisson(
  shape: RateFunction,
  durationSeconds: number,
  random: Random,
): Generator<number, void, undefined> {
  let t = 0;
  for (;;) {
    const bound = shape.bound(t);
    if (!(bound > 0)) return;
    // 1 − next() lies in (0, 1], so the logarithm is finite.
    t += -Math.log(1 - random.next()) / bound;
    if (t >= durationSeconds) return;
    if (random.next() * bound < shape.rate(t)) yield t;
  }
}
