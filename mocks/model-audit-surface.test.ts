import { describe, expect, it } from 'vitest';
import { send, testOrder, testRequest } from './model-test-support.js';
import { plans } from './plans.js';
import { createShopifyModel } from './shopify-model.js';

const roomy = { bucketSize: 10_000, leakPerSecond: 1000 };

describe('model.requestsForOrder', () => {
  it('lists the create, the reads that returned the order and the lookups that found it, oldest first', () => {
    const model = createShopifyModel({ limits: roomy });
    const created = send(model, testRequest('POST', 'orders.json', testOrder('a')), 10);
    send(model, testRequest('POST', 'orders.json', testOrder('b')), 20);
    const id = (created.json as { order: { id: number } }).order.id;
    send(model, testRequest('GET', 'orders.json?tag=fs-src-b&status=any'), 30); // finds only b
    send(model, testRequest('GET', `orders/${id}.json`), 40);
    send(model, testRequest('GET', 'orders.json?tag=fs-src-a&status=any&fields=id'), 50);
    send(model, testRequest('GET', 'orders.json?limit=1'), 60);
    send(model, testRequest('GET', `orders/${id + 5}.json`), 70); // 404: touches nothing
    expect(model.requestsForOrder('LAUNCH.myshopify.com', id)).toEqual([
      {
        requestId: created.headers['x-request-id'],
        method: 'POST',
        path: '/admin/api/2026-01/orders.json',
        status: 201,
        atMs: 10,
      },
      {
        requestId: expect.any(String),
        method: 'GET',
        path: `/admin/api/2026-01/orders/${id}.json`,
        status: 200,
        atMs: 40,
      },
      {
        requestId: expect.any(String),
        method: 'GET',
        path: '/admin/api/2026-01/orders.json?tag=fs-src-a&status=any&fields=id',
        status: 200,
        atMs: 50,
      },
      {
        requestId: '00000000-0000-4000-8000-000000000006',
        method: 'GET',
        path: '/admin/api/2026-01/orders.json?limit=1',
        status: 200,
        atMs: 60,
      },
    ]);
    expect(model.requestsForOrder('launch.myshopify.com', id + 1).map((r) => r.atMs)).toEqual([20, 30]);
  });

  it('is empty for an order the shop does not have, or a shop without state', () => {
    const model = createShopifyModel({ limits: roomy });
    send(model, testRequest('POST', 'orders.json', testOrder('a')));
    expect(model.requestsForOrder('launch.myshopify.com', 1)).toEqual([]);
    expect(model.requestsForOrder('nowhere.myshopify.com', 5_000_000_000_001)).toEqual([]);
  });

  it('keeps every touch of an order read thousands of times', () => {
    const model = createShopifyModel({ limits: { bucketSize: 1e6, leakPerSecond: 1e6 } });
    send(model, testRequest('POST', 'orders.json', testOrder('a')));
    for (let i = 1; i <= 5000; i++) send(model, testRequest('GET', `orders.json?tag=fs-src-a&n=${i}`), i);
    const touches = model.requestsForOrder('launch.myshopify.com', 5_000_000_000_001);
    expect(touches).toHaveLength(5001);
    expect(touches.at(-1)?.path).toBe('/admin/api/2026-01/orders.json?tag=fs-src-a&n=5000');
    expect(touches.every((touch, i) => touch.atMs === i)).toBe(true);
  });
});

describe('model.bucketLevels', () => {
  it('shows each app’s bucket per shop as its highest used level per second, with the token hidden', () => {
    const model = createShopifyModel({ limits: plans.standard });
    const get = (token: string) =>
      testRequest('GET', 'orders.json', undefined, { 'x-shopify-access-token': token });
    for (let i = 0; i < 45; i++) model.handle(get('shpat_first_app_1234'), 100); // 40 admitted, 5 refused
    model.handle(get('shpat_first_app_1234'), 2100); // leaked 4: 37/40
    model.handle(get('other'), 5000);
    expect(model.bucketLevels()).toEqual([
      {
        shop: 'launch.myshopify.com',
        app: 'shpat_…1234',
        startMs: 0,
        intervalMs: 1000,
        maxUsed: [40, null, 37],
      },
      { shop: 'launch.myshopify.com', app: 'ot…', startMs: 5000, intervalMs: 1000, maxUsed: [1] },
    ]);
  });

  it('stays within its point limit on a long run by coarsening', () => {
    const model = createShopifyModel({ limits: plans.plus, timelinePoints: 16 });
    for (let second = 0; second < 1000; second++)
      model.handle(testRequest('GET', 'orders.json'), second * 1000);
    const [series] = model.bucketLevels();
    expect(series?.maxUsed.length).toBeLessThanOrEqual(16);
    expect(series?.intervalMs).toBe(64_000);
    expect(model.stats().timeline.calls.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(model.stats().timeline.calls.length).toBeLessThanOrEqual(16);
  });
});

describe('model.stats', () => {
  it('counts calls and 429s per second, and the mean call rate', () => {
    const model = createShopifyModel({ limits: plans.standard });
    for (let i = 0; i < 50; i++) model.handle(testRequest('GET', 'orders.json'), i * 50); // 0 … 2450 ms; calls 44 … 49 find the bucket full
    const stats = model.stats();
    expect(stats.callsPerSecond).toBeCloseTo(20, 6);
    expect(stats.timeline).toEqual({
      startMs: 0,
      intervalMs: 1000,
      calls: [20, 20, 10],
      throttled: [0, 0, 6],
    });
    expect(stats.throttled).toBe(6);
  });
});

describe('model.shopState', () => {
  it('hands out the stores the REST routes use, so another surface shares them', () => {
    const model = createShopifyModel({ limits: roomy });
    const state = model.shopState('Launch.myshopify.com');
    state.customers.update(7_000_000_000_001, { note: 'from elsewhere' }, 5);
    const got = send(model, testRequest('GET', 'customers/7000000000001.json'));
    expect(got.json).toMatchObject({ customer: { note: 'from elsewhere' } });
    send(model, testRequest('POST', 'orders.json', testOrder('a')));
    expect(state.orders.count).toBe(1);
    expect(model.shopDomains).toEqual(['launch.myshopify.com']);
  });
});
