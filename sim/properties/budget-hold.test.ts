import { describe, expect, it } from 'vitest';
import { budgetHoldMs, outageSentCalls } from './budget-hold.js';

/** `count` orders arriving at `atMs`, each ideally done in 1 s. */
const orders = (count: number, atMs = 0) => ({
  arrivals: Array.from({ length: count }, () => ({ atMs })),
  idealMs: Array.from({ length: count }, () => 1_000),
  callsPerOrder: 3,
});

describe('budgetHoldMs', () => {
  const outage = { fromMs: 0, toMs: 60_000 };

  it('holds a window only when the retries still wanted do not fit in the budget with the outage’s', () => {
    // 2 orders through a 60 s outage each retry 14 times (7 per stage), more than the floor of 10: G = 10;
    // D = 2 × 2 = 4. 14 retries need ⌈14 / 10⌉ = 2 windows: 1 after the outage's own.
    expect(budgetHoldMs(outage, { ...orders(2), retriesPerFailure: 2, chanceRetriesPerMinute: 0 })).toBe(
      60_000,
    );
    // A 100 ms outage: each order retries once in it (G = 2), D = 4: 6 ≤ 10, no hold.
    expect(
      budgetHoldMs(
        { fromMs: 0, toMs: 100 },
        { ...orders(2), retriesPerFailure: 2, chanceRetriesPerMinute: 0 },
      ),
    ).toBe(0);
  });

  it('holds at most two further windows for the orders in flight, more only for chance failures', () => {
    // 100 orders: F = 100, G = 100, D = 200: ⌈300 / 100⌉ − 1 = 2 windows.
    const inputs = { ...orders(100), retriesPerFailure: 2, chanceRetriesPerMinute: 0 };
    expect(budgetHoldMs(outage, inputs)).toBe(2 * 60_000);
    expect(budgetHoldMs(outage, { ...inputs, chanceRetriesPerMinute: 50 })).toBe(3 * 60_000);
    // Orders that arrive after the outage, or were done before it, make none of its retries.
    expect(budgetHoldMs(outage, { ...inputs, ...orders(100, 60_000) })).toBe(0);
  });
});

describe('outageSentCalls', () => {
  it('is one call per order in flight and the retries the budget grants while the outage lasts', () => {
    // 5 orders, 2 stages of 7 retries each at most: 5 + min(70, 16 × 2 windows) = 37.
    expect(outageSentCalls({ fromMs: 0, toMs: 60_000 }, { ...orders(5), grantsPerWindow: 16 })).toBe(37);
    // Few orders: their attempts run out first (5 + 5 × 14 = 75 < 5 + 100 × 2).
    expect(outageSentCalls({ fromMs: 0, toMs: 60_000 }, { ...orders(5), grantsPerWindow: 100 })).toBe(75);
  });
});
