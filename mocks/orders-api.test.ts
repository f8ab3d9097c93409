import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../runtime/transport.js';
import { plans } from './plans.js';
import { createShopifyModel, type ShopifyModel } from './shopify-model.js';

const shopUrl = 'https://launch.myshopify.com/admin/api/2026-01';
const headers = { 'x-shopify-access-token': 'shpat_app', 'content-type': 'application/json' };
const plentyOfRoom = { bucketSize: 10_000, leakPerSecond: 1000 };

function post(body: string, url = `${shopUrl}/orders.json`): HttpRequest {
  return { method: 'POST', url, headers, body };
}

function orderBody(sourceId: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    order: {
      line_items: [{ title: 'Funnel order', price: '19.99', quantity: 2 }],
      customer: { id: 42 },
      note_attributes: [{ name: 'source_order_id', value: sourceId }],
      tags: `funnelstorm, fs-src-${sourceId}`,
      ...extra,
    },
  });
}

function getJson(model: ShopifyModel, path: string, nowMs = 0): { status: number; body: unknown } {
  const response = model.handle({ method: 'GET', url: `${shopUrl}/${path}`, headers }, nowMs);
  return { status: response.status, body: JSON.parse(response.body) };
}

describe('POST orders.json', () => {
  it('creates order #1001 with 201 and the Shopify order shape', () => {
    const model = createShopifyModel({ limits: plans.standard });
    const response = model.handle(post(orderBody('src-1')), 1250);
    expect(response.status).toBe(201);
    expect(JSON.parse(response.body)).toEqual({
      order: {
        id: 5_000_000_000_001,
        admin_graphql_api_id: 'gid://shopify/Order/5000000000001',
        name: '#1001',
        order_number: 1001,
        created_at: '1970-01-01T00:00:01.250Z',
        updated_at: '1970-01-01T00:00:01.250Z',
        total_price: '39.98',
        line_items: [
          {
            id: 9_000_000_000_001,
            admin_graphql_api_id: 'gid://shopify/LineItem/9000000000001',
            title: 'Funnel order',
            price: '19.99',
            quantity: 2,
          },
        ],
        note_attributes: [{ name: 'source_order_id', value: 'src-1' }],
        tags: 'funnelstorm, fs-src-src-1',
        customer: { id: 42 },
      },
    });
  });

  it('creates a second order for a repeated payload, as Shopify takes no idempotency key', () => {
    const model = createShopifyModel({ limits: plans.standard });
    model.handle(post(orderBody('src-1')), 0);
    const again = JSON.parse(model.handle(post(orderBody('src-1')), 0).body);
    expect(again.order.name).toBe('#1002');
    expect(model.shop('launch.myshopify.com').orders.countBySourceId('src-1')).toBe(2);
  });

  it('answers malformed JSON with 400 and a reason', () => {
    const model = createShopifyModel({ limits: plans.standard });
    const response = model.handle(post('{"order": {'), 0);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).errors).toMatch(/not valid JSON/);
  });

  it('answers a body without an order root with 400', () => {
    const model = createShopifyModel({ limits: plans.standard });
    const response = model.handle(post('{"line_items": []}'), 0);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ errors: { order: 'Required parameter missing or invalid' } });
  });

  it('answers a non-JSON content type with 400', () => {
    const model = createShopifyModel({ limits: plans.standard });
    const request = { ...post(orderBody('src-1')), headers: { ...headers, 'content-type': 'text/plain' } };
    expect(model.handle(request, 0).status).toBe(400);
  });

  it('answers an order without line items with 422 on line_items', () => {
    const model = createShopifyModel({ limits: plans.standard });
    const response = model.handle(post(orderBody('src-1', { line_items: undefined })), 0);
    expect(response.status).toBe(422);
    expect(JSON.parse(response.body)).toEqual({ errors: { line_items: ["can't be blank"] } });
  });

  it('answers a custom line item without title or price with 422 naming both', () => {
    const model = createShopifyModel({ limits: plans.standard });
    const response = model.handle(post(orderBody('src-1', { line_items: [{ quantity: 1 }] })), 0);
    expect(response.status).toBe(422);
    expect(JSON.parse(response.body)).toEqual({
      errors: { line_items: ["line item 1: title can't be blank", "line item 1: price can't be blank"] },
    });
    expect(model.shop('launch.myshopify.com').orders.count).toBe(0);
  });

  it('answers another method on orders.json with 404', () => {
    const model = createShopifyModel({ limits: plans.standard });
    expect(model.handle({ ...post(orderBody('src-1')), method: 'DELETE' }, 0).status).toBe(404);
  });
});

describe('GET orders.json', () => {
  const model = createShopifyModel({ limits: plentyOfRoom });
  for (let i = 1; i <= 60; i++) model.handle(post(orderBody(`src-${i}`)), i);

  it('finds an order by name with status=any', () => {
    const found = getJson(model, `orders.json?name=${encodeURIComponent('#1003')}&status=any`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ orders: [{ name: '#1003', note_attributes: [{ value: 'src-3' }] }] });
  });

  it('finds an order by tag and keeps only the asked fields', () => {
    const found = getJson(model, 'orders.json?tag=fs-src-src-7&status=any&fields=id,tags');
    expect(found.body).toEqual({ orders: [{ id: 5_000_000_000_007, tags: 'funnelstorm, fs-src-src-7' }] });
  });

  it('finds nothing for an unknown name or tag, or for closed orders', () => {
    expect(getJson(model, 'orders.json?name=%239999').body).toEqual({ orders: [] });
    expect(getJson(model, 'orders.json?tag=nope').body).toEqual({ orders: [] });
    expect(getJson(model, 'orders.json?tag=funnelstorm&status=closed').body).toEqual({ orders: [] });
  });

  it('returns 50 orders by default and at most 250, oldest first', () => {
    const page = getJson(model, 'orders.json?tag=funnelstorm').body as { orders: { name: string }[] };
    expect(page.orders).toHaveLength(50);
    expect(page.orders[0]?.name).toBe('#1001');
    expect((getJson(model, 'orders.json?limit=500').body as { orders: unknown[] }).orders).toHaveLength(60);
    expect(getJson(model, 'orders.json?limit=zero').status).toBe(400);
  });

  it('reads one order by id, and answers 404 for an id the shop does not have', () => {
    expect(getJson(model, 'orders/5000000000002.json').body).toMatchObject({ order: { name: '#1002' } });
    expect(getJson(model, 'orders/5000000009999.json')).toEqual({
      status: 404,
      body: { errors: 'Not Found' },
    });
  });
});
