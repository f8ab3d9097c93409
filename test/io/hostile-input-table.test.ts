import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../mocks/http-server.js';
import { plans } from '../../mocks/plans.js';
import { createShopifyService } from '../../mocks/shopify-service.js';
import { createRandom } from '../../runtime/seeded-random.js';
import { systemClock } from '../../runtime/system-clock.js';
import { api } from './http-server-support.js';

// Issue 16, acceptance 3 (the mock's rows): every hostile case the issue lists gets a 4xx with a
// Shopify-shaped reason — `{"errors": …}` naming what the client wrote — or, for GraphQL, Shopify's
// HTTP 200 with `errors[]`; and a normal create works after each.

const token = 'shpat_good';
const json = { 'content-type': 'application/json' };
const app = { ...json, 'x-shopify-access-token': token };
const line = { title: 'Tee', price: '1.00' };
const tags = (count: number) => Array.from({ length: count }, (_, i) => `t${i}`);
const nested = (levels: number) => `{ orders ${'{ a '.repeat(levels)}${'}'.repeat(levels)} }`;

interface Row {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  status: number;
  reason: RegExp;
}

const rows: Row[] = [
  {
    name: 'an order with 110,000 unique comma-separated tags (800 KB, under the 1 MiB body limit)',
    method: 'POST',
    path: `${api}/orders.json`,
    headers: app,
    body: JSON.stringify({ order: { line_items: [line], tags: tags(110_000).join(',') } }),
    status: 422,
    reason: /"tags":\["cannot be more than 250/,
  },
  {
    name: 'an order with a tag of 300 characters',
    method: 'POST',
    path: `${api}/orders.json`,
    headers: app,
    body: JSON.stringify({ order: { line_items: [line], tags: `a, ${'x'.repeat(300)}` } }),
    status: 422,
    reason: /"tags":\["tag 2 is 300 characters long; a tag has at most 255"\]/,
  },
  {
    name: 'an order with 251 line items',
    method: 'POST',
    path: `${api}/orders.json`,
    headers: app,
    body: JSON.stringify({ order: { line_items: Array(251).fill(line) } }),
    status: 422,
    reason: /"line_items":\["The number of line items \(251\) exceeds the limit of 250"\]/,
  },
  {
    name: 'an order with 30,000 line items (the issue’s 43,000 are over the 1 MiB body limit: 413 too)',
    method: 'POST',
    path: `${api}/orders.json`,
    headers: app,
    body: JSON.stringify({ order: { line_items: Array(30_000).fill(line) } }),
    status: 413,
    reason: /Request body has more than 10000 JSON keys, values and brackets/,
  },
  {
    name: 'a GraphQL orderCreate with 80,000 tags',
    method: 'POST',
    path: `${api}/graphql.json`,
    headers: app,
    body: JSON.stringify({
      query: 'mutation($o: OrderCreateOrderInput!) { orderCreate(order: $o) { userErrors { message } } }',
      variables: { o: { tags: tags(80_000) } },
    }),
    status: 413,
    reason: /more than 10000 JSON keys/,
  },
  {
    name: 'a GraphQL selection nested 10,000 deep (Shopify answers query errors with 200)',
    method: 'POST',
    path: `${api}/graphql.json`,
    headers: app,
    body: JSON.stringify({ query: nested(10_000) }),
    status: 200,
    reason: /"code":"MAX_DEPTH_EXCEEDED"/,
  },
  {
    name: 'PUT /__admin/faults with 30,000 keys (289 KB of JSON)',
    method: 'PUT',
    path: '/__admin/faults',
    headers: app,
    body: JSON.stringify(Object.fromEntries(tags(30_000).map((key, i) => [key, i]))),
    status: 413,
    reason: /PUT \/__admin\/faults: the body has more than 10000 JSON keys/,
  },
  {
    name: 'PUT /__admin/faults in YAML over 16 KiB',
    method: 'PUT',
    path: '/__admin/faults',
    headers: { ...app, 'content-type': 'application/yaml' },
    body: `rules: []\n# ${'x'.repeat(20_000)}\n`,
    status: 400,
    reason: /a YAML body may have at most 16384 characters/,
  },
  {
    name: 'PUT /__admin/plan with leakPerSecond 1e-300',
    method: 'PUT',
    path: '/__admin/plan',
    headers: app,
    body: '{"bucketSize":40,"leakPerSecond":1e-300}',
    status: 400,
    reason: /leakPerSecond must be a number of calls per second from 0\.001 to 1000000 \(got 1e-300\)/,
  },
  {
    name: 'PUT /__admin/faults without the token',
    method: 'PUT',
    path: '/__admin/faults',
    headers: json,
    body: '{"rules":[{"kind":"status","status":503,"probability":1}]}',
    status: 401,
    reason: /\/__admin needs the server's token/,
  },
  {
    name: 'POST /__admin/reset with Content-Type: text/plain',
    method: 'POST',
    path: '/__admin/reset',
    headers: { ...app, 'content-type': 'text/plain' },
    body: '{}',
    status: 415,
    reason: /Content-Type text\/plain is not accepted by \/__admin/,
  },
  {
    name: 'POST /__admin/reset from http://evil.example',
    method: 'POST',
    path: '/__admin/reset',
    headers: { ...app, origin: 'http://evil.example' },
    body: '{}',
    status: 403,
    reason: /\/__admin refuses requests from a web page \(Origin: http:\/\/evil\.example\)/,
  },
];

let server: MockServer;
beforeAll(async () => {
  const service = createShopifyService({
    model: { limits: plans.plus, accessTokens: [token], maxShops: 2 },
    random: createRandom(1).fork('faults'),
  });
  server = await startMockServer({ service, clock: systemClock });
});
afterAll(() => server.close());

async function create(shop?: string): Promise<number> {
  const headers: Record<string, string> = shop === undefined ? app : { ...app, 'x-funnelstorm-shop': shop };
  const response = await fetch(`${server.url}${api}/orders.json`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ order: { line_items: [line] } }),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('the mock’s answers to issue 16’s hostile cases (acceptance 3)', () => {
  it.each(rows)('$name → $status with the reason', async (row) => {
    const response = await fetch(`${server.url}${row.path}`, {
      method: row.method,
      headers: row.headers,
      body: row.body,
    });
    const text = await response.text();
    expect(response.status).toBe(row.status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(text).toMatch(/^\{"errors":/);
    expect(text).toMatch(row.reason);
    expect(await create()).toBe(201);
  });

  it('a new shop past the cap → 403 naming maxShops, counted in /__admin/stats', async () => {
    expect(await create('second.myshopify.com')).toBe(201);
    const response = await fetch(`${server.url}${api}/orders.json`, {
      method: 'POST',
      headers: { ...app, 'x-funnelstorm-shop': 'third.myshopify.com' },
      body: JSON.stringify({ order: { line_items: [line] } }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      errors: expect.stringMatching(/already keeps state for 2 shops \(maxShops\).*third\.myshopify\.com/),
    });
    const stats = (await (await fetch(`${server.url}/__admin/stats`, { headers: app })).json()) as {
      capacity: { refusedShops: number };
    };
    expect(stats.capacity.refusedShops).toBe(1);
    expect(await create()).toBe(201);
  });
});
