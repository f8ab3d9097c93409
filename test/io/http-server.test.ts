import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../mocks/http-server.js';
import {
  api,
  createOrder,
  jsonHeaders,
  orderBody,
  rawRequest,
  rawSocket,
  startTestServer,
} from './http-server-support.js';

let server: MockServer;
const logged: string[] = [];
beforeAll(async () => {
  server = await startTestServer('plus', (line) => logged.push(line));
});
afterAll(() => server.close());

describe('mock HTTP server: bad input never crashes it', () => {
  const cases: [string, () => Promise<{ status: number; body: string }>, number, RegExp][] = [
    [
      'malformed JSON',
      () =>
        rawRequest(server, {
          method: 'POST',
          path: `${api}/orders.json`,
          headers: jsonHeaders,
          chunks: [Buffer.from('{"order": {')],
        }),
      400,
      /JSON|order/i,
    ],
    [
      'a wrong content type',
      () =>
        rawRequest(server, {
          method: 'POST',
          path: `${api}/orders.json`,
          headers: { ...jsonHeaders, 'content-type': 'text/plain' },
          chunks: [Buffer.from(orderBody('ct'))],
        }),
      400,
      /Content-Type/,
    ],
    [
      'a 5 MB body with Content-Length (sent by fetch)',
      async () => {
        const response = await fetch(`${server.url}${api}/orders.json`, {
          method: 'POST',
          headers: jsonHeaders,
          body: ' '.repeat(5 * 1024 * 1024),
        });
        return { status: response.status, body: await response.text() };
      },
      413,
      /exceeds the limit of 1048576 bytes/,
    ],
    [
      'a 5 MB chunked body',
      () =>
        rawRequest(server, {
          method: 'POST',
          path: `${api}/orders.json`,
          headers: jsonHeaders,
          chunks: Array.from({ length: 80 }, () => Buffer.alloc(64 * 1024, 0x20)),
        }),
      413,
      /exceeds the limit/,
    ],
    [
      'an unknown route',
      () => rawRequest(server, { method: 'GET', path: `${api}/widgets.json`, headers: jsonHeaders }),
      404,
      /^\{"errors":"Not Found"\}$/,
    ],
    [
      'a path outside the Admin API',
      () => rawRequest(server, { method: 'GET', path: '/favicon.ico' }),
      404,
      /Not Found/,
    ],
    [
      'bytes that are not UTF-8',
      () =>
        rawRequest(server, {
          method: 'POST',
          path: `${api}/orders.json`,
          headers: jsonHeaders,
          chunks: [Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
        }),
      400,
      /not valid UTF-8/,
    ],
    [
      'an invalid fault plan',
      () =>
        rawRequest(server, {
          method: 'PUT',
          path: '/__admin/faults',
          headers: { 'content-type': 'application/json' },
          chunks: [Buffer.from('{"rules":[{"kind":"status","status":418,"probability":2}]}')],
        }),
      400,
      /rules\[0\]/,
    ],
    [
      'an invalid plan change',
      () =>
        rawRequest(server, {
          method: 'PUT',
          path: '/__admin/plan',
          headers: { 'content-type': 'application/json' },
          chunks: [Buffer.from('{"bucketSize": -3, "leakPerSecond": 2}')],
        }),
      400,
      /bucketSize must be/,
    ],
    [
      'an unknown admin path',
      () => rawRequest(server, { method: 'GET', path: '/__admin/nope' }),
      404,
      /not an admin endpoint/,
    ],
  ];

  for (const [name, send, status, reason] of cases) {
    it(`answers ${name} with ${status} and a reason, then creates an order`, async () => {
      const answer = await send();
      expect(answer.status).toBe(status);
      expect(() => JSON.parse(answer.body)).not.toThrow();
      expect(answer.body).toMatch(reason);
      expect(await createOrder(server, `after-${name}`)).toBe(201);
    });
  }

  it('answers malformed HTTP with 400 and closes only that connection', async () => {
    const answer = await rawSocket(
      server,
      'GET /admin/api/2026-01/orders.json HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(answer).toMatch(/"errors":"Bad Request: malformed HTTP request/);
    expect(await createOrder(server, 'after-malformed-http')).toBe(201);
  });

  it('has logged no internal error', () => {
    expect(logged).toEqual([]);
  });
});

describe('mock HTTP server: naming the shop, following Link', () => {
  const shopHeaders = (shop: string) => ({ ...jsonHeaders, 'x-funnelstorm-shop': shop });

  it('X-Funnelstorm-Shop picks the shop when fetch cannot set Host; each shop has its own bucket', async () => {
    const send = (shop: string) =>
      fetch(`${server.url}${api}/orders.json?limit=1`, { headers: shopHeaders(shop) });
    const first = await send('header-a.myshopify.com');
    const other = await send('header-b.myshopify.com');
    const again = await send('header-a.myshopify.com');
    // Fresh buckets on plus: the second call to shop a shows 2 used, shop b's first shows 1.
    expect(first.headers.get('x-shopify-shop-api-call-limit')).toBe('1/400');
    expect(other.headers.get('x-shopify-shop-api-call-limit')).toBe('1/400');
    expect(again.headers.get('x-shopify-shop-api-call-limit')).toMatch(/^[12]\/400$/);
  });

  it('refuses a header that is not a shop domain with 400 and a reason, and keeps serving', async () => {
    const bad = await fetch(`${server.url}${api}/orders.json`, { headers: shopHeaders('evil.example.com') });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      errors:
        'x-funnelstorm-shop must be a shop domain such as launch.myshopify.com (got "evil.example.com")',
    });
    expect(await createOrder(server, 'after-bad-shop-header')).toBe(201);
  });

  it('writes Link page URLs against the server itself, so a client can follow them', async () => {
    const shop = 'paging.myshopify.com';
    for (let i = 0; i < 3; i++) {
      const created = await fetch(`${server.url}${api}/orders.json`, {
        method: 'POST',
        headers: shopHeaders(shop),
        body: orderBody(`page-${i}`),
      });
      expect(created.status).toBe(201);
    }
    const ids: number[] = [];
    let url: string | undefined = `${server.url}${api}/orders.json?limit=2&status=any`;
    while (url !== undefined) {
      expect(url.startsWith(`${server.url}/admin/api/`)).toBe(true);
      const page = await fetch(url, { headers: shopHeaders(shop) });
      expect(page.status).toBe(200);
      const body = (await page.json()) as { orders: { id: number }[] };
      ids.push(...body.orders.map((order) => order.id));
      url = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
    }
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });
});
