import { describe, expect, it } from 'vitest';
import { FunnelstormError } from '../runtime/errors.js';
import { createRandom } from '../runtime/seeded-random.js';
import type { HttpRequest, HttpResponse } from '../runtime/transport.js';
import type { FaultPlanInput } from './faults/fault-plan-schema.js';
import { plans } from './plans.js';
import { createShopifyService, type ShopifyOutcome } from './shopify-service.js';

const shop = 'launch.myshopify.com';
const standardRest = { bucketSize: plans.standard.bucketSize, leakPerSecond: plans.standard.leakPerSecond };
/** What `model.limits` shows for `standardRest`: GraphQL's limits follow the leak rate (standard's own). */
const standardAll = { ...standardRest, graphqlRestorePerSecond: 100, graphqlBucketSize: 2000 };
const token = 'shpat_service_test';
const base = `https://${shop}/admin/api/2026-01`;
const headers = { 'x-shopify-access-token': token, 'content-type': 'application/json' };

function createOrder(sourceId: string): HttpRequest {
  const order = {
    line_items: [{ title: 'Funnel order', price: '19.00', quantity: 1 }],
    note_attributes: [{ name: 'source_order_id', value: sourceId }],
    tags: `fs-src-${sourceId}`,
  };
  return { method: 'POST', url: `${base}/orders.json`, headers, body: JSON.stringify({ order }) };
}

function service(faults?: FaultPlanInput) {
  return createShopifyService({
    model: { limits: standardRest },
    random: createRandom(1).fork('faults'),
    faults,
  });
}

function responseOf(outcome: ShopifyOutcome): HttpResponse {
  if (outcome.kind !== 'response') throw new Error(`expected a response, got ${outcome.kind}`);
  return outcome.response;
}

const ordersOf = (s: ReturnType<typeof service>, sourceId: string): number =>
  s.model.shop(shop).orders.countBySourceId(sourceId);

/** A rule that fires for every request from `fromSeconds` for one second. */
const during = (fromSeconds: number) => ({ window: { fromSeconds, toSeconds: fromSeconds + 1 } });

