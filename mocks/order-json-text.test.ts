import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NewOrder } from './order-input.js';
import { orderJsonText } from './order-json-text.js';
import { OrderStore } from './order-store.js';
import { plans } from './plans.js';
import { createShopifyModel } from './shopify-model.js';
import { shopifyOrderJson, type OrderFields } from './shopify-order-json.js';

// Strings that JSON escapes (quotes, backslashes, control characters, lone surrogates), non-ASCII text,
// and plain ids: the serializer must escape exactly as JSON.stringify does.
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', '"', '\\', '\n', '\u0000', '\u2028', '\ud800', 'Launch tee — black, M', '007', '42'),
);
const cents = fc.oneof(fc.nat({ max: 99_999_999_999 }), fc.integer({ min: -500, max: 500 }));
// Virtual ms: anywhere a Date can show, fractions and the edges included, and often within a few seconds
// of 0, so that consecutive orders share a second (the serializer remembers the last one).
const timeMs = fc.oneof(
  fc.integer({ min: -8.64e15, max: 8.64e15 }),
  fc.integer({ min: -3000, max: 3000 }),
  fc.double({ min: -3000, max: 3000, noNaN: true }),
  fc.constantFrom(0, -0, 1250, 1250.5, -0.5, 8.64e15, -8.64e15),
);
const id = fc.oneof(fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(5_000_000_000_001, 0));

const fields: fc.Arbitrary<OrderFields> = fc.record({
  id,
  orderNumber: fc.nat({ max: 1e12 }),
  createdAtMs: timeMs,
  totalCents: cents,
  customerId: fc.option(fc.oneof(text, fc.nat().map(String)), { nil: undefined }),
  tags: text,
  lineItems: fc.array(
    fc.record({ id, title: text, priceCents: cents, quantity: fc.integer({ min: 1, max: 1_000_000 }) }),
    { maxLength: 3 },
  ),
  noteAttributes: fc.array(fc.record({ name: text, value: text }), { maxLength: 3 }),
});

const newOrder: fc.Arbitrary<NewOrder> = fc.record({
  lineItems: fc.array(
    fc.record({ title: text, priceCents: cents, quantity: fc.integer({ min: 1, max: 1_000_000 }) }),
    { minLength: 1, maxLength: 3 },
  ),
  noteAttributes: fc.array(fc.record({ name: fc.oneof(text, fc.constant('source_order_id')), value: text }), {
    maxLength: 3,
  }),
  tags: text,
  customerId: fc.option(
    fc.oneof(text, fc.nat({ max: Number.MAX_SAFE_INTEGER }).map(String), fc.constantFrom('0', '007')),
    { nil: undefined },
  ),
});

describe('orderJsonText', () => {
  it('writes the same bytes as JSON.stringify of the order object, for any order', () => {
    fc.assert(
      fc.property(fields, (order) => {
        expect(orderJsonText(order)).toBe(JSON.stringify(shopifyOrderJson(order)));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes orders created in the same millisecond with the same timestamp, and the next one anew', () => {
    const order = (createdAtMs: number): OrderFields => ({
      id: 1,
      orderNumber: 1001,
      createdAtMs,
      totalCents: 2500,
      customerId: undefined,
      tags: '',
      lineItems: [],
      noteAttributes: [],
    });
    for (const ms of [5, 5, 6, 999, 1000, 5, -0, 0, -1, -1000, -1001, -0.5, 0.5, 8.64e15, -8.64e15]) {
      expect(orderJsonText(order(ms))).toBe(JSON.stringify(shopifyOrderJson(order(ms))));
    }
    for (const ms of [Number.NaN, 8.64e15 + 1, -8.64e15 - 1, Infinity]) {
      expect(() => orderJsonText(order(ms))).toThrow(RangeError);
    }
  });
});

describe('OrderStore.toJsonText', () => {
  it('writes each stored order as JSON.stringify of its toJson, for any orders', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(newOrder, timeMs), { minLength: 1, maxLength: 6 }), (orders) => {
        const store = new OrderStore();
        for (const [order, createdAtMs] of orders) store.add(order, createdAtMs);
        for (let i = 0; i < orders.length; i++) {
          expect(store.toJsonText(i)).toBe(JSON.stringify(store.toJson(i)));
        }
        expect([store.toJsonText(-1), store.toJsonText(orders.length)]).toEqual([undefined, undefined]);
      }),
      { numRuns: 1000 },
    );
  });

  it('indexes the tags of any tag string as splitting on ", " does', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', '', ' ', ',', ', '), { maxLength: 8 }), (pieces) => {
        const tags = pieces.join('');
        const store = new OrderStore();
        store.add({ lineItems: [], noteAttributes: [], tags, customerId: undefined }, 0);
        const expected = tags === '' ? [] : tags.split(', ');
        // A lookup trims its tag, so only tags without outer spaces can be asked for as they are.
        for (const tag of ['a', 'b', '', ',', 'a,', ',b', 'a b']) {
          expect(store.indexesByTag(tag)).toEqual(expected.filter((t) => t === tag).map(() => 0));
        }
      }),
    );
  });
});

describe('POST orders.json answer', () => {
  it('sends the created order as JSON.stringify({ order: toJson }) would, byte for byte', () => {
    const model = createShopifyModel({ limits: plans.plus });
    const url = 'https://launch.myshopify.com/admin/api/2026-01/orders.json';
    const headers = { 'x-shopify-access-token': 'shpat_app', 'content-type': 'application/json' };
    const body = JSON.stringify({
      order: {
        line_items: [{ title: 'Launch tee — black, M "quoted"', price: '25.00' }],
        customer: { id: 7_000_000_000_001 },
        note_attributes: [{ name: 'source_order_id', value: 'src-\u2028' }],
        tags: 'funnelstorm, fs-src-1',
      },
    });
    const response = model.handle({ method: 'POST', url, headers, body }, 1250);
    const orders = model.shop('launch.myshopify.com').orders;
    expect(response.status).toBe(201);
    expect(response.body).toBe(JSON.stringify({ order: orders.toJson(0) }));
    const read = model.handle(
      { method: 'GET', url: url.replace('orders', 'orders/5000000000001'), headers },
      1300,
    );
    expect(read.body).toBe(response.body);
  });
});
