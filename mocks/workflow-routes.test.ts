import { describe, expect, it } from 'vitest';
import { send, testOrder, testRequest } from './model-test-support.js';
import { plans } from './plans.js';
import { createShopifyModel, type ShopifyModel } from './shopify-model.js';

// The routes a scenario's workflow can name (issue 17): order update, customer and order metafields
// (REST and GraphQL metafieldsSet), fulfillments — each with its REST bucket call or GraphQL cost.

const alice = 7_000_000_000_001;
const firstOrderId = 5_000_000_000_001;

function withOrder(): ShopifyModel {
  const model = createShopifyModel({ limits: { bucketSize: 10_000, leakPerSecond: 1000 } });
  expect(send(model, testRequest('POST', 'orders.json', testOrder('so-1', alice))).status).toBe(201);
  return model;
}

describe('PUT orders/{id}.json', () => {
  it('replaces the tags and sets the note, costs one REST call, and a tag lookup follows the new tags', () => {
    const model = createShopifyModel({ limits: plans.standard });
    send(model, testRequest('POST', 'orders.json', testOrder('so-1', alice)));
    const put = send(
      model,
      testRequest('PUT', `orders/${firstOrderId}.json`, { order: { tags: 'shipped, vip', note: 'gift' } }),
    );
    expect(put.status).toBe(200);
    expect(put.headers['x-shopify-shop-api-call-limit']).toBe('2/40');
    expect(put.json).toMatchObject({ order: { id: firstOrderId, tags: 'shipped, vip', note: 'gift' } });
    const byNew = send(model, testRequest('GET', 'orders.json?tag=vip&status=any&fields=id'));
    expect(byNew.json).toEqual({ orders: [{ id: firstOrderId }] });
    const byOld = send(model, testRequest('GET', 'orders.json?tag=fs-src-so-1&status=any&fields=id'));
    expect(byOld.json).toEqual({ orders: [] });
  });

  it('answers bad input with Shopify-shaped 400/404/422 and changes nothing', () => {
    const model = withOrder();
    const put = (id: number, body: unknown) => send(model, testRequest('PUT', `orders/${id}.json`, body));
    expect(put(firstOrderId + 1, { order: { note: 'x' } }).status).toBe(404);
    expect(put(firstOrderId, '{"order":').status).toBe(400);
    expect(put(firstOrderId, { note: 'x' }).json).toEqual({
      errors: { order: 'Required parameter missing or invalid' },
    });
    const bad = put(firstOrderId, { order: { tags: 7, note: ['x'] } });
    expect([bad.status, Object.keys((bad.json as { errors: object }).errors)]).toEqual([
      422,
      ['tags', 'note'],
    ]);
    const tooMany = put(firstOrderId, { order: { tags: Array.from({ length: 251 }, (_, i) => `t${i}`) } });
    expect(tooMany.status).toBe(422);
    expect(model.shop('launch.myshopify.com').orders.toJson(0)?.tags).toBe('funnelstorm, fs-src-so-1');
  });
});