describe('createShopifyService', () => {
  it('with no plan, hands every request to the model and answers at once', () => {
    const outcome = service().serve(createOrder('a'), 0);
    expect(outcome).toMatchObject({ kind: 'response', delayMs: 0, response: { status: 201 } });
  });

  it('a spurious throttle on graphql.json is THROTTLED in a 200, charging nothing and creating nothing', () => {
    const faulty = service({ rules: [{ kind: 'throttle', match: { route: ['graphql'] }, ...during(1) }] });
    const mutation =
      'mutation { orderCreate(order: { lineItems: [{ title: "T", priceSet: { shopMoney: { amount: "1.00", currencyCode: USD } }, quantity: 1 }] }) { order { id } userErrors { message } } }';
    const graphqlRequest: HttpRequest = {
      method: 'POST',
      url: `${base}/graphql.json`,
      headers,
      body: JSON.stringify({ query: mutation }),
    };
    const spurious = responseOf(faulty.serve(graphqlRequest, 1000));
    expect(spurious.status).toBe(200);
    expect(spurious.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const body = JSON.parse(spurious.body) as {
      data?: unknown;
      errors: { extensions: { code: string } }[];
      extensions: { cost: { requestedQueryCost: number; actualQueryCost: null; throttleStatus: unknown } };
    };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]?.extensions.code).toBe('THROTTLED');
    expect(body.extensions.cost).toEqual({
      requestedQueryCost: 10,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 2000, restoreRate: 100 },
    });
    expect(faulty.model.shop(shop).orders.count).toBe(0);
    // Outside the window the same request runs and is charged.
    const real = responseOf(faulty.serve(graphqlRequest, 2000));
    expect(JSON.parse(real.body)).toMatchObject({ extensions: { cost: { actualQueryCost: 10 } } });
    expect(faulty.model.shop(shop).orders.count).toBe(1);
  });

  it('setLimits changes the GraphQL cost bucket with the REST one', () => {
    const s = service();
    s.setLimits(plans.plus, 0);
    expect(s.model.limits).toMatchObject({ graphqlRestorePerSecond: 1000, graphqlBucketSize: 20000 });
    const answer = s.model.graphqlThrottled(
      shop,
      token,
      JSON.stringify({ query: '{ orders(first: 1) { edges { node { id } } } }' }),
      0,
    );
    expect(answer?.body).toContain('"maximumAvailable":20000');
  });

  it('a spurious 429 looks like a real one (body, Retry-After, call-limit level) and leaves the bucket alone', () => {
    const faulty = service({ rules: [{ kind: 'throttle', ...during(1) }] });
    for (let i = 0; i < 5; i++) faulty.serve(createOrder(`o${i}`), 0);
    const spurious = responseOf(faulty.serve(createOrder('x'), 1000));
    // Five calls at t=0 leaked 2 calls in the second since: the bucket shows 3/40, and still does after.
    expect(spurious.headers['x-shopify-shop-api-call-limit']).toBe('3/40');
    expect(faulty.model.callsUsed(shop, token, 1000)).toBe(3);
    expect(ordersOf(faulty, 'x')).toBe(0);

    const real = service();
    let answer: HttpResponse | undefined;
    for (let i = 0; i < 41; i++) answer = responseOf(real.serve(createOrder(`r${i}`), 0));
    expect(answer?.status).toBe(429);
    expect(spurious.status).toBe(429);
    expect(spurious.body).toBe(answer?.body);
    expect(Object.keys(spurious.headers).sort()).toEqual(Object.keys(answer?.headers ?? {}).sort());
    expect(spurious.headers['retry-after']).toBe(answer?.headers['retry-after']);
  });

  it.each([500, 502, 503, 504, 408] as const)(
    'a %i fault answers a Shopify-ish body and applies nothing',
    (status) => {
      const faulty = service({ rules: [{ kind: 'status', status, probability: 1 }] });
      const response = responseOf(faulty.serve(createOrder('a'), 0));
      expect(response.status).toBe(status);
      expect(JSON.parse(response.body)).toEqual({ errors: expect.any(String) });
      expect(response.headers['x-request-id']).toMatch(/^00000000-0000-4000-9000-0{11}1$/);
      expect(ordersOf(faulty, 'a')).toBe(0);
      expect(faulty.model.callsUsed(shop, token, 0)).toBe(0);
    },
  );

  it('a reset drops the connection after the added latency and applies nothing', () => {
    const faulty = service({
      rules: [
        { kind: 'reset', probability: 1 },
        { kind: 'latency', probability: 1, latency: { distribution: 'fixed', ms: 250 } },
      ],
    });
    expect(faulty.serve(createOrder('a'), 0)).toEqual({ kind: 'reset', delayMs: 250 });
    expect(ordersOf(faulty, 'a')).toBe(0);
  });

  it('a timeout never answers and applies nothing', () => {
    const faulty = service({ rules: [{ kind: 'timeout', probability: 1 }] });
    expect(faulty.serve(createOrder('a'), 0)).toEqual({ kind: 'hang' });
    expect(ordersOf(faulty, 'a')).toBe(0);
  });

  it.each([
    [503, { kind: 'response' }],
    ['reset', { kind: 'reset' }],
    ['timeout', { kind: 'hang' }],
  ] as const)(
    'an ambiguous commit then %s: the order is created, the client is told otherwise',
    (then, seen) => {
      const faulty = service({ rules: [{ kind: 'ambiguous', then, probability: 1 }] });
      const outcome = faulty.serve(createOrder('a'), 0);
      expect(outcome).toMatchObject(seen);
      if (outcome.kind === 'response') expect(outcome.response.status).toBe(503);
      expect(ordersOf(faulty, 'a')).toBe(1);
      expect(faulty.faultStats()).toMatchObject({ byKind: { ambiguous: 1 }, ambiguousCommitted: 1 });
    },
  );

  it('latency faults delay the model’s own answer', () => {
    const faulty = service({
      rules: [{ kind: 'latency', probability: 1, latency: { distribution: 'fixed', ms: 80 } }],
    });
    expect(faulty.serve(createOrder('a'), 0)).toMatchObject({
      kind: 'response',
      delayMs: 80,
      response: { status: 201 },
    });
  });

  it('a limits window lowers the shop’s limits on time and restores them after', () => {
    const faulty = service({
      rules: [
        { kind: 'limits', window: { fromSeconds: 10, toSeconds: 20 }, bucketSize: 5, leakPerSecond: 1 },
      ],
    });
    faulty.serve(createOrder('before'), 5_000);
    expect(faulty.model.limits).toEqual(standardAll);
    const during = Array.from({ length: 6 }, (_, i) =>
      responseOf(faulty.serve(createOrder(`d${i}`), 10_000)),
    );
    expect(during.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 429]);
    expect(during[5]?.headers['x-shopify-shop-api-call-limit']).toBe('5/5');
    expect(during[5]?.body).toContain('Exceeded 1 calls per second');
    faulty.serve(createOrder('after'), 20_000);
    expect(faulty.model.limits).toEqual(standardAll);
    expect(faulty.faultStats().byKind.limits).toBe(1);
  });

  it('reset() forgets the shop and zeroes the fault counts, keeping the plan', () => {
    const faulty = service({ rules: [{ kind: 'ambiguous', then: 502, probability: 1 }] });
    faulty.serve(createOrder('a'), 0);
    faulty.reset();
    expect(ordersOf(faulty, 'a')).toBe(0);
    expect(faulty.faultStats()).toMatchObject({
      requests: 0,
      byKind: { ambiguous: 0 },
      ambiguousCommitted: 0,
    });
    expect(faulty.faultPlan.rules).toHaveLength(1);
  });

  it('setFaultPlan refuses a bad plan naming the field, and keeps the one in force', () => {
    const faulty = service({ rules: [{ kind: 'reset', probability: 1 }] });
    let error: unknown;
    try {
      faulty.setFaultPlan({ rules: [{ kind: 'status', probability: 3 }] } as FaultPlanInput, 0);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FunnelstormError);
    expect((error as FunnelstormError).code).toBe('SCENARIO_INVALID');
    expect((error as Error).message).toMatch(/rules\[0\]\.probability must be ≤ 1 \(got 3\)/);
    expect(faulty.serve(createOrder('a'), 0)).toEqual({ kind: 'reset', delayMs: 0 });
  });

  it('setFaultPlan ends a limits window in force, and can count windows from the moment it is set', () => {
    const faulty = service({
      rules: [
        { kind: 'limits', window: { fromSeconds: 0, toSeconds: 100 }, bucketSize: 2, leakPerSecond: 1 },
      ],
    });
    faulty.serve(createOrder('a'), 1_000);
    expect(faulty.model.limits).toEqual({
      bucketSize: 2,
      leakPerSecond: 1,
      graphqlRestorePerSecond: 50,
      graphqlBucketSize: 1000,
    });
    faulty.setFaultPlan(
      { rules: [{ kind: 'status', status: 503, window: { fromSeconds: 0, toSeconds: 5 } }] },
      50_000,
      50_000,
    );
    expect(faulty.model.limits).toEqual(standardAll);
    expect(responseOf(faulty.serve(createOrder('b'), 54_999)).status).toBe(503);
    expect(responseOf(faulty.serve(createOrder('c'), 55_000)).status).toBe(201);
    faulty.setFaultPlan(undefined, 60_000);
    expect(faulty.faultPlan).toEqual({ rules: [] });
    expect(faulty.faultStats().requests).toBe(0);
  });
});
