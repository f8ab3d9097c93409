import { describe, expect, it } from 'vitest';
import { matchShopifyRoute } from './shopify-route.js';

const base = 'https://Launch.myshopify.com/admin/api/2026-01';

describe('matchShopifyRoute', () => {
  it('gives each method its own route on the same URL, seen again or not', () => {
    for (let round = 0; round < 2; round++) {
      expect(matchShopifyRoute('POST', `${base}/orders.json`)).toEqual({
        ok: true,
        value: {
          shopDomain: 'launch.myshopify.com',
          version: '2026-01',
          origin: 'https://launch.myshopify.com',
          path: '/admin/api/2026-01/orders.json',
          route: { kind: 'createOrder' },
        },
      });
      const list = matchShopifyRoute('get', `${base}/orders.json`);
      expect(list.ok && list.value.route).toEqual({ kind: 'listOrders', query: new URLSearchParams('') });
      expect(matchShopifyRoute('DELETE', `${base}/orders.json`)).toMatchObject({
        ok: true,
        value: { route: { kind: 'unknown' } },
      });
      const customer = matchShopifyRoute('PUT', `${base}/customers/7.json`);
      expect(customer.ok && customer.value.route).toEqual({ kind: 'updateCustomer', id: 7 });
    }
  });

  it('reads the query of each request, never a query seen before', () => {
    const first = matchShopifyRoute('GET', `${base}/orders.json?tag=a`);
    const second = matchShopifyRoute('GET', `${base}/orders.json?tag=b`);
    const bare = matchShopifyRoute('GET', `${base}/orders.json`);
    expect([first, second, bare].map((m) => m.ok && m.value.path)).toEqual([
      '/admin/api/2026-01/orders.json?tag=a',
      '/admin/api/2026-01/orders.json?tag=b',
      '/admin/api/2026-01/orders.json',
    ]);
    expect(second.ok && second.value.route.kind === 'listOrders' && second.value.route.query.get('tag')).toBe(
      'b',
    );
  });

  it('refuses what is not an Admin API URL, every time it is asked', () => {
    for (let round = 0; round < 2; round++) {
      expect(matchShopifyRoute('POST', 'https://launch.myshopify.com/admin/api/2026-13/orders.json')).toEqual(
        {
          ok: false,
          reason: 'not-admin-api',
        },
      );
      expect(matchShopifyRoute('GET', 'not a url')).toEqual({ ok: false, reason: 'not-admin-api' });
    }
  });

  it('answers each URL for itself, however many URLs came before (the cache is bounded)', () => {
    const urls = Array.from({ length: 3000 }, (_, i) => `${base}/customers/${i + 1}.json`);
    const first = urls.map((url) => matchShopifyRoute('GET', url));
    const again = urls.map((url) => matchShopifyRoute('GET', url));
    expect(again).toEqual(first);
    expect(first.map((m) => m.ok && m.value.route)).toEqual(
      urls.map((_, i) => ({ kind: 'getCustomer', id: i + 1 })),
    );
  });
});