describe('customer and order metafields (REST)', () => {
  const loyalty = { namespace: 'funnelstorm', key: 'loyalty', type: 'number_integer', value: '10' };

  it('creates, lists (filtered) and updates a customer metafield, one REST call each', () => {
    const model = createShopifyModel({ limits: plans.standard });
    const created = send(
      model,
      testRequest('POST', `customers/${alice}/metafields.json`, { metafield: loyalty }),
    );
    expect(created.status).toBe(201);
    expect(created.headers['x-shopify-shop-api-call-limit']).toBe('1/40');
    const { id } = (created.json as { metafield: { id: number } }).metafield;
    expect(created.json).toMatchObject({
      metafield: { ...loyalty, owner_id: alice, owner_resource: 'customer' },
    });
    const updated = send(
      model,
      testRequest('PUT', `customers/${alice}/metafields/${id}.json`, { metafield: { value: '25' } }),
    );
    expect(updated.json).toMatchObject({ metafield: { id, value: '25', type: 'number_integer' } });
    const listed = send(
      model,
      testRequest('GET', `customers/${alice}/metafields.json?namespace=funnelstorm`),
    );
    expect((listed.json as { metafields: { value: string }[] }).metafields.map((m) => m.value)).toEqual([
      '25',
    ]);
    const other = send(model, testRequest('GET', `customers/${alice}/metafields.json?namespace=nope`));
    expect(other.json).toEqual({ metafields: [] });
    expect(listed.headers['x-shopify-shop-api-call-limit']).toBe('3/40');
  });

  it('refuses a second create of one key with Shopify’s uniqueness 422, and a type change', () => {
    const model = withOrder();
    const post = (metafield: unknown) =>
      send(model, testRequest('POST', `orders/${firstOrderId}/metafields.json`, { metafield }));
    expect(post(loyalty).status).toBe(201);
    expect(post(loyalty).json).toEqual({
      errors: { key: ['must be unique within this namespace on this resource'] },
    });
    const id = model
      .shop('launch.myshopify.com')
      .metafields.find('Order', firstOrderId, 'funnelstorm', 'loyalty')?.id;
    const changed = send(
      model,
      testRequest('PUT', `orders/${firstOrderId}/metafields/${id}.json`, {
        metafield: { value: 'x', type: 'json' },
      }),
    );
    expect(changed.status).toBe(422);
  });

  it('answers bad fields with a 422 naming each, and unknown owners or metafields with 404', () => {
    const model = withOrder();
    const bad = send(
      model,
      testRequest('POST', `customers/${alice}/metafields.json`, {
        metafield: { namespace: 'x', key: 'k!', type: 'colour', value: 7 },
      }),
    );
    expect(bad.status).toBe(422);
    expect(Object.keys((bad.json as { errors: object }).errors).sort()).toEqual(['key', 'namespace', 'type']);
    const badValue = { ...loyalty, value: '1.5' };
    expect(
      send(model, testRequest('POST', `customers/${alice}/metafields.json`, { metafield: badValue })).json,
    ).toEqual({
      errors: { value: ['is invalid for type number_integer'] },
    });
    expect(send(model, testRequest('POST', `orders/1/metafields.json`, { metafield: loyalty })).status).toBe(
      404,
    );
    expect(send(model, testRequest('GET', `customers/1/metafields.json`)).status).toBe(404);
    expect(
      send(model, testRequest('PUT', `customers/${alice}/metafields/9.json`, { metafield: { value: '1' } }))
        .status,
    ).toBe(404);
    expect(send(model, testRequest('DELETE', `customers/${alice}/metafields.json`)).status).toBe(404);
    expect(model.shop('launch.myshopify.com').metafields.count).toBe(0);
  });

  it('limits a value to 64 KB, or 128 KB for json (Shopify’s metafield limits)', () => {
    const model = withOrder();
    const post = (key: string, type: string, value: string) =>
      send(
        model,
        testRequest('POST', `customers/${alice}/metafields.json`, {
          metafield: { namespace: 'funnelstorm', key, type, value },
        }),
      ).status;
    const json = (chars: number) => `"${'x'.repeat(chars - 2)}"`;
    expect([post('j1', 'json', json(131_072)), post('j2', 'json', json(131_073))]).toEqual([201, 422]);
    const text = (chars: number) => 'x'.repeat(chars);
    expect([
      post('t1', 'multi_line_text_field', text(65_536)),
      post('t2', 'multi_line_text_field', text(65_537)),
    ]).toEqual([201, 422]);
  });

  it('caps the metafields one resource may carry', () => {
    const model = withOrder();
    const post = (i: number) =>
      send(
        model,
        testRequest('POST', `customers/${alice}/metafields.json`, {
          metafield: { ...loyalty, key: `k${i}` },
        }),
      );
    for (let i = 0; i < 250; i++) expect(post(i).status).toBe(201);
    expect(post(250).status).toBe(422);
  });

  it('fences customer metafield writes like customer writes: a stale token gets 409, a fenced read raises it', () => {
    const model = createShopifyModel({ limits: { bucketSize: 10_000, leakPerSecond: 1000 }, fencing: true });
    const fence = (token: string) => ({ 'x-funnelstorm-fencing-token': token });
    const created = send(
      model,
      testRequest('POST', `customers/${alice}/metafields.json`, { metafield: loyalty }, fence('5')),
    );
    const { id } = (created.json as { metafield: { id: number } }).metafield;
    const put = (value: string, token: string) =>
      send(
        model,
        testRequest(
          'PUT',
          `customers/${alice}/metafields/${id}.json`,
          { metafield: { value } },
          fence(token),
        ),
      );
    expect(put('11', '4').status).toBe(409);
    expect(
      send(model, testRequest('GET', `customers/${alice}/metafields.json`, undefined, fence('7'))).status,
    ).toBe(200);
    expect(put('12', '6').status).toBe(409);
    expect(put('13', '7').status).toBe(200);
    const record = model.shop('launch.myshopify.com').customers.get(alice);
    expect([record?.updates, record?.highestFencingToken]).toEqual([2, 7]);
  });
});

