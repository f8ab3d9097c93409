import { describe, expect, it } from 'vitest';
import { plans } from '../mocks/plans.js';
import { jitterHeadroom } from './reference-pipeline.js';

describe('the default throttle headroom (reference-pipeline.ts)', () => {
  it('leaves one call unused on every Shopify plan, and the calls of 20 ms on faster custom plans', () => {
    for (const plan of Object.values(plans)) expect(jitterHeadroom(plan.leakPerSecond)).toBe(1);
    expect(jitterHeadroom(50)).toBe(1);
    expect(jitterHeadroom(100)).toBe(2);
    expect(jitterHeadroom(1_000)).toBe(20);
    // A live worker's 50 ms: 5 calls at 100/s, 2 on enterprise's 40/s.
    expect(jitterHeadroom(100, 50)).toBe(5);
    expect(jitterHeadroom(40, 50)).toBe(2);
  });
});
