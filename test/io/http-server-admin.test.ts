import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../mocks/http-server.js';
import {
  api,
  createOrder,
  jsonHeaders,
  orderBody,
  rawRequest,
  startTestServer,
} from './http-server-support.js';

let server: MockServer;
beforeAll(async () => {
  server = await startTestServer('plus');
});
afterAll(() => server.close());

// The answers have many shapes; the assertions check them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function admin(
  method: string,
  path: string,
  body?: string,
  type = 'application/json',
): Promise<{ status: number; json: Json }> {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': type };
  const response = await fetch(`${server.url}/__admin${path}`, { method, body, headers });
  return { status: response.status, json: await response.json() };
}

async function callLimit(): Promise<string | null> {
  const response = await fetch(`${server.url}${api}/orders.json?limit=1`, { headers: jsonHeaders });
  await response.arrayBuffer();
  return response.headers.get('x-shopify-shop-api-call-limit');
}

describe('mock HTTP server: the /__admin API', () => {
  it('lists its endpoints at GET /__admin', async () => {
    const { status, json } = await admin('GET', '');
    expect(status).toBe(200);
    expect(Object.keys(json.endpoints)).toContain('/__admin/faults');
  });

  const plusPlan = {
    plan: 'plus',
    bucketSize: 400,
    leakPerSecond: 20,
    graphqlRestorePerSecond: 1000,
    graphqlBucketSize: 20000,
  };

  it('changes the plan while running: the call-limit header shows the new bucket size', async () => {
    expect(await callLimit()).toMatch(/\/400$/);
    const standard = await admin('PUT', '/plan', '{"plan":"standard"}');
    expect(standard).toEqual({
      status: 200,
      json: {
        plan: 'standard',
        bucketSize: 40,
        leakPerSecond: 2,
        graphqlRestorePerSecond: 100,
        graphqlBucketSize: 2000,
      },
    });
    expect(await callLimit()).toMatch(/\/40$/);
    const custom = await admin('PUT', '/plan', '{"bucketSize":7,"leakPerSecond":0.5}');
    // GraphQL follows the leak rate for custom limits: 50 points/s per call/s, bucket 20 × that.
    expect(custom.json).toEqual({
      plan: 'custom',
      bucketSize: 7,
      leakPerSecond: 0.5,
      graphqlRestorePerSecond: 25,
      graphqlBucketSize: 500,
    });
    expect(await callLimit()).toMatch(/\/7$/);
    expect((await admin('GET', '/plan')).json.plan).toBe('custom');
    await admin('PUT', '/plan', '{"plan":"plus"}');
    expect(await callLimit()).toMatch(/\/400$/);
  });

  it('names the field of a bad plan change and leaves the plan alone', async () => {
    const cases: [string, RegExp][] = [
      ['{"plan":"platinum"}', /plan must be one of basic, standard/],
      ['{"bucketSize":40}', /leakPerSecond must be/],
      ['{"plan":"plus","bucketSize":3}', /plan cannot be combined/],
      ['{"bucketsize":40,"leakPerSecond":2}', /bucketsize is not a known field/],
      ['[1]', /must be a JSON object/],
      ['{oops', /not valid JSON/],
    ];
    for (const [body, reason] of cases) {
      const answer = await admin('PUT', '/plan', body);
      expect(answer.status).toBe(400);
      expect(answer.json.errors).toMatch(reason);
    }
    expect((await admin('GET', '/plan')).json).toEqual(plusPlan);
  });

  it('reports model stats, the plan and the uptime', async () => {
    const { json } = await admin('GET', '/stats');
    expect(json.plan).toEqual(plusPlan);
    expect(json.model.calls).toBeGreaterThan(0);
    expect(json.model.byStatus['200']).toBeGreaterThan(0);
    expect(json.uptimeSeconds).toBeGreaterThan(0);
    expect(json.shops).toEqual([]);
  });

  it('audits duplicates per shop, and missing orders given the expected ids', async () => {
    expect(await createOrder(server, 'a')).toBe(201);
    expect(await createOrder(server, 'a')).toBe(201);
    expect(await createOrder(server, 'b')).toBe(201);
    // fetch does not let a caller set Host; node:http does, as curl -H does.
    const other = await rawRequest(server, {
      method: 'POST',
      path: `${api}/orders.json`,
      headers: { ...jsonHeaders, host: 'Other.myshopify.com:443' },
      chunks: [Buffer.from(orderBody('c'))],
    });
    expect(other.status).toBe(201);
    const perShop = await admin('GET', '/audit');
    const clean = { unattributed: 0, lostUpdates: 0, lostUpdateCustomers: [] };
    expect(perShop.json.shops).toEqual([
      {
        shop: 'funnelstorm-test.myshopify.com',
        orders: 3,
        duplicates: 1,
        duplicateSourceIds: ['a'],
        // Two plain creates, no fault and no webhook delivery recorded: nothing explains the second.
        duplicateCauses: [expect.objectContaining({ sourceOrderId: 'a', kind: 'unknown' })],
        ...clean,
      },
      {
        shop: 'other.myshopify.com',
        orders: 1,
        duplicates: 0,
        duplicateSourceIds: [],
        duplicateCauses: [],
        ...clean,
      },
    ]);
    const full = await admin(
      'POST',
      '/audit',
      JSON.stringify({ expectedSourceIds: ['a', 'b', 'c', 'd', 'e'], deadLetteredSourceIds: ['e'] }),
    );
    expect(full.json).toMatchObject({ created: 3, duplicates: 1, missing: 1, missingSourceIds: ['d'] });
    // Nobody wrote the loyalty metafield: customers are not audited (no alarm per customer with orders).
    expect(full.json.customers).toEqual({
      audited: false,
      customersChecked: 0,
      lostUpdates: 0,
      mismatches: [],
    });
    const bad = await admin('POST', '/audit', '{"expectedSourceIds":["a",7]}');
    expect(bad).toEqual({ status: 400, json: { errors: 'expectedSourceIds[1] must be a string (got 7)' } });
  });

  it('reports a customer whose loyalty metafield misses an order as a lost update, until it is written', async () => {
    const customerId = 7_000_000_000_001;
    const body = JSON.stringify({
      order: { line_items: [{ title: 'Tee', price: '25.00', quantity: 1 }], customer: { id: customerId } },
    });
    const created = await fetch(`${server.url}${api}/orders.json`, {
      method: 'POST',
      headers: jsonHeaders,
      body,
    });
    expect(created.status).toBe(201);
    // The integration writes the loyalty metafield (funnelstorm.loyalty) without counting the order.
    const metafield = {
      namespace: 'funnelstorm',
      key: 'loyalty',
      type: 'json',
      value: '{"points":0,"orders":0}',
    };
    const written = await fetch(`${server.url}${api}/customers/${customerId}/metafields.json`, {
      method: 'POST',
      headers: jsonHeaders,
      body: JSON.stringify({ metafield }),
    });
    expect(written.status).toBe(201);
    const { metafield: made } = (await written.json()) as { metafield: { id: number } };
    const lost = (await admin('GET', '/audit')).json.shops[0];
    expect(lost.lostUpdates).toBe(1);
    expect(lost.lostUpdateCustomers).toEqual([
      expect.objectContaining({
        customerId,
        expectedCents: 2500,
        actualCents: 0,
        expectedCount: 1,
        actualCount: 0,
      }),
    ]);
    const update = await fetch(`${server.url}${api}/customers/${customerId}/metafields/${made.id}.json`, {
      method: 'PUT',
      headers: jsonHeaders,
      body: JSON.stringify({ metafield: { value: '{"points":2500,"orders":1}' } }),
    });
    expect(update.status).toBe(200);
    expect((await admin('GET', '/audit')).json.shops[0].lostUpdates).toBe(0);
  });

  it('lists every request that touched an order, and 404 for an order the shop does not have', async () => {
    const created = await fetch(`${server.url}${api}/orders.json`, {
      method: 'POST',
      headers: jsonHeaders,
      body: orderBody('traced'),
    });
    const { order } = (await created.json()) as { order: { id: number } };
    const read = await fetch(`${server.url}${api}/orders/${order.id}.json`, { headers: jsonHeaders });
    expect(read.status).toBe(200);
    const trace = await admin('GET', `/orders/${order.id}/requests?shop=funnelstorm-test.myshopify.com`);
    expect(trace.status).toBe(200);
    expect(trace.json.requests.map((r: { method: string; status: number }) => [r.method, r.status])).toEqual([
      ['POST', 201],
      ['GET', 200],
    ]);
    expect(trace.json.requests[0].requestId).toBe(created.headers.get('x-request-id'));
    expect((await admin('GET', `/orders/${order.id}/requests?shop=other.myshopify.com`)).status).toBe(404);
  });

  it('forgets every order on reset and keeps the plan', async () => {
    await admin('PUT', '/plan', '{"plan":"advanced"}');
    expect((await admin('POST', '/reset')).status).toBe(200);
    expect((await admin('GET', '/audit')).json.shops).toEqual([]);
    expect((await admin('GET', '/stats')).json.model.calls).toBe(0);
    expect(await callLimit()).toBe('1/80');
    await admin('PUT', '/plan', '{"plan":"plus"}');
  });

  it('injects a fault plan put while running, reports what it did, and removes it', async () => {
    const yaml =
      'rules:\n  - { kind: status, status: 503, probability: 1, match: { route: orders.create } }\n';
    const put = await admin('PUT', '/faults', yaml, 'application/yaml');
    expect(put.status).toBe(200);
    expect(put.json.plan.rules).toEqual([expect.objectContaining({ kind: 'status', status: 503 })]);
    expect(await createOrder(server, 'faulted-1')).toBe(503);
    expect(await createOrder(server, 'faulted-2')).toBe(503);
    expect(await callLimit()).toMatch(/\/400$/);
    const read = await admin('GET', '/faults');
    expect(read.json.stats.byKind.status).toBe(2);
    expect((await admin('GET', '/stats')).json.faults.byKind.status).toBe(2);
    const removed = await admin('DELETE', '/faults');
    expect(removed.json.plan).toEqual({ rules: [] });
    expect(await createOrder(server, 'healthy')).toBe(201);
  });

  it('counts a put plan’s windows from the moment it is put, or from the start with ?origin=start', async () => {
    const window = '{"rules":[{"kind":"status","status":502,"window":{"fromSeconds":0,"toSeconds":3600}}]}';
    expect((await admin('PUT', '/faults', window)).status).toBe(200);
    expect(await createOrder(server, 'in-window')).toBe(502);
    const late = '{"rules":[{"kind":"status","status":502,"window":{"fromSeconds":0,"toSeconds":0.001}}]}';
    expect((await admin('PUT', '/faults?origin=start', late)).status).toBe(200);
    expect(await createOrder(server, 'window-over')).toBe(201);
    expect((await admin('PUT', '/faults?origin=later', window)).json.errors).toMatch(
      /origin must be now or start/,
    );
    await admin('DELETE', '/faults');
  });

  it('names the field of a bad fault plan and keeps the plan in force', async () => {
    await admin(
      'PUT',
      '/faults',
      '{"rules":[{"kind":"latency","probability":1,"latency":{"distribution":"fixed","ms":1}}]}',
    );
    const bad = await admin('PUT', '/faults', '{"rules":[{"kind":"status","status":418,"probability":0.5}]}');
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toMatch(/^Failed to load fault plan PUT \/__admin\/faults: rules\[0\]\.status/);
    const syntax = await admin('PUT', '/faults', 'rules: [ { kind: status', 'application/yaml');
    expect(syntax.status).toBe(400);
    expect((await admin('GET', '/faults')).json.plan.rules).toEqual([
      expect.objectContaining({ kind: 'latency' }),
    ]);
    await admin('DELETE', '/faults');
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const response = await fetch(`${server.url}/__admin/reset`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(((await response.json()) as { errors: string }).errors).toMatch(/use POST/);
  });
});
