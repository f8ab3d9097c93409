import type { RateFunction } from './thinned-poisson.js';
import type { TrafficPhase } from './scenario-types.js';

/**
 * The rate function of a launch-shape phase (validated: see scenarios/phase-fields.ts for which fields each
 * kind takes), in orders per second at t seconds from the phase's start:
 *
 * - `ramp`: linear from `fromPerSecond` at 0 to `toPerSecond` at `durationSeconds`;
 * - `step`: `fromPerSecond` before `atSeconds`, `toPerSecond` from then on;
 * - `wave`: a jump to `peakPerSecond` at 0, then a decay to `basePerSecond` (default 0): exponential,
 *   base + (peak − base)·2^(−t/halfLife), or power-law (Omori), base + (peak − base)·(1 + t/τ)^(−α);
 * - `diurnal`: ratePerSecond·(1 + amplitude·cos(2π(t − peakAtSeconds)/periodSeconds)), a day by default.
 *
 * @param phase - A validated phase of one of those kinds.
 */
export function shapeRate(phase: Omit<TrafficPhase, 'name'>): RateFunction {
  const duration = phase.durationSeconds ?? 0;
  switch (phase.arrival) {
    case 'ramp': {
      const from = phase.fromPerSecond ?? 0;
      const slope = ((phase.toPerSecond ?? 0) - from) / duration;
      const rate = (t: number): number => from + slope * t;
      return { rate, bound: (t) => Math.max(rate(t), rate(duration)) };
    }
    case 'step': {
      const [from, to, at] = [phase.fromPerSecond ?? 0, phase.toPerSecond ?? 0, phase.atSeconds ?? 0];
      const rate = (t: number): number => (t < at ? from : to);
      return { rate, bound: (t) => (t < at ? Math.max(from, to) : to) };
    }
    case 'wave': {
      const base = phase.basePerSecond ?? 0;
      const lift = (phase.peakPerSecond ?? 0) - base;
      const halfLife = phase.halfLifeSeconds;
      const [alpha, tau] = [phase.exponent ?? 1, phase.timescaleSeconds ?? 1];
      const rate =
        halfLife !== undefined
          ? (t: number): number => base + lift * 2 ** (-t / halfLife)
          : (t: number): number => base + lift * (1 + t / tau) ** -alpha;
      // Both decays are non-increasing when peak ≥ base; a wave below its base rises towards it.
      return { rate, bound: (t) => (lift >= 0 ? rate(t) : base) };
    }
    case 'diurnal': {
      const mean = phase.ratePerSecond ?? 0;
      const amplitude = phase.amplitude ?? 0;
      const period = phase.periodSeconds ?? 86_400;
      const peakAt = phase.peakAtSeconds ?? 0;
      const rate = (t: number): number =>
        mean * (1 + amplitude * Math.cos((2 * Math.PI * (t - peakAt)) / period));
      return { rate, bound: () => mean * (1 + amplitude) };
    }
    default:
      throw new Error(`shapeRate: arrival ${phase.arrival} has no rate shape`);
  }
}

/**
 * The expected number of orders of a launch-shape phase: the integral of its rate over the phase, in closed
 * form (used for the volume guard, the run estimate and the statistics tests).
 *
 * @param phase - A validated `ramp`, `step`, `wave` or `diurnal` phase.
 */
export function shapeExpectedOrders(phase: Omit<TrafficPhase, 'name'>): number {
  const d = phase.durationSeconds ?? 0;
  switch (phase.arrival) {
    case 'ramp':
      return (((phase.fromPerSecond ?? 0) + (phase.toPerSecond ?? 0)) / 2) * d;
    case 'step': {
      const at = Math.min(d, phase.atSeconds ?? 0);
      return (phase.fromPerSecond ?? 0) * at + (phase.toPerSecond ?? 0) * (d - at);
    }
    case 'wave': {
      const base = phase.basePerSecond ?? 0;
      const lift = (phase.peakPerSecond ?? 0) - base;
      if (phase.halfLifeSeconds !== undefined) {
        const k = Math.LN2 / phase.halfLifeSeconds;
        return base * d - (lift * Math.expm1(-k * d)) / k;
      }
      const [alpha, tau] = [phase.exponent ?? 1, phase.timescaleSeconds ?? 1];
      const tail =
        alpha === 1 ? tau * Math.log1p(d / tau) : (tau * ((1 + d / tau) ** (1 - alpha) - 1)) / (1 - alpha);
      return base * d + lift * tail;
    }
    case 'diurnal': {
      const mean = phase.ratePerSecond ?? 0;
      const period = phase.periodSeconds ?? 86_400;
      const w = (2 * Math.PI) / period;
      const peakAt = phase.peakAtSeconds ?? 0;
      const swing = ((phase.amplitude ?? 0) / w) * (Math.sin(w * (d - peakAt)) - Math.sin(-w * peakAt));
      return mean * (d + swing);
    }
    default:
      return 0;
  }
}
