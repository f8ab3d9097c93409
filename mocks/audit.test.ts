import { describe, expect, it } from 'vitest';
import { auditOrders } from './audit.js';
import { plans } from './plans.js';
import { createShopifyModel, type ShopifyModel } from './shopify-model.js';

function createOrder(model: ShopifyModel, sourceId: string | undefined, shop = 'launch.myshopify.com'): void {
  const note_attributes = sourceId === undefined ? [] : [{ name: 'source_order_id', value: sourceId }];
  const body = JSON.stringify({ order: { line_items: [{ title: 'T', price: '1.00' }], note_attributes } });
  const url = `https://${shop}/admin/api/2026-01/orders.json`;
  const response = model.handle({ method: 'POST', url, headers: { 'x-shopify-access-token': 'a' }, body }, 0);
  expect(response.status).toBe(201);
}

const roomy = { bucketSize: 10_000, leakPerSecond: 100 };

describe('auditOrders', () => {
  it('counts two creates carrying the same source id as one duplicate', () => {
    const model = createShopifyModel({ limits: plans.standard });
    for (const id of ['a', 'b', 'b', 'c']) createOrder(model, id);
    const audit = auditOrders(model.shop('launch.myshopify.com'), ['a', 'b', 'c'], []);
    expect(audit).toEqual({
      created: 3,
      duplicates: 1,
      missing: 0,
      unexpected: 0,
      unattributed: 0,
      duplicateSourceIds: ['b'],
      missingSourceIds: [],
    });
  });

  it('counts an expected id as missing only when it is neither in the shop nor dead-lettered', () => {
    const model = createShopifyModel({ limits: plans.standard });
    createOrder(model, 'a');
    createOrder(model, undefined);
    createOrder(model, 'stray');
    const audit = auditOrders(model.shop('LAUNCH.myshopify.com'), ['a', 'b', 'c', 'd', 'd'], ['c']);
    expect(audit).toMatchObject({ created: 2, missing: 2, missingSourceIds: ['b', 'd'], unexpected: 1 });
    expect(audit.unattributed).toBe(1);
  });

  it('keeps at most 100 sorted ids per list while counting them all', () => {
    const model = createShopifyModel({ limits: roomy });
    for (let i = 0; i < 150; i++) createOrder(model, `dup-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < 150; i++) createOrder(model, `dup-${String(i).padStart(3, '0')}`);
    const expected = Array.from({ length: 300 }, (_, i) => `dup-${String(i).padStart(3, '0')}`).reverse();
    const audit = auditOrders(model.shop('launch.myshopify.com'), expected, []);
    expect(audit.duplicates).toBe(150);
    expect(audit.missing).toBe(150);
    expect(audit.duplicateSourceIds).toHaveLength(100);
    expect(audit.duplicateSourceIds[0]).toBe('dup-000');
    expect(audit.missingSourceIds.slice(0, 2)).toEqual(['dup-150', 'dup-151']);
  });

  it('audits every shop of a model together, so one source order in two shops is a duplicate', () => {
    const model = createShopifyModel({ limits: plans.standard });
    createOrder(model, 'a', 'one.myshopify.com');
    createOrder(model, 'a', 'two.myshopify.com');
    createOrder(model, 'b', 'two.myshopify.com');
    expect(auditOrders(model, ['a', 'b'], [])).toMatchObject({ created: 2, duplicates: 1, missing: 0 });
  });

  it('finds everything missing in a shop that never received an order', () => {
    const model = createShopifyModel({ limits: plans.standard });
    expect(auditOrders(model.shop('empty.myshopify.com'), ['a'], [])).toMatchObject({
      created: 0,
      missing: 1,
    });
  });
});
