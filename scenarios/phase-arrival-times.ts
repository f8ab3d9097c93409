import type { Random } from '../runtime/random.js';
import type { TrafficPhase } from './scenario-types.js';

/**
 * The arrival times of one phase's orders, in seconds from the phase's start, ascending.
 *
 * - `constant` with `ratePerSecond`: 0, 1/rate, 2/rate, … while < `durationSeconds`; with `orders`:
 *   i × duration / orders for i = 0 … orders − 1.
 * - `poisson` with `ratePerSecond`: exponential gaps of mean 1/rate until the duration ends (the count is
 *   random); with `orders`: exactly that many times uniform on [0, duration), sorted — a Poisson process
 *   conditioned on its count.
 * - `spike` with `halfLifeSeconds`: `orders` times from the exponential density of that half-life,
 *   truncated to [0, duration] (inverse-CDF sampling); without it, all `orders` at 0 (a backlog).
 *
 * Other kinds (the launch shapes, `idle`, `trace`) are streamed by scenarios/order-stream.ts: none here.
 *
 * @param phase - A validated phase (see {@link trafficSchema} for which fields each arrival needs).
 * @param random - The phase's own stream; only `poisson` and `spike` with a half-life draw from it.
 */
export function phaseArrivalTimes(phase: TrafficPhase, random: Random): number[] {
  const duration = phase.durationSeconds ?? 0;
  const orders = phase.orders ?? 0;
  switch (phase.arrival) {
    case 'constant': {
      if (phase.ratePerSecond === undefined)
        return Array.from({ length: orders }, (_, i) => (i * duration) / orders);
      const rate = phase.ratePerSecond;
      const times: number[] = [];
      // Multiply instead of summing gaps, so float error does not accumulate over long phases.
      for (let i = 0; i / rate < duration; i++) times.push(i / rate);
      return times;
    }
    case 'poisson': {
      if (phase.ratePerSecond === undefined)
        return Array.from({ length: orders }, () => random.next() * duration).sort((a, b) => a - b);
      const rate = phase.ratePerSecond;
      const times: number[] = [];
      // 1 − next() lies in (0, 1], so the logarithm is finite.
      for (
        let t = -Math.log(1 - random.next()) / rate;
        t < duration;
        t += -Math.log(1 - random.next()) / rate
      )
        times.push(t);
      return times;
    }
    case 'spike': {
      if (phase.halfLifeSeconds === undefined) return new Array<number>(orders).fill(0);
      const decay = Math.LN2 / phase.halfLifeSeconds;
      // The truncated CDF is F(t) = (1 − e^(−λt)) / (1 − e^(−λD)); solving F(t) = u gives
      // t = −ln(1 − u(1 − e^(−λD))) / λ. expm1 and log1p keep precision when λD is small.
      const mass = Math.expm1(-decay * duration);
      const draw = (): number => Math.min(duration, Math.max(0, -Math.log1p(random.next() * mass) / decay));
      return Array.from({ length: orders }, draw).sort((a, b) => a - b);
    }
    default:
      // The launch shapes, `idle` and `trace` are streamed by scenarios/order-stream.ts.
      return [];
  }
}
