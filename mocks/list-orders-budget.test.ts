import { describe, expect, it } from 'vitest';
import { maxPageChars } from './list-orders.js';
import { send, testRequest } from './model-test-support.js';
import { createShopifyModel } from './shopify-model.js';

const roomy = { bucketSize: 100_000, leakPerSecond: 10_000 };

describe('GET orders.json: the page size budget (issue 16)', () => {
  it('stops a page of large orders at 512 KiB of JSON, and its next link continues to every order', () => {
    const model = createShopifyModel({ limits: roomy, maxBodyBytes: 4 * 1024 * 1024 });
    // 250 line items with 200-character titles: about 90 KB of JSON per order, 40 orders ≈ 3.5 MB, 6 to a page.
    const lineItems = Array.from({ length: 250 }, (_, i) => ({
      title: `${i}`.padEnd(200, 'x'),
      price: '1.00',
    }));
    for (let i = 0; i < 40; i++) {
      const order = { order: { line_items: lineItems, tags: `o${i}` } };
      expect(send(model, testRequest('POST', 'orders.json', order)).status).toBe(201);
    }
    const seen: string[] = [];
    let url: string | undefined = `${testRequest('GET', 'orders.json?limit=250').url}`;
    let pages = 0;
    while (url !== undefined) {
      const request = testRequest('GET', '');
      request.url = url;
      const response = send(model, request);
      expect(response.status).toBe(200);
      expect(response.body.length).toBeLessThanOrEqual(maxPageChars + 100);
      const { orders } = JSON.parse(response.body) as { orders: { tags: string }[] };
      expect(orders.length).toBeGreaterThan(0);
      seen.push(...orders.map((order) => order.tags));
      url = /<([^>]+)>; rel="next"/.exec(response.headers['link'] ?? '')?.[1];
      pages++;
    }
    expect(pages).toBe(7); // 6 orders of ≈ 87 KB fit in 512 KiB
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => `o${i}`));
  });

  it('still answers one order larger than the budget on a page of its own', () => {
    const model = createShopifyModel({ limits: roomy, maxBodyBytes: 4 * 1024 * 1024 });
    const huge = { order: { line_items: [{ title: 'x'.repeat(maxPageChars + 10), price: '1.00' }] } };
    expect(send(model, testRequest('POST', 'orders.json', huge)).status).toBe(201);
    expect(send(model, testRequest('POST', 'orders.json', huge)).status).toBe(201);
    const first = send(model, testRequest('GET', 'orders.json'));
    expect((JSON.parse(first.body) as { orders: unknown[] }).orders).toHaveLength(1);
    expect(first.headers['link']).toMatch(/rel="next"$/);
  });
});