describe('fulfillments', () => {
  it('creates one per request (no idempotency key), costs one REST call, and lists them for a lookup', () => {
    const model = createShopifyModel({ limits: plans.standard });
    send(model, testRequest('POST', 'orders.json', testOrder('so-1', alice)));
    const body = { fulfillment: { tracking_number: '1Z999', tracking_company: 'UPS' } };
    const first = send(model, testRequest('POST', `orders/${firstOrderId}/fulfillments.json`, body));
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({
      fulfillment: { order_id: firstOrderId, name: '#1001.1', tracking_number: '1Z999' },
    });
    expect(send(model, testRequest('POST', `orders/${firstOrderId}/fulfillments.json`, body)).status).toBe(
      201,
    );
    const listed = send(model, testRequest('GET', `orders/${firstOrderId}/fulfillments.json`));
    expect((listed.json as { fulfillments: { name: string }[] }).fulfillments.map((f) => f.name)).toEqual([
      '#1001.1',
      '#1001.2',
    ]);
    expect(listed.headers['x-shopify-shop-api-call-limit']).toBe('4/40');
  });

  it('answers bad input with 400/404/422 and keeps at most 100 per order', () => {
    const model = withOrder();
    const post = (id: number, body: unknown) =>
      send(model, testRequest('POST', `orders/${id}/fulfillments.json`, body));
    expect(post(firstOrderId + 1, { fulfillment: {} }).status).toBe(404);
    expect(post(firstOrderId, 'nope').status).toBe(400);
    expect(post(firstOrderId, {}).status).toBe(400);
    expect(post(firstOrderId, { fulfillment: { tracking_number: 7 } }).status).toBe(422);
    for (let i = 0; i < 100; i++) expect(post(firstOrderId, { fulfillment: {} }).status).toBe(201);
    expect(post(firstOrderId, { fulfillment: {} }).status).toBe(422);
    expect(model.shop('launch.myshopify.com').fulfillments.count).toBe(100);
  });
});

describe('metafieldsSet (GraphQL)', () => {
  const mutation = `mutation s($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) {
    metafields { key value type } userErrors { field message code } } }`;
  const post = (model: ShopifyModel, metafields: unknown[]) =>
    send(model, testRequest('POST', 'graphql.json', { query: mutation, variables: { m: metafields } }));

  it('sets customer and order metafields in one call at a mutation’s cost of 10, and overwrites on a repeat', () => {
    const model = withOrder();
    const inputs = [
      {
        ownerId: `gid://shopify/Customer/${alice}`,
        namespace: 'loyalty',
        key: 'points',
        type: 'number_integer',
        value: '5',
      },
      {
        ownerId: `gid://shopify/Order/${firstOrderId}`,
        namespace: 'ops',
        key: 'batch',
        type: 'single_line_text_field',
        value: 'b1',
      },
    ];
    const answer = post(model, inputs);
    expect(answer.json).toMatchObject({
      data: {
        metafieldsSet: {
          metafields: [
            { key: 'points', value: '5' },
            { key: 'batch', value: 'b1' },
          ],
          userErrors: [],
        },
      },
      extensions: { cost: { requestedQueryCost: 10 } },
    });
    post(model, [{ ...inputs[0], value: '6' }]);
    const shop = model.shop('launch.myshopify.com');
    expect(shop.metafields.find('Customer', alice, 'loyalty', 'points')?.value).toBe('6');
    expect(shop.metafields.count).toBe(2);
  });

  it('sets nothing when one input is bad, naming it by index, and caps a call at 25 inputs', () => {
    const model = withOrder();
    const good = {
      ownerId: `gid://shopify/Customer/${alice}`,
      namespace: 'loyalty',
      key: 'points',
      type: 'number_integer',
      value: '5',
    };
    const answer = post(model, [
      good,
      { ...good, key: 'other', value: 'five' },
      { ...good, ownerId: 'gid://shopify/Customer/1' },
    ]);
    expect(answer.json).toMatchObject({
      data: {
        metafieldsSet: {
          userErrors: [
            { field: ['metafields', '1', 'value'], code: 'INVALID_VALUE' },
            { field: ['metafields', '2', 'ownerId'], code: 'INVALID' },
          ],
        },
      },
    });
    expect(model.shop('launch.myshopify.com').metafields.count).toBe(0);
    const many = Array.from({ length: 26 }, (_, i) => ({ ...good, key: `k${i}` }));
    expect(JSON.stringify(post(model, many).json)).toContain('maximum metafields input limit of 25');
    expect(model.shop('launch.myshopify.com').metafields.count).toBe(0);
  });
});
