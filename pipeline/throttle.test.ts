import { describe, expect, it } from 'vitest';
import { Simulator } from '../sim/simulator.js';
import {
  adoptBucketSize,
  believedLevel,
  limitsOf,
  observeCallLimit,
  parseCallLimit,
  readCallLimit,
  reserveCall,
} from './client-bucket.js';
import { Throttle } from './throttle.js';

describe('client bucket (GCRA)', () => {
  const standard = { capacity: 40, intervalMs: 500 };

  it('grants the whole burst at once, then one slot per leak interval', () => {
    let state = { tatMs: -Infinity };
    const starts: number[] = [];
    for (let i = 0; i < 43; i++) {
      const reserved = reserveCall(state, 0, standard);
      starts.push(reserved.startMs);
      state = reserved.state;
    }
    expect(starts.slice(0, 40).every((t) => t === 0)).toBe(true);
    expect(starts.slice(40)).toEqual([500, 1000, 1500]);
  });

  it('is empty again after size / leak seconds idle', () => {
    let state = { tatMs: -Infinity };
    for (let i = 0; i < 40; i++) state = reserveCall(state, 0, standard).state;
    expect(reserveCall(state, 20_000, standard).startMs).toBe(20_000);
    expect(state.tatMs).toBe(20_000);
  });

  it('moves later when the shop reports calls it did not make, with one call of rounding tolerance below full', () => {
    const state = { tatMs: 1_000 };
    expect(
      observeCallLimit(state, { sentAtMs: 0, used: 3, throttled: false, bucketSize: 40 }, standard),
    ).toBe(state);
    expect(
      observeCallLimit(state, { sentAtMs: 0, used: 30, throttled: false, bucketSize: 40 }, standard),
    ).toEqual({
      tatMs: 14_500,
    });
    expect(
      observeCallLimit(state, { sentAtMs: 0, used: 0, throttled: true, bucketSize: 40 }, standard),
    ).toEqual({
      tatMs: 20_000,
    });
    expect(
      observeCallLimit(state, { sentAtMs: 0, used: 40, throttled: false, bucketSize: 40 }, standard),
    ).toEqual({
      tatMs: 20_000,
    });
  });

  it('believes a reading below the size down to used − 1 (never below 0), a full reading or a 429 as full', () => {
    expect(believedLevel({ used: 31, bucketSize: 40, throttled: false })).toBe(30);
    expect(believedLevel({ used: 0, bucketSize: 40, throttled: false })).toBe(0);
    expect(believedLevel({ used: 40, bucketSize: 40, throttled: false })).toBe(40);
    expect(believedLevel({ used: 3, bucketSize: 40, throttled: true })).toBe(40);
  });

  it('reads the header case-insensitively with the answer’s status, and nothing from an answer without it', () => {
    expect(readCallLimit(429, { 'X-Shopify-Shop-Api-Call-Limit': '40/40' })).toEqual({
      used: 40,
      bucketSize: 40,
      throttled: true,
    });
    expect(readCallLimit(503, {})).toBeUndefined();
  });

  it('adopts a new bucket size with the leak rate scaled to it, and keeps the shape when nothing changed', () => {
    const plus = { bucketSize: 400, leakPerSecond: 20, headroom: 1 };
    expect(adoptBucketSize(plus, 400)).toBe(plus);
    expect(adoptBucketSize(plus, 40)).toEqual({ bucketSize: 40, leakPerSecond: 2, headroom: 1 });
    expect(limitsOf({ bucketSize: 40, leakPerSecond: 2, headroom: 1 })).toEqual({
      capacity: 39,
      intervalMs: 500,
    });
    expect(limitsOf({ bucketSize: 1, leakPerSecond: 2, headroom: 5 }).capacity).toBe(1);
  });

  it('parses the call-limit header and rejects malformed values', () => {
    expect(parseCallLimit('39/40')).toEqual({ used: 39, size: 40 });
    expect(parseCallLimit(' 1 / 400 ')).toEqual({ used: 1, size: 400 });
    expect(parseCallLimit('forty/40')).toBeUndefined();
    expect(parseCallLimit('1/0')).toBeUndefined();
    expect(parseCallLimit(undefined)).toBeUndefined();
  });

  it('reads every header value as the pattern `^\\s*(\\d+)\\s*/\\s*(\\d+)\\s*$` does', () => {
    const byPattern = (value: string): { used: number; size: number } | undefined => {
      const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
      return match && Number(match[2]) > 0 ? { used: Number(match[1]), size: Number(match[2]) } : undefined;
    };
    const values = ['0/40', '0012/0040', '4000/4000', '1/2/3', '/40', '40/', '/', '', '1 /40', '\u00a01/40'];
    values.push('12345678901234567/40', '40/123456789012345678', '999999999999999/1', '1/0', '00/00', '٣/40');
    for (const value of values) expect(parseCallLimit(value), value).toEqual(byPattern(value));
  });
});

describe('Throttle', () => {
  it('paces eight workers sharing it at exactly the leak rate after the burst (standard)', async () => {
    const sim = new Simulator();
    const throttle = new Throttle(sim, { bucketSize: 40, leakPerSecond: 2, headroom: 1 });
    const grants: number[] = [];
    let next = 0;
    for (let w = 0; w < 8; w++) {
      sim.spawn(`w${w}`, async () => {
        while (next < 100) {
          next++;
          await throttle.acquire();
          grants.push(sim.nowMs());
        }
      });
    }
    await sim.run();
    grants.sort((a, b) => a - b);
    expect(grants.slice(0, 39).every((t) => t === 0)).toBe(true);
    const gaps = grants.slice(39).map((t, i) => t - (grants[38 + i] ?? 0));
    expect(gaps.every((gap) => gap === 500 || gap === 0)).toBe(true);
    expect(grants.at(-1)).toBe((100 - 39) * 500);
  });

  it('adopts a lowered bucket size from the header and scales the leak rate with it', async () => {
    const sim = new Simulator();
    const throttle = new Throttle(sim, { bucketSize: 400, leakPerSecond: 20, headroom: 0 });
    throttle.observe(0, 200, { 'x-shopify-shop-api-call-limit': '40/40' });
    const grants: number[] = [];
    sim.spawn('w', async () => {
      for (let i = 0; i < 3; i++) {
        await throttle.acquire();
        grants.push(sim.nowMs());
      }
    });
    await sim.run();
    // 40/40 at t=0 means full: the next slot opens after one call leaks at 2/s.
    expect(grants).toEqual([500, 1000, 1500]);
  });
});
