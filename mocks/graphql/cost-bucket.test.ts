import { describe, expect, it } from 'vitest';
import { plans } from '../plans.js';
import {
  availablePoints,
  chargeCost,
  costLimitsOfPlan,
  fullCostBucket,
  refundCost,
  settleCostBucket,
  wholePointsAvailable,
} from './cost-bucket.js';

const standard = costLimitsOfPlan(plans.standard);

describe('cost bucket', () => {
  it('takes its limits from the plan: standard restores 100 points/s into a 2000-point bucket', () => {
    expect(standard).toEqual({ bucketSize: 2000, restorePerSecond: 100 });
    expect(costLimitsOfPlan(plans.plus)).toEqual({ bucketSize: 20000, restorePerSecond: 1000 });
  });

  it('starts full and takes the requested cost when it fits', () => {
    const charge = chargeCost(fullCostBucket(0), 0, standard, 12);
    expect(charge).toMatchObject({ admitted: true, available: 1988, retryAfterMs: 0 });
  });

  it('refuses a requested cost above the points available and takes nothing', () => {
    let state = fullCostBucket(0);
    state = chargeCost(state, 0, standard, 1950).state;
    const refused = chargeCost(state, 0, standard, 51);
    expect(refused.admitted).toBe(false);
    expect(refused.available).toBe(50);
    expect(refused.retryAfterMs).toBe(10); // one point at 100 points/s
    expect(availablePoints(refused.state, 0, standard)).toBe(50);
  });

  it('admits a requested cost equal to the points available', () => {
    const state = chargeCost(fullCostBucket(0), 0, standard, 1990).state;
    expect(chargeCost(state, 0, standard, 10)).toMatchObject({ admitted: true, available: 0 });
  });

  it('restores restore × t points after t seconds, up to the maximum', () => {
    const state = chargeCost(fullCostBucket(0), 0, standard, 1500).state;
    expect(availablePoints(state, 0, standard)).toBe(500);
    expect(availablePoints(state, 2500, standard)).toBe(750);
    expect(availablePoints(state, 15_000, standard)).toBe(2000);
    expect(availablePoints(state, 60_000, standard)).toBe(2000);
  });

  it('refunds points up to the maximum and no further', () => {
    const state = chargeCost(fullCostBucket(0), 0, standard, 100).state;
    expect(availablePoints(refundCost(state, 0, standard, 60), 0, standard)).toBe(1960);
    expect(availablePoints(refundCost(state, 0, standard, 500), 0, standard)).toBe(2000);
  });

  it('shows whole points, rounded down', () => {
    const state = chargeCost(fullCostBucket(0), 0, standard, 10).state;
    expect(wholePointsAvailable(state, 5, standard)).toBe(1990); // 1990.5 available
    expect(wholePointsAvailable(state, 10, standard)).toBe(1991);
  });

  it('restores at the old rate up to a change of limits and at the new rate after it', () => {
    const spent = chargeCost(fullCostBucket(0), 0, standard, 2000).state;
    const settled = settleCostBucket(spent, 1000, standard); // 100 points back at 100/s
    const lowered = { bucketSize: 1000, restorePerSecond: 50 };
    expect(availablePoints(settled, 1000, lowered)).toBe(0); // 1900 spent exceeds the lowered maximum
    expect(availablePoints(settled, 19_000, lowered)).toBe(0);
    expect(availablePoints(settled, 21_000, lowered)).toBe(100);
  });
});
