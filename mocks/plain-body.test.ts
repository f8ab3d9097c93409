import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonBody } from '../runtime/json-body.js';
import type { HttpResponse } from '../runtime/transport.js';
import { testRequest } from './model-test-support.js';
import { createShopifyModel } from './shopify-model.js';
import { plans } from './plans.js';

// The order and metafield routes vouch that their answers are plain JSON data (route-answer.ts,
// `plainBody`), so the model hands them over unchecked. Whatever a client sends, the answers they make
// must pass the check they skip, and equal what parsing their text gives.

/** Expects an answer handed over as a value that is plain JSON data and equal to its parsed text. */
function expectPlain(response: HttpResponse): void {
  const json = response.bodyValue;
  expect(json).toBeInstanceOf(JsonBody);
  if (json === undefined) return;
  expect(JsonBody.of(json.value)).toBeDefined();
  expect(JSON.parse(response.body)).toEqual(json.value);
}

const text = fc.string({ maxLength: 12 });
const order = fc.record({
  title: text.filter((title) => title.trim() !== ''),
  price: fc.oneof(fc.integer({ min: 0, max: 999_999 }), fc.constantFrom('0.5', '12.30', '999999999.99')),
  quantity: fc.integer({ min: 1, max: 1000 }),
  notes: fc.array(fc.record({ name: text, value: text }), { maxLength: 3 }),
  tags: fc.array(
    text.map((tag) => tag.replace(/,/g, '')),
    { maxLength: 3 },
  ),
  customer: fc.option(
    fc.oneof(fc.integer({ min: 0, max: 2 ** 40 }), fc.constantFrom('0', '007', 'cust-7', '12')),
  ),
  nowMs: fc.double({ min: 0, max: 1e12, noNaN: true }),
});

describe('answers the model hands over unchecked', () => {
  it('are plain JSON data for every created order, and its metafields listed, created and updated', () => {
    let orders = 0;
    fc.assert(
      fc.property(order, text, text, (o, first, second) => {
        const model = createShopifyModel({ limits: plans.plus });
        const payload = {
          order: {
            line_items: [{ title: o.title, price: o.price, quantity: o.quantity }],
            note_attributes: o.notes,
            tags: o.tags.join(', '),
            ...(o.customer === null ? {} : { customer: { id: o.customer } }),
          },
        };
        const created = model.handle(testRequest('POST', 'orders.json', payload), o.nowMs);
        if (created.status !== 201) return;
        orders++;
        expectPlain(created);
        const id = (JSON.parse(created.body) as { order: { id: number } }).order.id;
        const metafield = { namespace: 'funnelstorm', key: 'note', type: 'single_line_text_field' };
        const value = first.replace(/\n/g, ' ');
        const path = `orders/${id}/metafields`;
        const made = model.handle(
          testRequest('POST', `${path}.json`, { metafield: { ...metafield, value } }),
          o.nowMs,
        );
        expect(made.status).toBe(201);
        expectPlain(made);
        const metafieldId = (JSON.parse(made.body) as { metafield: { id: number } }).metafield.id;
        const next = { metafield: { value: second.replace(/\n/g, ' ') } };
        const updated = model.handle(testRequest('PUT', `${path}/${metafieldId}.json`, next), o.nowMs + 1500);
        expect(updated.status).toBe(200);
        expectPlain(updated);
        const listed = model.handle(testRequest('GET', `${path}.json`), o.nowMs + 3000);
        expect(listed.status).toBe(200);
        expectPlain(listed);
      }),
      { numRuns: 300 },
    );
    // Most generated orders are valid: the property is not passed by refusing them.
    expect(orders).toBeGreaterThan(200);
  });
});
