import { describe, expect, it } from 'vitest';
import { auditCustomers } from './customer-audit.js';
import { send, testOrder, testRequest } from './model-test-support.js';
import { createShopifyModel, type ShopifyModel } from './shopify-model.js';

const roomy = { bucketSize: 10_000, leakPerSecond: 1000 };
const alice = 7_000_000_000_001;
const bob = 7_000_000_000_002;

interface Loyalty {
  id: number | undefined;
  points: number;
  orders: number;
}

/** One worker's read of a customer's `funnelstorm.loyalty` metafield (REST). */
function readLoyalty(model: ShopifyModel, id: number): Loyalty {
  const answer = send(
    model,
    testRequest('GET', `customers/${id}/metafields.json?namespace=funnelstorm&key=loyalty`),
  );
  const found = (answer.json as { metafields: { id: number; value: string }[] }).metafields[0];
  if (found === undefined) return { id: undefined, points: 0, orders: 0 };
  return { id: found.id, ...(JSON.parse(found.value) as { points: number; orders: number }) };
}

/** The write of that read-modify-write for an order of `cents`: a create, or an update of the read metafield. */
function writeLoyalty(model: ShopifyModel, id: number, read: Loyalty, cents: number): void {
  const value = JSON.stringify({ points: read.points + cents, orders: read.orders + 1 });
  const metafield = { namespace: 'funnelstorm', key: 'loyalty', type: 'json', value };
  const request =
    read.id === undefined
      ? testRequest('POST', `customers/${id}/metafields.json`, { metafield })
      : testRequest('PUT', `customers/${id}/metafields/${read.id}.json`, { metafield: { value } });
  expect(send(model, request).status).toBeLessThan(300);
}

describe('auditCustomers', () => {
  it('reports one lost update when two read-modify-writes interleave', () => {
    const model = createShopifyModel({ limits: roomy });
    send(model, testRequest('POST', 'orders.json', testOrder('a', alice, '10.00')));
    send(model, testRequest('POST', 'orders.json', testOrder('b', alice, '2.50')));
    writeLoyalty(model, alice, readLoyalty(model, alice), 0); // a first write makes the metafield
    const zero = { ...readLoyalty(model, alice), points: 0, orders: 0 };
    writeLoyalty(model, alice, zero, 1000);
    writeLoyalty(model, alice, zero, 250);
    expect(auditCustomers(model)).toEqual({
      audited: true,
      customersChecked: 1,
      lostUpdates: 1,
      mismatches: [
        {
          shop: 'launch.myshopify.com',
          customerId: alice,
          expectedCents: 1250,
          actualCents: 250,
          expectedCount: 2,
          actualCount: 1,
        },
      ],
    });
  });

  it('reports nothing when the read-modify-writes run one after the other', () => {
    const model = createShopifyModel({ limits: roomy });
    send(model, testRequest('POST', 'orders.json', testOrder('a', alice, '10.00')));
    send(model, testRequest('POST', 'orders.json', testOrder('b', String(alice), '2.50')));
    writeLoyalty(model, alice, readLoyalty(model, alice), 1000);
    writeLoyalty(model, alice, readLoyalty(model, alice), 250);
    expect(auditCustomers(model.shop('launch.myshopify.com'))).toEqual({
      audited: true,
      customersChecked: 1,
      lostUpdates: 0,
      mismatches: [],
    });
  });

  it('checks a customer with orders but no metafield, and one with a metafield but no orders', () => {
    const model = createShopifyModel({ limits: roomy });
    send(model, testRequest('POST', 'orders.json', testOrder('a', alice, '1.00')));
    writeLoyalty(model, bob, readLoyalty(model, bob), 300);
    const audit = auditCustomers(model);
    expect(audit.lostUpdates).toBe(2);
    expect(audit.mismatches.map((m) => [m.customerId, m.expectedCents, m.actualCents])).toEqual([
      [alice, 100, 0],
      [bob, 0, 300],
    ]);
  });

  it('does not audit a shop where no customer carries the metafield (the integration never wrote it)', () => {
    const model = createShopifyModel({ limits: roomy });
    for (let i = 0; i < 50; i++)
      send(model, testRequest('POST', 'orders.json', testOrder(`o${i}`, alice + i)));
    // Another metafield, and the customers' own fields, are not the target.
    const other = {
      metafield: { namespace: 'other', key: 'loyalty', type: 'json', value: '{"points":1,"orders":1}' },
    };
    send(model, testRequest('POST', `customers/${alice}/metafields.json`, other));
    send(model, testRequest('PUT', `customers/${alice}.json`, { customer: { note: 'x' } }));
    expect(auditCustomers(model)).toEqual({
      audited: false,
      customersChecked: 0,
      lostUpdates: 0,
      mismatches: [],
    });
    expect(auditCustomers(model, { target: { namespace: 'other', key: 'loyalty' } })).toMatchObject({
      audited: true,
      customersChecked: 50,
      lostUpdates: 50,
    });
  });

  it('ignores orders whose customer is not one of the shop’s (guests, made-up ids)', () => {
    const model = createShopifyModel({ limits: roomy, customersPerShop: 5 });
    for (const customer of ['cust-0001', 42, alice + 5, undefined]) {
      send(model, testRequest('POST', 'orders.json', testOrder(String(customer), customer)));
    }
    writeLoyalty(model, alice, readLoyalty(model, alice), 0);
    expect(auditCustomers(model)).toEqual({
      audited: true,
      customersChecked: 1,
      lostUpdates: 1,
      mismatches: [
        {
          shop: 'launch.myshopify.com',
          customerId: alice,
          expectedCents: 0,
          actualCents: 0,
          expectedCount: 0,
          actualCount: 1,
        },
      ],
    });
  });

  it('audits shops apart and lists at most listLimit mismatches while counting them all', () => {
    const model = createShopifyModel({ limits: roomy });
    for (const shop of ['one', 'two']) {
      for (let i = 0; i < 3; i++) {
        const request = testRequest('POST', 'orders.json', testOrder(`${shop}${i}`, alice + i));
        request.url = request.url.replace('launch', shop);
        send(model, request);
      }
      const write = testRequest('POST', `customers/${bob + 5}/metafields.json`, {
        metafield: {
          namespace: 'funnelstorm',
          key: 'loyalty',
          type: 'json',
          value: '{"points":0,"orders":0}',
        },
      });
      write.url = write.url.replace('launch', shop);
      expect(send(model, write).status).toBe(201);
    }
    const audit = auditCustomers(model, { listLimit: 4 });
    expect([audit.customersChecked, audit.lostUpdates, audit.mismatches.length]).toEqual([8, 6, 4]);
    expect(audit.mismatches.map((m) => m.shop)).toEqual([
      'one.myshopify.com',
      'one.myshopify.com',
      'one.myshopify.com',
      'two.myshopify.com',
    ]);
  });
});
