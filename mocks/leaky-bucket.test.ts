import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  admitCall,
  admitCallInPlace,
  bucketLevel,
  emptyBucket,
  usedCalls,
  type LeakyBucketState,
} from './leaky-bucket.js';
import { plans } from './plans.js';

function fill(
  limits: { bucketSize: number; leakPerSecond: number },
  calls: number,
  nowMs = 0,
): LeakyBucketState {
  let state = emptyBucket(nowMs);
  for (let i = 0; i < calls; i++) {
    const decision = admitCall(state, nowMs, limits);
    expect(decision.admitted).toBe(true);
    state = decision.state;
  }
  return state;
}

describe('admitCall', () => {
  it('admits a full bucket of simultaneous calls on standard and refuses the next with 500 ms to wait', () => {
    const state = fill(plans.standard, 40);
    const refused = admitCall(state, 0, plans.standard);
    expect(refused).toEqual({ admitted: false, state: { level: 40, atMs: 0 }, retryAfterMs: 500, used: 40 });
  });

  it('admits the next call exactly when the refusal said it would', () => {
    const state = fill(plans.standard, 40);
    const { retryAfterMs } = admitCall(state, 0, plans.standard);
    expect(admitCall(state, retryAfterMs, plans.standard).admitted).toBe(true);
    expect(admitCall(state, retryAfterMs - 0.01, plans.standard).admitted).toBe(false);
  });

  it('leaks 39 to 38 in 500 ms and admits into the freed room at exactly +500 ms on standard', () => {
    const at39 = { level: 39, atMs: 0 };
    expect(bucketLevel(at39, 500, plans.standard)).toBe(38);
    const full = admitCall(at39, 0, plans.standard).state;
    expect(admitCall(full, 500, plans.standard)).toMatchObject({ admitted: true, used: 40 });
  });

  it('frees one call every 50 ms on plus', () => {
    const state = fill(plans.plus, 400);
    expect(admitCall(state, 0, plans.plus)).toMatchObject({ admitted: false, retryAfterMs: 50, used: 400 });
    expect(admitCall(state, 50, plans.plus)).toMatchObject({ admitted: true, used: 400 });
  });

  it('paces a custom 10/3 plan at 1/3 s per call without drifting over 300 calls', () => {
    const custom = { bucketSize: 10, leakPerSecond: 3 };
    let state = fill(custom, 10);
    let nowMs = 0;
    for (let i = 0; i < 300; i++) {
      const refused = admitCall(state, nowMs, custom);
      expect(refused.admitted).toBe(false);
      expect(refused.retryAfterMs).toBeCloseTo(1000 / 3, 6);
      nowMs += refused.retryAfterMs;
      const admitted = admitCall(state, nowMs, custom);
      expect(admitted).toMatchObject({ admitted: true, used: 10 });
      state = admitted.state;
    }
    expect(nowMs).toBeCloseTo(100_000, 3);
    expect(state.level).toBe(10);
  });

  it('charges a fractional level and reports the true wait for it on a 10/3 plan', () => {
    const custom = { bucketSize: 10, leakPerSecond: 3 };
    const state = fill(custom, 10);
    expect(bucketLevel(state, 500, custom)).toBeCloseTo(8.5, 12);
    const later = admitCall(state, 500, custom);
    expect(later).toMatchObject({ admitted: true, used: 10 });
    expect(later.state.level).toBeCloseTo(9.5, 12);
    const refused = admitCall(later.state, 500, custom);
    expect(refused.retryAfterMs).toBeCloseTo(500 / 3, 9);
  });

  it('never admits a call that costs more than the bucket holds', () => {
    expect(admitCall(emptyBucket(0), 0, plans.standard, 41)).toMatchObject({
      admitted: false,
      retryAfterMs: Infinity,
    });
  });

  it('leaks nothing for a call that arrives before the state was last updated', () => {
    const state = { level: 40, atMs: 1000 };
    expect(bucketLevel(state, 500, plans.standard)).toBe(40);
    expect(admitCall(state, 500, plans.standard).state).toEqual({ level: 40, atMs: 1000 });
  });
});

describe('bucketLevel', () => {
  it('shows 19 used ten idle seconds after 39 on standard, as the doc example does', () => {
    expect(bucketLevel({ level: 39, atMs: 0 }, 10_000, plans.standard)).toBe(19);
  });

  it('is empty after 20 s idle on standard and never goes below 0', () => {
    expect(bucketLevel({ level: 40, atMs: 0 }, 20_000, plans.standard)).toBe(0);
    expect(bucketLevel({ level: 40, atMs: 0 }, 60_000, plans.standard)).toBe(0);
  });
});

describe('usedCalls', () => {
  it('rounds up so that size − used calls always fit, and ignores float noise', () => {
    expect(usedCalls(39.3)).toBe(40);
    expect(usedCalls(39.0000001)).toBe(39);
    expect(usedCalls(38.9999999)).toBe(39);
    expect(usedCalls(0)).toBe(0);
  });
});

describe('admitCallInPlace', () => {
  it('leaves the state as admitCall decides it, call after call, and says whether it admitted', () => {
    const call = fc.record({
      afterMs: fc.double({ min: -50, max: 2000, noNaN: true }),
      cost: fc.integer({ min: 1, max: 3 }),
    });
    const limits = fc.constantFrom(plans.standard, plans.plus, { bucketSize: 10, leakPerSecond: 1 / 3 });
    fc.assert(
      fc.property(limits, fc.array(call, { maxLength: 60 }), (bucketLimits, calls) => {
        let kept: LeakyBucketState = emptyBucket(0);
        const mutated = emptyBucket(0);
        let nowMs = 0;
        for (const { afterMs, cost } of calls) {
          nowMs += afterMs;
          const decision = admitCall(kept, nowMs, bucketLimits, cost);
          kept = decision.state;
          expect(admitCallInPlace(mutated, nowMs, bucketLimits, cost)).toBe(decision.admitted);
          expect(mutated).toEqual(kept);
          expect(usedCalls(mutated.level)).toBe(decision.used);
        }
      }),
    );
  });
});
