import { describe, expect, it } from 'vitest';
import { send, testRequest } from './model-test-support.js';
import { plans } from './plans.js';
import { createShopifyModel } from './shopify-model.js';

const roomy = { bucketSize: 10_000, leakPerSecond: 1000 };
const firstCustomer = 7_000_000_000_001;

describe('GET customers/{id}.json', () => {
  it('answers a never-written customer with 200 and Shopify’s REST customer shape', () => {
    const model = createShopifyModel({ limits: plans.standard });
    const response = send(model, testRequest('GET', `customers/${firstCustomer}.json`));
    expect(response.status).toBe(200);
    expect(response.headers['x-shopify-shop-api-call-limit']).toBe('1/40');
    expect(response.json).toEqual({
      customer: {
        id: firstCustomer,
        admin_graphql_api_id: `gid://shopify/Customer/${firstCustomer}`,
        email: `customer-${firstCustomer}@example.com`,
        first_name: 'Customer',
        last_name: String(firstCustomer),
        orders_count: 0,
        total_spent: '0.00',
        tags: '',
        note: null,
        currency: 'USD',
        created_at: '1970-01-01T00:00:00.000Z',
        updated_at: '1970-01-01T00:00:00.000Z',
        state: 'disabled',
        verified_email: true,
      },
    });
  });

  it('answers an id outside the shop’s customers with 404 Not Found', () => {
    const model = createShopifyModel({ limits: plans.standard, customersPerShop: 3 });
    expect(send(model, testRequest('GET', `customers/${firstCustomer + 2}.json`)).status).toBe(200);
    const missing = send(model, testRequest('GET', `customers/${firstCustomer + 3}.json`));
    expect([missing.status, missing.body]).toEqual([404, '{"errors":"Not Found"}']);
  });
});

describe('PUT customers/{id}.json', () => {
  it('updates tags and note, answers 200 with the record, and a later GET shows it', () => {
    const model = createShopifyModel({ limits: roomy, currency: 'EUR' });
    const patch = { customer: { tags: ['vip', 'launch'], note: 'hi' } };
    const put = send(model, testRequest('PUT', `customers/${firstCustomer}.json`, patch), 2500);
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({
      customer: { tags: 'vip, launch', note: 'hi', currency: 'EUR', updated_at: '1970-01-01T00:00:02.500Z' },
    });
    const got = send(model, testRequest('GET', `customers/${firstCustomer}.json`), 3000);
    expect(got.json).toEqual(put.json);
  });

  // Acceptance 4 of issue 17. `total_spent` and `orders_count` are read-only on Shopify's REST Customer
  // resource (help.shopify.com/en/partners/building-stores-for-merchants/data-dictionary), and an update
  // carrying them is not refused: Shopify's REST clients sent them on every save for years
  // (Shopify/shopify-api-ruby issues 889 and 1164). So the write is ignored, and the values stay what
  // Shopify computes from the customer's orders (customer-input.ts has the sources).
  it('ignores writes of the totals Shopify computes, which follow the customer’s orders instead', () => {
    const model = createShopifyModel({ limits: roomy });
    const patch = { customer: { total_spent: '999.00', orders_count: 42, last_order_id: 1, note: 'kept' } };
    const put = send(model, testRequest('PUT', `customers/${firstCustomer}.json`, patch));
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ customer: { total_spent: '0.00', orders_count: 0, note: 'kept' } });
    const order = {
      order: { line_items: [{ title: 'x', price: '19.99', quantity: 2 }], customer: { id: firstCustomer } },
    };
    expect(send(model, testRequest('POST', 'orders.json', order)).status).toBe(201);
    const got = send(model, testRequest('GET', `customers/${firstCustomer}.json`));
    expect(got.json).toMatchObject({ customer: { total_spent: '39.98', orders_count: 1, note: 'kept' } });
  });

  it('leaves fields that the payload omits unchanged', () => {
    const model = createShopifyModel({ limits: roomy });
    send(
      model,
      testRequest('PUT', `customers/${firstCustomer}.json`, { customer: { tags: 'a', note: 'n' } }),
    );
    const second = send(
      model,
      testRequest('PUT', `customers/${firstCustomer}.json`, { customer: { tags: 'b' } }),
    );
    expect(second.json).toMatchObject({ customer: { tags: 'b', note: 'n' } });
  });

  it('answers malformed JSON and a missing customer root with 400', () => {
    const model = createShopifyModel({ limits: roomy });
    const malformed = send(model, testRequest('PUT', `customers/${firstCustomer}.json`, '{"customer": {'));
    expect(malformed.status).toBe(400);
    expect(malformed.json).toEqual({ errors: expect.stringMatching(/not valid JSON/) });
    const rootless = send(
      model,
      testRequest('PUT', `customers/${firstCustomer}.json`, { total_spent: '1.00' }),
    );
    expect(rootless.json).toEqual({ errors: { customer: 'Required parameter missing or invalid' } });
  });

  it('answers a body sent as text/plain with 400 and changes nothing', () => {
    const model = createShopifyModel({ limits: roomy });
    const body = { customer: { total_spent: '1.00' } };
    const response = send(
      model,
      testRequest('PUT', `customers/${firstCustomer}.json`, body, { 'content-type': 'text/plain' }),
    );
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ errors: 'Content-Type must be application/json, got text/plain' });
    expect(model.shop('launch.myshopify.com').customers.get(firstCustomer)?.updates).toBe(0);
  });

  it('answers invalid values with a Shopify-shaped 422 naming each field, and changes nothing', () => {
    const model = createShopifyModel({ limits: roomy });
    const body = { customer: { total_spent: '-1.00', orders_count: 1.5, tags: 7, note: ['x'] } };
    const response = send(model, testRequest('PUT', `customers/${firstCustomer}.json`, body));
    expect(response.status).toBe(422);
    expect(response.json).toEqual({
      errors: {
        tags: ['must be a comma-separated string or a list of strings'],
        note: ['must be a string or null'],
      },
    });
    expect(model.shop('launch.myshopify.com').customers.get(firstCustomer)?.updates).toBe(0);
  });

  it('answers an unknown customer with 404 and another method with 404', () => {
    const model = createShopifyModel({ limits: roomy, customersPerShop: 1 });
    const body = { customer: { note: 'x' } };
    expect(send(model, testRequest('PUT', `customers/${firstCustomer + 1}.json`, body)).status).toBe(404);
    expect(send(model, testRequest('DELETE', `customers/${firstCustomer}.json`)).status).toBe(404);
  });
});

