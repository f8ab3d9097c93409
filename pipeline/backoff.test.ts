import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import type { HttpResponse } from '../runtime/transport.js';
import { backoffDelayMs, nextBackoff, retryAfterMs } from './backoff.js';

describe('nextBackoff (full jitter)', () => {
  it('draws each delay uniformly below min(cap, base × 2^retries)', () => {
    const random = createRandom(3);
    let state = { retries: 0 };
    const ceilings = [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000];
    for (const ceiling of ceilings) {
      const draws: number[] = [];
      for (let i = 0; i < 200; i++) draws.push(nextBackoff(state, random)[0]);
      expect(Math.max(...draws)).toBeLessThan(ceiling);
      expect(Math.max(...draws)).toBeGreaterThan(ceiling * 0.9);
      expect(Math.min(...draws)).toBeLessThan(ceiling * 0.1);
      state = nextBackoff(state, random)[1];
    }
  });

  it('is reproducible from the seed', () => {
    const a = nextBackoff({ retries: 4 }, createRandom(11))[0];
    const b = nextBackoff({ retries: 4 }, createRandom(11))[0];
    expect(a).toBe(b);
  });
});

describe('backoffDelayMs', () => {
  it('draws the same delays as nextBackoff, from a retry count instead of a state', () => {
    const byState = createRandom(5);
    const byCount = createRandom(5);
    let state = { retries: 0 };
    for (let retries = 0; retries < 12; retries++) {
      const [delayMs, next] = nextBackoff(state, byState, { baseDelayMs: 50, maxDelayMs: 250 });
      expect(backoffDelayMs(retries, byCount, { baseDelayMs: 50, maxDelayMs: 250 })).toBe(delayMs);
      state = next;
    }
  });
});

describe('retryAfterMs', () => {
  const response = (value: string | undefined): HttpResponse => ({
    status: 429,
    headers: value === undefined ? {} : { 'retry-after': value },
    body: '',
  });

  it('reads Shopify’s decimal seconds as milliseconds, not the 2 ms of a parseInt bug', () => {
    expect(retryAfterMs(response('2.0'))).toBe(2000);
    expect(retryAfterMs(response('0.5'))).toBe(500);
    expect(retryAfterMs(response('3'))).toBe(3000);
  });

  it('ignores a missing, negative or date-shaped value', () => {
    expect(retryAfterMs(response(undefined))).toBeUndefined();
    expect(retryAfterMs(response('-1'))).toBeUndefined();
    expect(retryAfterMs(response('Wed, 21 Oct 2026 07:28:00 GMT'))).toBeUndefined();
  });
});
