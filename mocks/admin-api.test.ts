import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import { createAdminApi } from './admin-api.js';
import { plans } from './plans.js';
import { createShopifyService } from './shopify-service.js';

const shop = 'launch.myshopify.com';
const create = {
  method: 'POST',
  url: `https://${shop}/admin/api/2026-01/orders.json`,
  headers: { 'x-shopify-access-token': 't', 'content-type': 'application/json' },
  body: JSON.stringify({ order: { line_items: [{ title: 'Tee', price: '10.00' }], tags: 'x' } }),
};

/** A JSON body's header, as every admin client sends it (admin-guard.ts). */
const jsonType = { 'content-type': 'application/json' };

function setup() {
  const service = createShopifyService({ model: { limits: plans.plus }, random: createRandom(1) });
  const admin = createAdminApi({ service, defaultShop: shop, planName: 'plus' });
  const call = (method: string, target: string, body?: string, nowMs = 1000) => {
    const response = admin.handle(method, target, body, nowMs, jsonType);
    return { status: response.status, headers: response.headers, json: JSON.parse(response.body) };
  };
  return { service, call };
}

describe('admin API', () => {
  it('shows the plan, and lowers the limits of the running model from the time of the change', () => {
    const { service, call } = setup();
    expect(call('GET', '/__admin/plan').json).toEqual({
      plan: 'plus',
      bucketSize: 400,
      leakPerSecond: 20,
      graphqlRestorePerSecond: 1000,
      graphqlBucketSize: 20000,
    });
    expect(call('PUT', '/__admin/plan/', '{"plan":"basic"}').status).toBe(200);
    expect(service.model.limits).toEqual({
      bucketSize: 40,
      leakPerSecond: 2,
      graphqlRestorePerSecond: 100,
      graphqlBucketSize: 2000,
    });
    expect(call('GET', '/__admin/stats', undefined, 2500).json).toMatchObject({
      uptimeSeconds: 2.5,
      plan: { plan: 'basic', bucketSize: 40, leakPerSecond: 2 },
    });
  });

  it('answers 400 naming the field for bad input, 404 for an unknown path and 405 for a wrong method', () => {
    const { call } = setup();
    expect(call('PUT', '/__admin/plan', '{"leakPerSecond":0,"bucketSize":4}').json.errors).toMatch(
      /^leakPerSecond must be a number of calls per second from 0.001 to 1000000 \(got 0\)$/,
    );
    // A rate so small that the GraphQL bucket derived from it would hold less than a point (issue 16: a 500).
    const tiny = call('PUT', '/__admin/plan', '{"leakPerSecond":1e-300,"bucketSize":40}');
    expect(tiny.status).toBe(400);
    expect(tiny.json.errors).toMatch(/^leakPerSecond must be .* from 0.001 .*\(got 1e-300\)$/);
    expect(call('GET', '/__admin/plan').json.leakPerSecond).toBe(20);
    expect(call('PUT', '/__admin/plan', undefined).json.errors).toMatch(/body is empty/);
    expect(call('POST', '/__admin/audit', '{"expectedSourceIds":"a"}').json.errors).toMatch(
      /expectedSourceIds must be an array/,
    );
    expect(call('POST', '/__admin/audit', '{"expected":[]}').json.errors).toMatch(
      /expected is not a known field/,
    );
    expect(call('GET', '/__admin/metrics').status).toBe(404);
    expect(call('GET', '/__admin/orders/abc/requests').status).toBe(404);
    const wrong = call('DELETE', '/__admin/plan');
    expect(wrong.status).toBe(405);
    expect(wrong.headers['allow']).toBe('GET, PUT');
  });

  it('resets the model but keeps the limits in force', () => {
    const { service, call } = setup();
    service.serve(create, 0);
    call('PUT', '/__admin/plan', '{"bucketSize":10,"leakPerSecond":1}');
    expect(call('GET', '/__admin/audit').json.shops).toHaveLength(1);
    expect(call('POST', '/__admin/reset').json).toEqual({
      reset: true,
      // GraphQL follows the leak rate: 50 points/s per call/s, bucket 20 × that.
      plan: {
        plan: 'custom',
        bucketSize: 10,
        leakPerSecond: 1,
        graphqlRestorePerSecond: 50,
        graphqlBucketSize: 1000,
      },
    });
    expect(call('GET', '/__admin/audit').json.shops).toEqual([]);
    expect(service.model.limits).toMatchObject({ bucketSize: 10, leakPerSecond: 1 });
  });

  it('audits every shop, and with the expected ids finds the missing ones', () => {
    const { service, call } = setup();
    service.serve(create, 0);
    service.serve(create, 1);
    expect(call('GET', '/__admin/audit').json.shops).toEqual([
      {
        shop,
        orders: 2,
        duplicates: 0,
        duplicateSourceIds: [],
        duplicateCauses: [],
        unattributed: 2,
        lostUpdates: 0,
        lostUpdateCustomers: [],
      },
    ]);
    const full = call(
      'POST',
      '/__admin/audit',
      '{"expectedSourceIds":["s1","s2"],"deadLetteredSourceIds":["s2"]}',
    );
    expect(full.json).toMatchObject({ created: 0, missing: 1, missingSourceIds: ['s1'], unattributed: 2 });
  });
});

describe('admin API: per-order request log', () => {
  it('lists the requests that touched an order of the default shop', () => {
    const { service, call } = setup();
    const outcome = service.serve(create, 5);
    const id =
      outcome.kind === 'response'
        ? (JSON.parse(outcome.response.body) as { order: { id: number } }).order.id
        : 0;
    const trace = call('GET', `/__admin/orders/${id}/requests`);
    expect(trace.json).toEqual({
      shop,
      orderId: id,
      requests: [expect.objectContaining({ method: 'POST', status: 201, atMs: 5 })],
    });
    expect(call('GET', `/__admin/orders/${id + 1}/requests`).status).toBe(404);
  });
});
