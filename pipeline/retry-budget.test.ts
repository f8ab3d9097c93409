import { describe, expect, it } from 'vitest';
import { ManualClock } from '../test/support/manual-clock.js';
import { RetryBudget } from './retry-budget.js';

const grants = (budget: RetryBudget, asked: number): number => {
  let granted = 0;
  for (let i = 0; i < asked; i++) if (budget.tryRetry()) granted++;
  return granted;
};

describe('RetryBudget', () => {
  it('grants the minimum of 10 retries per window to a trickle, then refuses', () => {
    const budget = new RetryBudget(new ManualClock());
    for (let i = 0; i < 5; i++) budget.recordCall();
    expect(grants(budget, 50)).toBe(10);
    expect(budget.snapshot()).toEqual({ calls: 5, retries: 10, allowedRetries: 10 });
  });

  it('grants 10 % of the window’s first attempts once that is more than the minimum', () => {
    const budget = new RetryBudget(new ManualClock());
    for (let i = 0; i < 300; i++) budget.recordCall();
    expect(grants(budget, 100)).toBe(30);
  });

  it('earns retries back as new first attempts arrive', () => {
    const budget = new RetryBudget(new ManualClock(), { minRetriesPerWindow: 0 });
    expect(budget.tryRetry()).toBe(false);
    for (let i = 0; i < 9; i++) budget.recordCall();
    expect(budget.tryRetry()).toBe(false);
    budget.recordCall();
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(false);
  });

  it('forgets calls and retries once they slide out of the window, bucket by bucket', () => {
    const clock = new ManualClock();
    const budget = new RetryBudget(clock, { windowMs: 10_000, buckets: 10, minRetriesPerWindow: 0 });
    for (let i = 0; i < 100; i++) budget.recordCall(); // t = 0: 10 retries earned
    clock.advance(5_000);
    for (let i = 0; i < 100; i++) budget.recordCall(); // t = 5 s: 10 more
    expect(grants(budget, 30)).toBe(20);
    clock.advance(4_999); // t = 9.999 s: the first bucket is still in the window
    expect(budget.snapshot()).toMatchObject({ calls: 200, retries: 20 });
    clock.advance(1); // t = 10 s: it has left
    expect(budget.snapshot()).toEqual({ calls: 100, retries: 20, allowedRetries: 10 });
    expect(budget.tryRetry()).toBe(false);
    clock.advance(5_000); // t = 15 s: everything has left
    expect(budget.snapshot()).toEqual({ calls: 0, retries: 0, allowedRetries: 0 });
  });

  it('keeps exact counts across long idle gaps and millions of calls (fixed memory: one counter per bucket)', () => {
    const clock = new ManualClock();
    const budget = new RetryBudget(clock);
    for (let second = 0; second < 3_600; second++) {
      for (let i = 0; i < 1_000; i++) budget.recordCall();
      budget.tryRetry();
      clock.advance(1_000);
    }
    // The window holds the last 60 s: the current (empty) second and the 59 before it.
    expect(budget.snapshot()).toMatchObject({ calls: 59_000, retries: 59 });
    clock.advance(365 * 24 * 3_600_000);
    expect(budget.snapshot()).toMatchObject({ calls: 0, retries: 0 });
  });

  it('refuses nonsensical settings with a message naming them', () => {
    expect(() => new RetryBudget(new ManualClock(), { buckets: 0 })).toThrow(/integer buckets ≥ 1/);
    expect(() => new RetryBudget(new ManualClock(), { ratio: Number.NaN })).toThrow(/ratio ≥ 0/);
  });
});
