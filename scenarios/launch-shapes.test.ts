import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import { hawkesArrivals, hawkesMeanRate } from './hawkes-arrivals.js';
import { orderStream } from './order-stream.js';
import { phaseArrivalTimes } from './phase-arrival-times.js';
import { rateCurveOrders, readRateCsv } from './rate-csv.js';
import type { TrafficPhase } from './scenario-types.js';
import { shapeExpectedOrders, shapeRate } from './shape-rate.js';
import { thinnedPoisson } from './thinned-poisson.js';

// Acceptance 1 of issue 17: each arrival process's statistics over a long run, on fixed seeds (each test
// names its seed and prints what it measured).

function shapeTimes(phase: Omit<TrafficPhase, 'name'>, seed: number): number[] {
  return [...thinnedPoisson(shapeRate(phase), phase.durationSeconds ?? 0, createRandom(seed).fork('shape'))];
}

/** The coefficient of variation of the gaps between sorted times. */
function gapCv(times: readonly number[]): number {
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  const variance = gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length;
  return Math.sqrt(variance) / mean;
}

function report(what: string, figures: Record<string, number>): void {
  const text = Object.entries(figures)
    .map(([key, value]) => `${key} ${Number(value.toPrecision(6))}`)
    .join(' · ');
  console.info(`${what}: ${text}`);
}

function expectWithin(measured: number, configured: number, share: number): void {
  expect(Math.abs(measured / configured - 1)).toBeLessThan(share);
}

