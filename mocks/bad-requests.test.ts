import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../runtime/transport.js';
import { send, testOrder, testRequest } from './model-test-support.js';
import { plans } from './plans.js';
import { bodyExceeds } from './request-body.js';
import { createShopifyModel } from './shopify-model.js';

const roomy = { bucketSize: 10_000, leakPerSecond: 1000 };

describe('a body over maxBodyBytes', () => {
  it('gets 413 with a Shopify-shaped body (2 MB on the 1 MiB default), and the model still answers the next request', () => {
    const model = createShopifyModel({ limits: plans.standard });
    const huge = JSON.stringify({ order: { note: 'x'.repeat(2_000_000) } });
    const refused = send(model, testRequest('POST', 'orders.json', huge));
    expect(refused.status).toBe(413);
    expect(refused.json).toEqual({
      errors: 'Request body is larger than 1048576 bytes. Send a smaller request.',
    });
    expect(refused.headers['x-request-id']).toBeDefined();
    // Refused before the app: no bucket charged.
    expect(refused.headers['x-shopify-shop-api-call-limit']).toBeUndefined();
    const next = send(model, testRequest('POST', 'orders.json', testOrder('a')));
    expect([next.status, next.headers['x-shopify-shop-api-call-limit']]).toEqual([201, '1/40']);
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(bodyExceeds('é'.repeat(6), 12)).toBe(false);
    expect(bodyExceeds('é'.repeat(7), 12)).toBe(true);
    expect(bodyExceeds('😀😀😀', 12)).toBe(false);
    expect(bodyExceeds('😀😀😀a', 12)).toBe(true);
    expect(bodyExceeds('a'.repeat(13), 12)).toBe(true);
    expect(bodyExceeds(undefined, 0)).toBe(false);
    const model = createShopifyModel({ limits: roomy, maxBodyBytes: 100 });
    expect(
      send(
        model,
        testRequest('PUT', 'customers/7000000000001.json', `{"customer":{"note":"${'ü'.repeat(45)}"}}`),
      ).status,
    ).toBe(413);
  });
});

describe('bad requests', () => {
  it('answer malformed JSON with 400, a wrong content type with 400 and unknown routes or methods with 404', () => {
    const model = createShopifyModel({ limits: roomy });
    const cases: [HttpRequest, number][] = [
      [testRequest('POST', 'orders.json', '{"order": [}'), 400],
      [
        testRequest('POST', 'orders.json', testOrder('a'), {
          'content-type': 'application/x-www-form-urlencoded',
        }),
        400,
      ],
      [
        testRequest('PUT', 'customers/7000000000001.json', 'customer=1', { 'content-type': 'text/plain' }),
        400,
      ],
      [testRequest('GET', 'widgets.json'), 404],
      [testRequest('PATCH', 'orders.json'), 404],
      [testRequest('GET', 'customers/abc.json'), 404],
      [{ method: 'GET', url: 'not a url', headers: {} }, 404],
      [{ method: 'GET', url: 'https://launch.myshopify.com/admin/orders.json', headers: {} }, 404],
    ];
    for (const [request, status] of cases) {
      const response = send(model, request);
      expect(response.status, `${request.method} ${request.url}`).toBe(status);
      expect(response.json).toEqual({ errors: expect.anything() });
    }
  });

  it('never throw, whatever the method, URL, headers and body', () => {
    const model = createShopifyModel({ limits: roomy, fencing: true, maxBodyBytes: 2000 });
    const path = fc.oneof(
      fc.constantFrom(
        'orders.json',
        'orders/5000000000001.json',
        'customers/7000000000001.json',
        'graphql.json',
      ),
      fc.string(),
    );
    const query = fc.oneof(
      fc.constant(''),
      fc.string().map((q) => `?${q}`),
      fc.constant('?page_info=eyJkIjoibiJ9'),
    );
    const body = fc.option(
      fc.oneof(fc.string({ unit: 'binary' }), fc.json(), fc.constant('{"customer":{"total_spent":1e400}}')),
      { nil: undefined },
    );
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'get', ''),
        path,
        query,
        body,
        fc.dictionary(fc.string(), fc.string()),
        (method, where, search, text, headers) => {
          const request = testRequest(method, `${where}${search}`, undefined, headers);
          if (text !== undefined) request.body = text;
          const response = model.handle(request, 0);
          expect(response.status).toBeGreaterThanOrEqual(200);
          expect(() => JSON.parse(response.body) as unknown).not.toThrow();
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('POST graphql.json', () => {
  it('is served by the built-in surface with its own cost bucket, never charging the REST bucket', () => {
    const model = createShopifyModel({ limits: plans.standard });
    const query = '{ orders(first: 1) { edges { node { id } } } }';
    const response = send(model, testRequest('POST', 'graphql.json', { query }));
    expect(response.status).toBe(200);
    expect(response.headers['x-shopify-shop-api-call-limit']).toBeUndefined();
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json).toMatchObject({
      extensions: { cost: { throttleStatus: { maximumAvailable: 2000, restoreRate: 100 } } },
    });
    expect(send(model, testRequest('GET', 'orders.json')).headers['x-shopify-shop-api-call-limit']).toBe(
      '1/40',
    );
  });

  it('is answered 404 when turned off with graphql: false', () => {
    const model = createShopifyModel({ limits: plans.standard, graphql: false });
    const response = send(model, testRequest('POST', 'graphql.json', { query: '{ shop { name } }' }));
    expect(response.status).toBe(404);
    expect(response.headers['x-shopify-shop-api-call-limit']).toBeUndefined();
  });

  it('goes to a wired handler with the shop’s stores, and the orders it creates are logged', () => {
    const model = createShopifyModel({
      limits: plans.standard,
      graphql: (appKey, shop, body, nowMs) => {
        shop.orders.add(
          {
            lineItems: [{ title: 'G', priceCents: 100, quantity: 1 }],
            noteAttributes: [],
            tags: '',
            customerId: undefined,
          },
          nowMs,
        );
        return { status: 200, body: JSON.stringify({ appKey, body }) };
      },
    });
    const response = send(model, testRequest('POST', 'graphql.json', '{"query":"mutation"}'), 7);
    expect(response.json).toEqual({
      appKey: 'launch.myshopify.com\nshpat_app',
      body: '{"query":"mutation"}',
    });
    expect(model.requestsForOrder('launch.myshopify.com', 5_000_000_000_001)).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/admin/api/2026-01/graphql.json',
        status: 200,
        atMs: 7,
      }),
    ]);
  });
});
