import { describe, expect, it } from 'vitest';
import { isFunnelstormError } from '../runtime/errors.js';
import { idealDrainEndMs, idealDrainSchedule } from './ideal-drain.js';

const allAtZero = (count: number): number[] => new Array<number>(count).fill(0);

describe('idealDrainSchedule', () => {
  it('drains 1,000 orders at t=0 on standard (40, 2/s) with the last slot at exactly 480 s', () => {
    expect(idealDrainEndMs(allAtZero(1000), 40, 2)).toBe(480_000);
  });

  it('spends the burst of 40 at t=0 on standard, then one call every 500 ms', () => {
    const slots = idealDrainSchedule(allAtZero(1000), 40, 2);
    expect(slots.slice(0, 40)).toEqual(allAtZero(40));
    expect(slots.slice(40, 43)).toEqual([500, 1000, 1500]);
  });

  it('fits 400 orders at t=0 on plus (400, 20/s) entirely in the burst', () => {
    expect(idealDrainSchedule(allAtZero(400), 400, 20)).toEqual(allAtZero(400));
    expect(idealDrainEndMs(allAtZero(400), 400, 20)).toBe(0);
  });

  it('gives each order its own arrival time when arrivals are slower than the leak rate', () => {
    const arrivals = [0, 600, 1200, 1800, 5000, 5501];
    expect(idealDrainSchedule(arrivals, 40, 2)).toEqual(arrivals);
    // Even with a bucket of one call, a gap of at least 1 / leak s leaves nothing to wait for.
    expect(idealDrainSchedule(arrivals, 1, 2)).toEqual(arrivals);
  });

  it('computes a mixed burst, backlog and idle period as worked out by hand (bucket 2, 1/s)', () => {
    // T = 1000 ms, τ = 1000 ms. Two calls at 0 fill the bucket; the next two wait 1 s each; the order
    // arriving at 1.5 s waits behind them until 3 s; by 10 s the bucket is empty again (it drained by
    // 5 s), so two calls go at once and the third waits 1 s.
    const arrivals = [0, 0, 0, 0, 1500, 10_000, 10_000, 10_000];
    expect(idealDrainSchedule(arrivals, 2, 1)).toEqual([0, 0, 1000, 2000, 3000, 10_000, 10_000, 11_000]);
  });

  it('never schedules a slot before startMs and counts the empty bucket from it', () => {
    expect(idealDrainSchedule([0, 0, 0], 2, 1, 250)).toEqual([250, 250, 1250]);
  });

  it('keeps exact slots over long backlogs at rates with an inexact interval (3/s)', () => {
    const slots = idealDrainSchedule(allAtZero(30_040), 40, 3);
    expect(slots[30_039]).toBeCloseTo(10_000_000, 6);
  });

  it('ends k calls an arrival where the schedule of each arrival repeated k times ends', () => {
    const arrivalsMs = [0, 0, 130, 900, 900, 4_000, 4_010];
    const repeated = arrivalsMs.flatMap((ms) => [ms, ms, ms]);
    const slots = idealDrainSchedule(repeated, 4, 2, 100);
    expect(idealDrainEndMs(arrivalsMs, 4, 2, 100, 3)).toBe(slots[slots.length - 1]);
    expect(idealDrainEndMs(arrivalsMs, 4, 2, 100, 3)).toBeGreaterThan(idealDrainEndMs(arrivalsMs, 4, 2, 100));
  });

  it('returns an empty schedule for no arrivals, and idealDrainEndMs returns startMs', () => {
    expect(idealDrainSchedule([], 40, 2)).toEqual([]);
    expect(idealDrainEndMs([], 40, 2)).toBe(0);
    expect(idealDrainEndMs([], 40, 2, 1234)).toBe(1234);
  });

  it.each([
    ['a bucket below one call', 0.5, 2],
    ['a zero leak rate', 40, 0],
    ['a NaN leak rate', 40, Number.NaN],
  ])('rejects %s', (_label, bucketSize, leakPerSecond) => {
    expect(() => idealDrainSchedule([0], bucketSize, leakPerSecond)).toThrow(/ideal drain schedule/);
  });

  it('rejects unsorted arrivals naming the offending index', () => {
    let error: unknown;
    try {
      idealDrainSchedule([0, 10, 5], 40, 2);
    } catch (caught) {
      error = caught;
    }
    expect(isFunnelstormError(error, 'INTERNAL')).toBe(true);
    expect((error as Error).message).toContain('arrivalsMs[2] = 5 follows 10');
  });
});