describe('arrival processes over a long run', () => {
  it('poisson at 50/s for 4,000 s (seed=1701): mean rate within 2 %, inter-arrival CV within 0.05 of 1', () => {
    const phase = { name: 'p', arrival: 'poisson', durationSeconds: 4000, ratePerSecond: 50 } as const;
    const times = phaseArrivalTimes(phase, createRandom(1701).fork('p'));
    const rate = times.length / 4000;
    const cv = gapCv(times);
    report('poisson seed=1701', { orders: times.length, rate, cv });
    expectWithin(rate, 50, 0.02);
    expect(Math.abs(cv - 1)).toBeLessThan(0.05);
  });

  it('a thinned flat rate of 40/s for 4,000 s (seed=1702) is Poisson too: CV within 0.05 of 1', () => {
    const times = shapeTimes(
      { arrival: 'ramp', durationSeconds: 4000, fromPerSecond: 40, toPerSecond: 40 },
      1702,
    );
    const cv = gapCv(times);
    report('flat ramp seed=1702', { orders: times.length, rate: times.length / 4000, cv });
    expectWithin(times.length / 4000, 40, 0.02);
    expect(Math.abs(cv - 1)).toBeLessThan(0.05);
  });

  it('ramp 10 → 50/s over 10,000 s (seed=1703): mean rate within 2 % of 30/s, and rising', () => {
    const phase = { arrival: 'ramp', durationSeconds: 10_000, fromPerSecond: 10, toPerSecond: 50 } as const;
    const times = shapeTimes(phase, 1703);
    const firstTenth = times.filter((t) => t < 1000).length / 1000;
    const lastTenth = times.filter((t) => t >= 9000).length / 1000;
    report('ramp seed=1703', { orders: times.length, rate: times.length / 10_000, firstTenth, lastTenth });
    expect(shapeExpectedOrders(phase)).toBe(300_000);
    expectWithin(times.length / 10_000, 30, 0.02);
    expectWithin(firstTenth, 12, 0.05); // the mean of 10 → 14 over the first tenth
    expectWithin(lastTenth, 48, 0.05);
  });

  it('step 20 → 5/s at 3,000 s of 6,000 (seed=1704): each side within 2 % of its rate', () => {
    const phase = {
      arrival: 'step',
      durationSeconds: 6000,
      fromPerSecond: 20,
      toPerSecond: 5,
      atSeconds: 3000,
    } as const;
    const times = shapeTimes(phase, 1704);
    const before = times.filter((t) => t < 3000).length / 3000;
    const after = times.filter((t) => t >= 3000).length / 3000;
    report('step seed=1704', { orders: times.length, before, after });
    expectWithin(times.length, shapeExpectedOrders(phase), 0.02);
    expectWithin(before, 20, 0.02);
    expectWithin(after, 5, 0.02);
  });

  it('wave 1,000/s halving every 60 s (seed=1705): half its orders within one half-life, count within 2 %', () => {
    const phase = {
      arrival: 'wave',
      durationSeconds: 6000,
      peakPerSecond: 1000,
      halfLifeSeconds: 60,
    } as const;
    const times = shapeTimes(phase, 1705);
    const median = times[Math.floor(times.length / 2)]!;
    // The rate halves every half-life: the orders in [60, 120) are about half those in [0, 60).
    const halving = times.filter((t) => t >= 60 && t < 120).length / times.filter((t) => t < 60).length;
    report('wave seed=1705', { orders: times.length, expected: shapeExpectedOrders(phase), median, halving });
    expectWithin(times.length, shapeExpectedOrders(phase), 0.02);
    expectWithin(median, 60, 0.02);
    expectWithin(halving, 0.5, 0.02);
  });

  it('power-law wave 1,000/s, α 1.5, τ 30 s over 20,000 s (seed=1706): count within 2 % of the integral', () => {
    const phase = {
      arrival: 'wave',
      durationSeconds: 20_000,
      peakPerSecond: 1000,
      exponent: 1.5,
      timescaleSeconds: 30,
    } as const;
    const times = shapeTimes(phase, 1706);
    const expected = shapeExpectedOrders(phase);
    report('power-law wave seed=1706', { orders: times.length, expected });
    expect(expected).toBeCloseTo(1000 * (30 / 0.5) * (1 - (1 + 20_000 / 30) ** -0.5), 6);
    expectWithin(times.length, expected, 0.02);
  });

  it('diurnal 5/s ± 80 % over ten 1-hour periods (seed=1707): mean within 2 %, peak ≈ 7.5 × trough', () => {
    const phase = {
      arrival: 'diurnal',
      durationSeconds: 36_000,
      ratePerSecond: 5,
      amplitude: 0.8,
      periodSeconds: 3600,
      peakAtSeconds: 900,
    } as const;
    const times = shapeTimes(phase, 1707);
    const near = (centre: number): number =>
      times.filter((t) => Math.abs(((((t - centre) % 3600) + 5400) % 3600) - 1800) < 300).length;
    const ratio = near(900) / near(2700);
    report('diurnal seed=1707', { orders: times.length, rate: times.length / 36_000, peakOverTrough: ratio });
    expect(shapeExpectedOrders(phase)).toBeCloseTo(180_000, 6);
    expectWithin(times.length / 36_000, 5, 0.02);
    // Averaged over ±5 min (a twelfth of the period) the curve is mean·(1 ± 0.8·sinc(π/6)), sinc(π/6) =
    // sin(π/6)/(π/6) = 3/π: peak over trough (1 + 2.4/π) / (1 − 2.4/π) ≈ 7.47.
    expectWithin(ratio, (1 + 2.4 / Math.PI) / (1 - 2.4 / Math.PI), 0.05);
  });

  it('rate-csv 2 → 20 → 5/s (seed=1708): count within 2 % of the curve’s integral, 68,100', () => {
    const folder = mkdtempSync(join(tmpdir(), 'funnelstorm-rates-'));
    const file = join(folder, 'rates.csv');
    writeFileSync(file, 'seconds,ratePerSecond\n0,2\n600,20\n1200,5\n');
    const curve = readRateCsv(file);
    const times = [...thinnedPoisson(curve, 12_000, createRandom(1708).fork('csv'))];
    const firstMinutes = times.filter((t) => t < 600).length;
    report('rate-csv seed=1708', { orders: times.length, expected: 68_100, firstTenMinutes: firstMinutes });
    expect(rateCurveOrders(curve.points, 12_000)).toBe(68_100);
    expectWithin(times.length, 68_100, 0.02);
    expectWithin(firstMinutes, 6600, 0.05);
  });

  it('hawkes μ 2/s, n 0.5, half-life 1 s over 50,000 s (seed=1709): mean rate within 2 % of μ/(1 − n) = 4/s', () => {
    const parameters = { basePerSecond: 2, branchingRatio: 0.5, halfLifeSeconds: 1 };
    const times = [...hawkesArrivals(parameters, 50_000, createRandom(1709).fork('hawkes'))];
    const rate = times.length / 50_000;
    const cv = gapCv(times);
    report('hawkes seed=1709', { orders: times.length, rate, closedForm: hawkesMeanRate(2, 0.5), cv });
    expectWithin(rate, hawkesMeanRate(2, 0.5), 0.02);
    // Self-excitation clusters arrivals: gaps vary more than a Poisson process's.
    expect(cv).toBeGreaterThan(1.1);
  });

  it('an idle phase has no orders and shifts the phases after it (seed=1710)', () => {
    const orders = [
      ...orderStream(
        {
          customers: 10,
          phases: [
            { name: 'a', arrival: 'constant', durationSeconds: 10, orders: 10 },
            { name: 'quiet', arrival: 'idle', durationSeconds: 100 },
            { name: 'none', arrival: 'poisson', durationSeconds: 50, orders: 0 },
            { name: 'b', arrival: 'constant', durationSeconds: 5, orders: 5 },
          ],
        },
        createRandom(1710).fork('traffic'),
      ),
    ];
    expect(orders.map((o) => o.arrivalMs)).toEqual([
      0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 160_000, 161_000, 162_000, 163_000, 164_000,
    ]);
  });
});
