import { describe, expect, it } from 'vitest';
import { analyseKnee, analyseKneePlan, callsInFlight, kneeCurve, littleKnee } from './knee-analysis.js';
import type { KneeSweepPlan } from './knee-model.js';
import { fixtureAssumptions, fixtureKneePlan, fixtureKneeSweep } from './knee-test-support.js';

const concurrencies = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 24, 32];
const standard = (shape: Partial<Parameters<typeof fixtureKneePlan>[0]> = {}): KneeSweepPlan =>
  fixtureKneePlan({ plan: 'standard', bucketSize: 40, leakPerSecond: 2, concurrencies, ...shape });

describe('littleKnee', () => {
  it('is ⌈leak × call hold⌉: 2 calls/s × 1.5 s = 3, 20/s × 3 s = 60, 2/s × 100 ms = 1 (never 0)', () => {
    expect(littleKnee(2, 1500)).toBe(3);
    expect(littleKnee(20, 3000)).toBe(60);
    expect(littleKnee(2, 100)).toBe(1);
    expect(littleKnee(2, 1600)).toBe(4);
  });

  it('counts calls in flight at a point as calls/s × call hold (2 calls/s × 3 s = 6)', () => {
    expect(callsInFlight({ callsPerSecond: 2 }, { callHoldMs: 3000 })).toBe(6);
  });
});

describe('analyseKneePlan', () => {
  it('recommends the smallest concurrency reaching 95 % of the ceiling without 429s, near Little’s knee', () => {
    const plan = standard();
    const analysis = analyseKneePlan(plan, fixtureAssumptions);
    expect(analysis.littleConcurrency).toBe(6);
    const rec = analysis.recommended;
    expect(rec?.ceilingShare).toBeGreaterThanOrEqual(0.95);
    const before = kneeCurve(plan).filter((p) => p.concurrency < (rec?.concurrency ?? 0));
    expect(before.every((p) => p.ceilingShare < 0.95)).toBe(true);
    expect(rec?.concurrency).toBeGreaterThanOrEqual(6);
    expect(rec?.concurrency).toBeLessThanOrEqual(7);
    expect(analysis.kneeConcurrency).toBeGreaterThanOrEqual(6);
    expect(analysis.kneeConcurrency).toBeLessThanOrEqual(8);
    expect(analysis.text).toMatch(
      /^standard: run [67] workers: 9\d % of the plan's ceiling, p99 \d+\.\d min/,
    );
    expect(analysis.text).toContain('beyond 12, 429s appear');
    // Little's law at the recommended point: 1.97 calls/s × 3 s = 5.9 calls in flight.
    expect(analysis.text).toContain(
      "Little's law 6 (2 calls/s × 3.0 s a call), 5.9 calls in flight at 7 workers",
    );
    expect(analysis.text).toContain(
      'Assumes 2.5 s round trip, 500 ms server latency, no Store round trip and 3 calls per order',
    );
  });

  it('skips points with more than 0.5 % 429s or any dead letter', () => {
    const plan = standard({
      share429: (n) => (n === 7 || n === 8 ? 0.01 : 0),
      deadLetters: (n) => (n === 10 ? 1 : 0),
    });
    expect(analyseKneePlan(plan, fixtureAssumptions).recommended?.concurrency).toBe(12);
  });

  it('says why in words when no point qualifies, and recommends nothing', () => {
    const plan = standard({ share429: (n) => (n >= 6 ? 0.02 : 0) });
    const analysis = analyseKneePlan(plan, fixtureAssumptions);
    expect(analysis.recommended).toBeUndefined();
    expect(analysis.text).toContain('no concurrency to recommend');
    expect(analysis.text).toContain('7 workers: 2 % 429s');
  });

  it('measures against the best throughput seen when the ceiling is out of reach', () => {
    const plan = standard({ capOrdersPerSecond: 0.3 });
    const analysis = analyseKneePlan(plan, fixtureAssumptions);
    expect(analysis.text).toContain('of the best throughput seen');
    expect(analysis.text).toContain('out of reach in this sweep');
    expect(analysis.recommended?.ceilingShare).toBeLessThan(0.5);
  });

  it('says the knee lies beyond the sweep when throughput still grows at its last point', () => {
    const plus = fixtureKneePlan({ plan: 'plus', bucketSize: 400, leakPerSecond: 20, concurrencies });
    const analysis = analyseKneePlan(plus, fixtureAssumptions);
    expect(analysis.recommended?.concurrency).toBe(32);
    expect(analysis.text).toContain(
      "Throughput still grows at 32 workers, the last swept: the knee lies beyond this sweep; sweep further (Little's law puts it at 60)",
    );
    // A flat end (the capped curve) gives no such warning.
    expect(analyseKneePlan(standard({ capOrdersPerSecond: 0.3 }), fixtureAssumptions).text).not.toContain(
      'still grows',
    );
  });

  it('reads only the points at rate scale 1 when several rates were swept', () => {
    const plan = standard();
    const doubled = plan.points.map((p) => ({ ...p, rateScale: 2, ordersPerSecond: p.ordersPerSecond / 2 }));
    const mixed = { ...plan, points: [...plan.points, ...doubled] };
    expect(kneeCurve(mixed)).toHaveLength(concurrencies.length);
    expect(analyseKneePlan(mixed, fixtureAssumptions)).toEqual(analyseKneePlan(plan, fixtureAssumptions));
  });

  it('recommends nothing when no point completed an order', () => {
    const plan = standard();
    const idle = { ...plan, points: plan.points.map((p) => ({ ...p, ordersPerSecond: 0, ceilingShare: 0 })) };
    const analysis = analyseKneePlan(idle, fixtureAssumptions);
    expect(analysis.recommended).toBeUndefined();
    expect(analysis.kneeConcurrency).toBeUndefined();
    expect(analysis.usl).toBeUndefined();
    expect(analysis.text).toContain('no point completed any orders');
  });

  it('has nothing to recommend without points', () => {
    const analysis = analyseKneePlan({ ...standard(), points: [] }, fixtureAssumptions);
    expect(analysis.recommended).toBeUndefined();
    expect(analysis.text).toContain('no points were measured');
  });
});

describe('analyseKnee', () => {
  it('adds what the other plans do with the same launch, and leaves sensitivity to the sweep', () => {
    const analysis = analyseKnee(fixtureKneeSweep());
    expect(analysis.plans.map((p) => p.plan)).toEqual(['standard', 'plus']);
    expect(analysis.plans[0]?.text).toMatch(
      /Compared: on plus the same launch drains in \d+\.\d min at \d+ workers\.$/,
    );
    expect(analysis.plans[1]?.text).toMatch(
      /Compared: on standard the same launch drains in \d+\.\d min at [67] workers\.$/,
    );
    expect(analysis.plans[1]?.littleConcurrency).toBe(60);
    expect(analysis.sensitivity).toEqual([]);
  });
});
