import { describe, expect, it } from 'vitest';
import { maxLoggedPathLength } from './request-log.js';
import { createShopifyModel } from './shopify-model.js';

const limits = { bucketSize: 1000, leakPerSecond: 100 };
const order = JSON.stringify({ order: { line_items: [{ title: 'Tee', price: '1.00' }] } });

function request(shop: string, token: string, kind: 'rest' | 'graphql' = 'rest', path = 'orders.json') {
  const headers = { 'x-shopify-access-token': token, 'content-type': 'application/json' };
  return kind === 'rest'
    ? { method: 'POST', url: `https://${shop}/admin/api/2026-01/${path}`, headers, body: order }
    : {
        method: 'POST',
        url: `https://${shop}/admin/api/2026-01/graphql.json`,
        headers,
        body: JSON.stringify({ query: '{ orders(first: 1) { nodes { id } } }' }),
      };
}

describe('client caps (issue 16: bounded state per client)', () => {
  it('refuses a new shop past maxShops with 403 naming the cap, and keeps serving the known ones', () => {
    const model = createShopifyModel({ limits, maxShops: 3 });
    for (let i = 0; i < 3; i++) expect(model.handle(request(`s${i}.myshopify.com`, 't'), i).status).toBe(201);
    for (const kind of ['rest', 'graphql'] as const) {
      const refused = model.handle(request('s9.myshopify.com', 't', kind), 10);
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body)).toEqual({
        errors:
          'This mock already keeps state for 3 shops (maxShops), so it refuses a new one (s9.myshopify.com). ' +
          'Reuse a shop, POST /__admin/reset, or raise maxShops.',
      });
    }
    expect(model.handle(request('s1.myshopify.com', 't'), 11).status).toBe(201);
    expect(model.shopDomains).toEqual(['s0.myshopify.com', 's1.myshopify.com', 's2.myshopify.com']);
    expect(model.capacity()).toEqual({
      shops: 3,
      maxShops: 3,
      apps: 3,
      maxApps: 1000,
      refusedShops: 2,
      refusedApps: 0,
    });
  });

  it('refuses a new access token past maxApps, REST and GraphQL alike, and keeps no bucket for it', () => {
    const model = createShopifyModel({ limits, maxApps: 2 });
    const shop = 'launch.myshopify.com';
    expect(model.handle(request(shop, 'a'), 0).status).toBe(201);
    expect(model.handle(request(shop, 'b', 'graphql'), 1).status).toBe(200);
    expect(model.handle(request(shop, 'c'), 2).status).toBe(403);
    expect(JSON.parse(model.handle(request(shop, 'd', 'graphql'), 3).body).errors).toMatch(
      /already keeps buckets for 2 apps \(maxApps: .*\), so it refuses a new access token on launch\.myshopify\.com/,
    );
    expect(model.handle(request(shop, 'b'), 4).status).toBe(201);
    expect(model.bucketLevels()).toHaveLength(2); // a and b; none for c or d
    expect(model.capacity()).toMatchObject({ apps: 2, refusedApps: 2 });
  });

  it('keeps memory flat while every request brings a new token and a new shop', () => {
    const model = createShopifyModel({ limits });
    for (let i = 0; i < 20_000; i++) model.handle(request(`s${i}.myshopify.com`, `t${i}`), i);
    expect(model.capacity()).toEqual({
      shops: 100,
      maxShops: 100,
      apps: 100,
      maxApps: 1000,
      refusedShops: 19_900,
      refusedApps: 0,
    });
    expect(model.bucketLevels()).toHaveLength(100);
  });

  it('cuts a logged path past 512 characters', () => {
    const model = createShopifyModel({ limits });
    const shop = 'launch.myshopify.com';
    expect(model.handle(request(shop, 't'), 0).status).toBe(201);
    const lookup = {
      ...request(shop, 't', 'rest', `orders.json?status=any&x=${'y'.repeat(5000)}`),
      method: 'GET',
    };
    expect(model.handle(lookup, 1).status).toBe(200);
    const paths = model.requestsForOrder(shop, 5000000000001).map((logged) => logged.path);
    expect(paths[1]).toHaveLength(maxLoggedPathLength);
    expect(paths[1]?.endsWith('…')).toBe(true);
  });
});
