import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import type { HttpRequest } from '../runtime/transport.js';
import type { FaultPlanInput } from './faults/fault-plan-schema.js';
import { testRequest, testShop } from './model-test-support.js';
import { createShopifyModel } from './shopify-model.js';
import { createShopifyService } from './shopify-service.js';

/** A bucket of 2 calls leaking 2 per second: the third call at one instant is throttled. */
const tiny = { bucketSize: 2, leakPerSecond: 2 };

const get = (token: string): HttpRequest =>
  testRequest('GET', 'orders.json', undefined, { 'x-shopify-access-token': token });

const hintOf = (token: string) => `${token.slice(0, 6)}…${token.slice(-4)}`;

describe('clientPoliteness (acceptance 4, through the model)', () => {
  it('flags a retry 2 ms after Retry-After: 2.0 with its count and shortfall, not one 2 s after', () => {
    const model = createShopifyModel({ limits: tiny });
    const hasty = 'shpat_hasty_client';
    const patient = 'shpat_patient_client';
    for (const token of [hasty, patient]) {
      expect(model.handle(get(token), 0).status).toBe(200);
      expect(model.handle(get(token), 0).status).toBe(200);
      const throttled = model.handle(get(token), 0);
      expect(throttled.status).toBe(429);
      expect(throttled.headers['retry-after']).toBe('2.0');
    }
    model.handle(get(hasty), 2);
    model.handle(get(patient), 2000);

    const [first, second] = model.clientPoliteness(testShop.toUpperCase());
    expect(first).toMatchObject({
      client: hintOf(hasty),
      requests: 4,
      throttled: 2, // the first 429 and the hasty retry, which met a still-full bucket
      retryAfterViolations: 1,
      retryAfterShortfallMsTotal: 1998,
      retryAfterShortfallMsMax: 1998,
      callsAtFullBucket: 2,
    });
    expect(second).toMatchObject({
      client: hintOf(patient),
      requests: 4,
      throttled: 1,
      retryAfterViolations: 0,
      retryAfterShortfallMsTotal: 0,
      callsAtFullBucket: 1,
      idleBucketMs: 0,
    });
  });

  it('a later 429 extends the wait, and each early request counts with its own shortfall', () => {
    const model = createShopifyModel({ limits: { bucketSize: 1, leakPerSecond: 1 } });
    const token = 'shpat_hammering_client';
    model.handle(get(token), 0);
    model.handle(get(token), 0); // 429: wait until 2000
    model.handle(get(token), 500); // early by 1500, and throttled again: wait until 2500
    model.handle(get(token), 2400); // early by 100
    const [client] = model.clientPoliteness(testShop);
    expect(client).toMatchObject({
      retryAfterViolations: 2,
      retryAfterShortfallMsTotal: 1600,
      retryAfterShortfallMsMax: 1500,
    });
  });

  it('counts only retries of the refused request: other work in the wait is not a violation', () => {
    const model = createShopifyModel({ limits: tiny });
    const token = 'shpat_busy_client';
    const order = (id: number): HttpRequest =>
      testRequest('GET', `orders/${id}.json`, undefined, { 'x-shopify-access-token': token });
    model.handle(order(1), 0);
    model.handle(order(2), 0);
    expect(model.handle(order(3), 0).status).toBe(429); // Retry-After: 2.0 for order 3's read
    model.handle(order(4), 600); // another order's read: not a retry (the bucket had room again)
    model.handle(order(3), 700); // order 3 again, 1,300 ms early: a violation, throttled again (wait to 2,700)
    model.handle(order(3), 2800); // past the extended wait: polite
    expect(model.clientPoliteness(testShop)[0]).toMatchObject({
      requests: 6,
      retryAfterViolations: 1,
      retryAfterShortfallMsTotal: 1300,
    });
  });

  it('counts the time the bucket sat empty while throttled work waited, as idle capacity', () => {
    const model = createShopifyModel({ limits: tiny });
    const token = 'shpat_sleepy_client';
    model.handle(get(token), 0);
    model.handle(get(token), 0);
    expect(model.handle(get(token), 0).status).toBe(429); // the bucket (2 calls) is empty at 1000 ms
    model.handle(get(token), 5000);
    const [client] = model.clientPoliteness(testShop);
    // Empty from 1000 ms, but waiting until Retry-After ran out (2000 ms) is what the shop asked for.
    expect(client?.idleBucketMs).toBe(3000);
    expect(client?.idleCapacityCalls).toBe(6);
    // Calls without a refusal before them are not waiting work: a pause between them is not idle capacity.
    model.handle(get(token), 60_000);
    expect(model.clientPoliteness(testShop)[0]?.idleBucketMs).toBe(3000);
  });

  it('counts GraphQL requests over the available cost', () => {
    const model = createShopifyModel({
      limits: { ...tiny, graphqlRestorePerSecond: 1, graphqlBucketSize: 10 },
    });
    const request = testRequest('POST', 'graphql.json', {
      query: '{ orders(first: 50) { edges { node { id } } } }',
    });
    const answer = model.handle(request, 0);
    expect(answer.body).toContain('THROTTLED');
    expect(model.clientPoliteness(testShop)[0]).toMatchObject({
      requests: 1,
      graphqlOverAvailableCost: 1,
      throttled: 0,
    });
  });

  it('keeps at most maxApps clients and counts no state for refused ones', () => {
    const model = createShopifyModel({ limits: tiny, maxApps: 2 });
    for (const token of ['shpat_one_client', 'shpat_two_client', 'shpat_three_client'])
      model.handle(get(token), 0);
    expect(model.clientPoliteness(testShop).map((c) => c.client)).toEqual([
      hintOf('shpat_one_client'),
      hintOf('shpat_two_client'),
    ]);
  });
});

describe('clientPoliteness with a fault plan', () => {
  const service = (faults: FaultPlanInput) =>
    createShopifyService({ model: { limits: tiny }, random: createRandom(3).fork('faults'), faults });

  it('counts injected 429s apart from the shop’s own, and their Retry-After binds the client too', () => {
    const faulty = service({ rules: [{ kind: 'throttle', window: { fromSeconds: 0, toSeconds: 1 } }] });
    const token = 'shpat_storm_client';
    expect(faulty.serve(get(token), 0)).toMatchObject({ response: { status: 429 } });
    faulty.serve(get(token), 1500); // past the window: answered by the shop, 500 ms early
    const [client] = faulty.model.clientPoliteness(testShop);
    expect(client).toMatchObject({
      requests: 2,
      throttled: 0,
      injectedThrottled: 1,
      retryAfterViolations: 1,
      retryAfterShortfallMsTotal: 500,
    });
  });

  it('starts the Retry-After wait when a delayed 429 went out, not when the request arrived', () => {
    const faulty = service({
      rules: [{ kind: 'latency', probability: 1, latency: { distribution: 'fixed', ms: 300 } }],
    });
    const token = 'shpat_delayed_client';
    faulty.serve(get(token), 0);
    faulty.serve(get(token), 0);
    expect(faulty.serve(get(token), 0)).toMatchObject({ delayMs: 300, response: { status: 429 } });
    faulty.serve(get(token), 2300); // exactly Retry-After after the answer left: polite
    expect(faulty.model.clientPoliteness(testShop)[0]?.retryAfterViolations).toBe(0);
  });
});
