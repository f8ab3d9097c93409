import { describe, expect, it } from 'vitest';
import { measureLivePoint } from './live-knee-measure.js';
import type { LiveOrderTiming } from './run-live.js';

/** Orders arriving at once at t = 1,000 ms, taken two at a time, each holding a worker 200 ms. */
function twoWorkers(orders: number): LiveOrderTiming[] {
  return Array.from({ length: orders }, (_, i) => {
    const startMs = 1_000 + Math.floor(i / 2) * 200;
    return { sourceOrderId: `so-${i}`, arrivalMs: 1_000, startMs, doneMs: startMs + 200, outcome: 'created' };
  });
}

/** Seed 1, one order per timing that is not a second delivery. */
const measure = (timings: LiveOrderTiming[], shop: { calls: number; throttled: number }, deadLetters = 0) =>
  measureLivePoint({
    seed: 1,
    orders: timings.filter((t) => t.outcome !== 'already-claimed').length,
    timings,
    shop,
    deadLetters,
  });

describe('measureLivePoint (the live knee sweep’s figures from worker timings and the mock’s counts)', () => {
  it('reads 2 workers × 200 ms per order as 10 orders/s, with latency and queue wait from arrival', () => {
    const result = measureLivePoint({
      seed: 3,
      orders: 100,
      timings: twoWorkers(100),
      shop: { calls: 300, throttled: 3 },
      deadLetters: 0,
    });
    expect(result.ordersPerSecond).toBeCloseTo(10, 6);
    // Three calls reached the mock per completed order.
    expect(result.callsPerSecond).toBeCloseTo(30, 6);
    expect(result.share429).toBe(0.01);
    expect(result.drainMs).toBe(10_000);
    expect(result.p50Ms).toBeCloseTo(5_000, -1);
    expect(result.p99Ms).toBeCloseTo(10_000, -1);
    expect(result.queueWaitP99Ms).toBeCloseTo(9_800, -1);
    expect(result).toMatchObject({ seed: 3, orders: 100, deadLetters: 0 });
  });

  it('leaves a retried straggler out of the rate, not out of the drain time', () => {
    const timings = twoWorkers(100);
    const last = timings[99] as LiveOrderTiming;
    timings[99] = { ...last, doneMs: last.doneMs + 5_000 };
    const result = measure(timings, { calls: 101, throttled: 1 });
    expect(result.ordersPerSecond).toBeCloseTo(10, 6);
    // One order in 100 is past the 99th percentile.
    expect(result.p99Ms).toBeCloseTo(10_000, -1);
    expect(result.drainMs).toBe(15_000);
  });

  it('counts dead-lettered orders in the latency but not in the rate, and skips orders claimed elsewhere', () => {
    const timings = twoWorkers(4);
    timings[3] = { ...(timings[3] as LiveOrderTiming), outcome: 'dead-lettered' };
    timings.push({
      sourceOrderId: 'so-0',
      arrivalMs: 1_000,
      startMs: 1_000,
      doneMs: 9_000,
      outcome: 'already-claimed',
    });
    const result = measure(timings, { calls: 0, throttled: 0 }, 1);
    // Three completions over 400 ms of drain (too few for percentiles): 7.5 orders/s.
    expect(result.ordersPerSecond).toBe(7.5);
    expect(result.drainMs).toBe(400);
    expect(result.share429).toBe(0);
    expect(result).toMatchObject({ orders: 4, deadLetters: 1 });
  });
});
