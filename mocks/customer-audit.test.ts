import { describe, expect, it } from 'vitest';
import { auditCustomers } from './customer-audit.js';
import { send, testOrder, testRequest } from './model-test-support.js';
import { createShopifyModel, type ShopifyModel } from './shopify-model.js';

const roomy = { bucketSize: 10_000, leakPerSecond: 1000 };
const alice = 7_000_000_000_001;
const bob = 7_000_000_000_002;

interface CustomerJson {
  customer: { total_spent: string; orders_count: number };
}

/** One worker's read-modify-write of a customer's totals for an order of `price`. */
function readCustomer(model: ShopifyModel, id: number): CustomerJson['customer'] {
  return (send(model, testRequest('GET', `customers/${id}.json`)).json as CustomerJson).customer;
}
function writeCustomer(model: ShopifyModel, id: number, read: CustomerJson['customer'], price: string): void {
  const total = (Number(read.total_spent) + Number(price)).toFixed(2);
  const body = { customer: { total_spent: total, orders_count: read.orders_count + 1 } };
  expect(send(model, testRequest('PUT', `customers/${id}.json`, body)).status).toBe(200);
}

describe('auditCustomers', () => {
  it('reports one lost update when two read-modify-writes interleave', () => {
    const model = createShopifyModel({ limits: roomy });
    send(model, testRequest('POST', 'orders.json', testOrder('a', alice, '10.00')));
    send(model, testRequest('POST', 'orders.json', testOrder('b', alice, '2.50')));
    const first = readCustomer(model, alice);
    const second = readCustomer(model, alice);
    writeCustomer(model, alice, first, '10.00');
    writeCustomer(model, alice, second, '2.50');
    expect(auditCustomers(model)).toEqual({
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
    writeCustomer(model, alice, readCustomer(model, alice), '10.00');
    writeCustomer(model, alice, readCustomer(model, alice), '2.50');
    expect(auditCustomers(model.shop('launch.myshopify.com'))).toEqual({
      customersChecked: 1,
      lostUpdates: 0,
      mismatches: [],
    });
  });

  it('checks a customer with orders but never written, and one written without orders', () => {
    const model = createShopifyModel({ limits: roomy });
    send(model, testRequest('POST', 'orders.json', testOrder('a', alice, '1.00')));
    writeCustomer(model, bob, readCustomer(model, bob), '3.00');
    const audit = auditCustomers(model);
    expect(audit.lostUpdates).toBe(2);
    expect(audit.mismatches.map((m) => [m.customerId, m.expectedCents, m.actualCents])).toEqual([
      [alice, 100, 0],
      [bob, 0, 300],
    ]);
  });

  it('ignores orders whose customer is not one of the shop’s (guests, made-up ids)', () => {
    const model = createShopifyModel({ limits: roomy, customersPerShop: 5 });
    for (const customer of ['cust-0001', 42, alice + 5, undefined]) {
      send(model, testRequest('POST', 'orders.json', testOrder(String(customer), customer)));
    }
    expect(auditCustomers(model)).toEqual({ customersChecked: 0, lostUpdates: 0, mismatches: [] });
  });

  it('audits shops apart and lists at most listLimit mismatches while counting them all', () => {
    const model = createShopifyModel({ limits: roomy });
    for (const shop of ['one', 'two']) {
      for (let i = 0; i < 3; i++) {
        const request = testRequest('POST', 'orders.json', testOrder(`${shop}${i}`, alice + i));
        request.url = request.url.replace('launch', shop);
        send(model, request);
      }
    }
    const audit = auditCustomers(model, { listLimit: 4 });
    expect([audit.customersChecked, audit.lostUpdates, audit.mismatches.length]).toEqual([6, 6, 4]);
    expect(audit.mismatches.map((m) => m.shop)).toEqual([
      'one.myshopify.com',
      'one.myshopify.com',
      'one.myshopify.com',
      'two.myshopify.com',
    ]);
  });
});