describe('fencing tokens on PUT customers/{id}.json (fencing: true)', () => {
  const put = (token: string | undefined, note: string) =>
    testRequest(
      'PUT',
      `customers/${firstCustomer}.json`,
      { customer: { note } },
      token === undefined ? {} : { 'x-funnelstorm-fencing-token': token },
    );

  it('refuses a write with a stale fencing token with 409 and leaves the customer unchanged', () => {
    const model = createShopifyModel({ limits: roomy, fencing: true });
    expect(send(model, put('5', '10.00')).status).toBe(200);
    const stale = send(model, put('4', '99.00'));
    expect(stale.status).toBe(409);
    expect(stale.json).toEqual({ errors: expect.stringMatching(/^stale fencing token 4: .*token 5/) });
    const record = model.shop('launch.myshopify.com').customers.get(firstCustomer);
    expect([record?.note, record?.updates, record?.highestFencingToken]).toEqual(['10.00', 1, 5]);
  });

  it('accepts the same token again, a newer one, and a write without the header', () => {
    const model = createShopifyModel({ limits: roomy, fencing: true });
    expect(
      [put('5', '1.00'), put('5', '2.00'), put('6', '3.00'), put(undefined, '4.00')].map(
        (r) => send(model, r).status,
      ),
    ).toEqual([200, 200, 200, 200]);
    expect(model.shop('launch.myshopify.com').customers.get(firstCustomer)?.note).toBe('4.00');
  });

  it('lets a fenced read shut out older holders: after a read with token 6, a held write with token 5 gets 409', () => {
    const model = createShopifyModel({ limits: roomy, fencing: true });
    expect(send(model, put('5', '1.00')).status).toBe(200);
    const get = (token: string) =>
      testRequest('GET', `customers/${firstCustomer}.json`, undefined, {
        'x-funnelstorm-fencing-token': token,
      });
    // The new holder reads first; the old holder's write, held on the network, lands after that read.
    expect(send(model, get('6')).status).toBe(200);
    expect(send(model, put('5', '2.00')).status).toBe(409);
    // A stale read is answered, never refused (its writer finds out at its write), and lowers nothing.
    expect(send(model, get('3')).status).toBe(200);
    const record = model.shop('launch.myshopify.com').customers.get(firstCustomer);
    expect([record?.note, record?.updates, record?.highestFencingToken]).toEqual(['1.00', 1, 6]);
    expect(send(model, get('soon')).status).toBe(400);
  });

  it('answers a token that is not a whole number with 400', () => {
    const model = createShopifyModel({ limits: roomy, fencing: true });
    expect(send(model, put('soon', '1.00')).status).toBe(400);
    expect(send(model, put('-1', '1.00')).status).toBe(400);
  });

  it('ignores the header entirely when fencing is off (the default)', () => {
    const model = createShopifyModel({ limits: roomy });
    send(model, put('9', '1.00'));
    expect(send(model, put('1', '2.00')).status).toBe(200);
    expect(send(model, put('soon', '3.00')).status).toBe(200);
  });
});
