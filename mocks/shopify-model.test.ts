import { describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../runtime/transport.js';
import { plans } from './plans.js';
import { createShopifyModel, type ShopifyModel } from './shopify-model.js';

const shopUrl = 'https://launch.myshopify.com/admin/api/2026-01';

function get(url = `${shopUrl}/orders.json?status=any`, token = 'shpat_app_a'): HttpRequest {
  return { method: 'GET', url, headers: { 'x-shopify-access-token': token } };
}

function burst(model: ShopifyModel, calls: number, nowMs: number, request = get()): HttpResponse[] {
  return Array.from({ length: calls }, () => model.handle(request, nowMs));
}

describe.each([
  { plan: 'standard' as const, size: 40, stepMs: 500, rate: 2 },
  { plan: 'plus' as const, size: 400, stepMs: 50, rate: 20 },
])('the REST bucket on $plan ($size/$rate)', ({ plan, size, stepMs, rate }) => {
  it(`admits ${size} simultaneous calls and rejects the ${size + 1}st with 429, Retry-After 2.0 and call limit ${size}/${size}`, () => {
    const model = createShopifyModel({ limits: plans[plan] });
    const admitted = burst(model, size, 0);
    expect(admitted.map((r) => r.status)).toEqual(Array(size).fill(200));
    expect(admitted.at(-1)?.headers['x-shopify-shop-api-call-limit']).toBe(`${size}/${size}`);
    const refused = model.handle(get(), 0);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('2.0');
    expect(refused.headers['x-shopify-shop-api-call-limit']).toBe(`${size}/${size}`);
    expect(refused.body).toBe(
      `{"errors":"Exceeded ${rate} calls per second for api client. Reduce request rates to resume uninterrupted service."}`,
    );
  });

  it(`admits exactly one more call after ${stepMs} ms`, () => {
    const model = createShopifyModel({ limits: plans[plan] });
    burst(model, size + 1, 0);
    expect(model.handle(get(), stepMs - 1).status).toBe(429);
    const next = model.handle(get(), stepMs);
    expect(next.status).toBe(200);
    expect(next.headers['x-shopify-shop-api-call-limit']).toBe(`${size}/${size}`);
    expect(model.handle(get(), stepMs).status).toBe(429);
  });

  it('is empty after 20 s idle', () => {
    const model = createShopifyModel({ limits: plans[plan] });
    burst(model, size, 0);
    expect(model.callsUsed('launch.myshopify.com', 'shpat_app_a', 20_000)).toBe(0);
    expect(model.handle(get(), 20_000).headers['x-shopify-shop-api-call-limit']).toBe(`1/${size}`);
  });
});

describe('the REST bucket', () => {
  it('is kept per app per shop: another app, or the same app on another shop, has its own', () => {
    const model = createShopifyModel({ limits: plans.standard });
    burst(model, 41, 0);
    const otherApp = model.handle(get(undefined, 'shpat_app_b'), 0);
    expect(otherApp.status).toBe(200);
    expect(otherApp.headers['x-shopify-shop-api-call-limit']).toBe('1/40');
    const otherShop = model.handle(get('https://other.myshopify.com/admin/api/2026-01/orders.json'), 0);
    expect(otherShop.headers['x-shopify-shop-api-call-limit']).toBe('1/40');
    expect(model.handle(get(), 0).status).toBe(429);
  });

  it('puts the call-limit header on every answer that reached it, 404 and 422 included', () => {
    const model = createShopifyModel({ limits: plans.standard });
    const unknownRoute = model.handle(get(`${shopUrl}/widgets.json`), 0);
    const invalid = model.handle(
      { ...get(`${shopUrl}/orders.json`), method: 'POST', body: '{"order":{}}' },
      0,
    );
    expect([unknownRoute.status, invalid.status]).toEqual([404, 422]);
    expect(unknownRoute.headers['x-shopify-shop-api-call-limit']).toBe('1/40');
    expect(invalid.headers['x-shopify-shop-api-call-limit']).toBe('2/40');
  });

  it('obeys lowered limits at once and names the new leak rate in the 429 body', () => {
    const model = createShopifyModel({ limits: plans.standard });
    burst(model, 20, 0);
    model.setLimits({ bucketSize: 20, leakPerSecond: 1 }, 0);
    const refused = model.handle(get(), 0);
    expect(refused.status).toBe(429);
    expect(refused.headers['x-shopify-shop-api-call-limit']).toBe('20/20');
    expect(JSON.parse(refused.body)).toEqual({
      errors:
        'Exceeded 1 calls per second for api client. Reduce request rates to resume uninterrupted service.',
    });
    expect(model.handle(get(), 1000).status).toBe(200);
  });
});

describe('a change of limits mid-run', () => {
  it('applies the new leak rate only to the time after the change (plus lowered to 2/s at 10 s)', () => {
    const model = createShopifyModel({ limits: plans.plus });
    burst(model, 400, 0);
    expect(model.callsUsed('launch.myshopify.com', 'shpat_app_a', 10_000)).toBe(200);
    model.setLimits({ bucketSize: 400, leakPerSecond: 2 }, 10_000);
    expect(model.callsUsed('launch.myshopify.com', 'shpat_app_a', 10_000)).toBe(200);
    expect(model.handle(get(), 10_000).headers['x-shopify-shop-api-call-limit']).toBe('201/400');
    expect(model.callsUsed('launch.myshopify.com', 'shpat_app_a', 20_000)).toBe(181);
  });

  it('does not leak the time before a raise at the new, faster rate (standard raised to 40/s at 10 s)', () => {
    const model = createShopifyModel({ limits: plans.standard });
    burst(model, 40, 0);
    model.setLimits({ bucketSize: 40, leakPerSecond: 40 }, 10_000);
    expect(model.callsUsed('launch.myshopify.com', 'shpat_app_a', 10_000)).toBe(20);
    expect(model.callsUsed('launch.myshopify.com', 'shpat_app_a', 10_250)).toBe(10);
  });
});

describe('every answer', () => {
  it('has lower-case header names, JSON content type, a counter-based request id and the API version', () => {
    const model = createShopifyModel({ limits: plans.standard });
    const first = model.handle(get(), 0);
    const second = model.handle(get(`https://launch.myshopify.com/admin/api/20x6/orders.json`), 0);
    for (const response of [first, second]) {
      expect(Object.keys(response.headers).every((name) => name === name.toLowerCase())).toBe(true);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers['x-shopify-api-version']).toBe('2026-01');
    }
    expect(first.headers['x-request-id']).toBe('00000000-0000-4000-8000-000000000001');
    expect(second.headers['x-request-id']).toBe('00000000-0000-4000-8000-000000000002');
  });

  it('is counted in the stats with its status and time', () => {
    const model = createShopifyModel({ limits: plans.standard });
    burst(model, 42, 250);
    model.handle(get(undefined, ''), 900);
    expect(model.stats()).toEqual({
      calls: 43,
      byStatus: { 200: 40, 401: 1, 429: 2 },
      throttled: 2,
      firstCallMs: 250,
      lastCallMs: 900,
      callsPerSecond: (42 * 1000) / 650,
      timeline: { startMs: 0, intervalMs: 1000, calls: [43], throttled: [2] },
    });
  });
});

