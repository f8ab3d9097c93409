import { describe, expect, it } from 'vitest';
import { send, testOrder, testRequest } from './model-test-support.js';
import { allPlanNames, planNames, plans } from './plans.js';
import { createShopifyModel } from './shopify-model.js';

const createAt = (model: ReturnType<typeof createShopifyModel>, nowMs: number, id = `s${nowMs}`) =>
  send(model, testRequest('POST', 'orders.json', testOrder(id)), nowMs);

describe('the development plan', () => {
  it('has the REST bucket of basic, GraphQL 100/2000, and a cap of 5 order creates a minute', () => {
    expect(plans.development).toEqual({
      bucketSize: 40,
      leakPerSecond: 2,
      graphqlRestorePerSecond: 100,
      graphqlBucketSize: 2000,
      orderCreatesPerMinute: 5,
    });
    expect(allPlanNames).toContain('development');
    expect(planNames).not.toContain('development');
  });

  it('answers a development shop’s 6th order within a minute with 429, the documented body and no Retry-After', () => {
    const model = createShopifyModel({ limits: plans.development });
    for (let i = 0; i < 5; i++) expect(createAt(model, i * 1000).status).toBe(201);
    const refused = createAt(model, 10_000);
    expect(refused.status).toBe(429);
    expect(refused.body).toBe(
      '{"errors":"Exceeded order API rate limit, please try again in a minute. Upgrade to a paid account to remove this limit."}',
    );
    expect(refused.headers['retry-after']).toBeUndefined();
    // The bucket looks healthy: 6 calls, 5 s of leak.
    expect(refused.headers['x-shopify-shop-api-call-limit']).toBe('1/40');
    expect(model.shop('launch.myshopify.com').orders.count).toBe(5);
    expect(model.stats().throttled).toBe(1);
  });

  it('admits a create again once the oldest of the last five is a minute old, and reads stay open', () => {
    const model = createShopifyModel({ limits: plans.development });
    for (let i = 0; i < 5; i++) createAt(model, i * 1000);
    expect(send(model, testRequest('GET', 'orders.json'), 30_000).status).toBe(200);
    expect(createAt(model, 59_999).status).toBe(429);
    expect(createAt(model, 60_000).status).toBe(201);
    expect(createAt(model, 60_500).status).toBe(429);
    expect(createAt(model, 61_000).status).toBe(201);
  });

  it('counts only created orders, per shop', () => {
    const model = createShopifyModel({ limits: plans.development });
    for (let i = 0; i < 5; i++) send(model, testRequest('POST', 'orders.json', '{"order":{}}'), i);
    for (let i = 0; i < 5; i++) expect(createAt(model, 10 + i).status).toBe(201);
    const other = testRequest('POST', 'orders.json', testOrder('x'));
    other.url = other.url.replace('launch', 'other');
    expect(send(model, other, 20).status).toBe(201);
  });

  it('survives a rebuild from model.limits, as the service’s reset does', () => {
    const model = createShopifyModel({ limits: plans.development });
    const rebuilt = createShopifyModel({ limits: model.limits });
    for (let i = 0; i < 5; i++) createAt(rebuilt, i);
    expect(createAt(rebuilt, 10).status).toBe(429);
    expect(createShopifyModel({ limits: plans.plus }).limits).toEqual({
      bucketSize: 400,
      leakPerSecond: 20,
      graphqlRestorePerSecond: 1000,
      graphqlBucketSize: 20000,
    });
  });

  it('is a model option of its own, unset on paid plans', () => {
    expect(createShopifyModel({ limits: plans.plus }).settings.orderCreatesPerMinute).toBeUndefined();
    const capped = createShopifyModel({ limits: plans.plus, orderCreatesPerMinute: 1 });
    expect([createAt(capped, 0).status, createAt(capped, 1).status]).toEqual([201, 429]);
    expect(() => createShopifyModel({ limits: plans.plus, orderCreatesPerMinute: 0 })).toThrow(
      /orderCreatesPerMinute/,
    );
  });
});