describe('authentication', () => {
  it('answers a missing or unknown token with the exact 401 body and charges no bucket', () => {
    const model = createShopifyModel({ limits: plans.standard, accessTokens: ['shpat_app_a'] });
    for (const token of ['', 'shpat_stranger']) {
      const response = model.handle(get(undefined, token), 0);
      expect(response.status).toBe(401);
      expect(response.body).toBe(
        '{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}',
      );
      expect(response.headers['x-shopify-shop-api-call-limit']).toBeUndefined();
    }
    expect(model.handle(get(), 0).headers['x-shopify-shop-api-call-limit']).toBe('1/40');
  });
});

describe('API versions', () => {
  it('answers a malformed version segment with 404 Not Found', () => {
    const model = createShopifyModel({ limits: plans.standard });
    for (const version of ['2026-13', '26-01', 'latest', '2026-1']) {
      const response = model.handle(get(`https://launch.myshopify.com/admin/api/${version}/orders.json`), 0);
      expect(response.status).toBe(404);
      expect(response.body).toBe('{"errors":"Not Found"}');
    }
  });

  it('serves a retired version with the configured one and says so in x-shopify-api-version', () => {
    const model = createShopifyModel({ limits: plans.standard, apiVersion: '2026-04' });
    for (const version of ['2023-01', 'unstable']) {
      const response = model.handle(get(`https://launch.myshopify.com/admin/api/${version}/orders.json`), 0);
      expect(response.status).toBe(200);
      expect(response.headers['x-shopify-api-version']).toBe('2026-04');
    }
  });
});

describe('createShopifyModel', () => {
  it('refuses out-of-range options with SCENARIO_INVALID', () => {
    expect(() => createShopifyModel({ limits: { bucketSize: 0, leakPerSecond: 2 } })).toThrow(
      expect.objectContaining({ code: 'SCENARIO_INVALID' }),
    );
    expect(() => createShopifyModel({ limits: plans.plus, apiVersion: 'latest' })).toThrow(/apiVersion/);
  });
});
