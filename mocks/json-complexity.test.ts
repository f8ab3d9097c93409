import { describe, expect, it } from 'vitest';
import { jsonTooComplex, maxJsonTokens, uncountedBodyChars } from './json-complexity.js';
import { createShopifyModel } from './shopify-model.js';

const keys = (count: number): string =>
  JSON.stringify(Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i])));

describe('JSON complexity before parsing (issue 16)', () => {
  it('counts brackets, commas and colons outside strings, only in bodies over 16 KiB', () => {
    expect(jsonTooComplex(keys(1000))).toBe(false);
    expect(jsonTooComplex(keys(6000))).toBe(true);
    expect(jsonTooComplex(JSON.stringify({ tags: 'a,'.repeat(100_000) }))).toBe(false);
    expect(jsonTooComplex(JSON.stringify({ note: 'say \\"x\\", {[,:'.repeat(5000) }))).toBe(false);
    expect(jsonTooComplex('[1,'.repeat(uncountedBodyChars / 3))).toBe(false);
    expect(jsonTooComplex(`[${'1,'.repeat(maxJsonTokens)}1]`)).toBe(true);
    // Escaped quotes and backslashes keep the string open or close it as JSON does.
    const tricky = `["a\\\\", ${'"x\\",",'.repeat(6000)} 1]`;
    expect(JSON.parse(tricky)).toHaveLength(6002);
    expect(jsonTooComplex(tricky)).toBe(false);
    expect(jsonTooComplex(`["\\\\",${'1,'.repeat(maxJsonTokens)}1]`)).toBe(true);
  });

  it('lets a create at Shopify’s limits through and refuses one past them with 413 before parsing', () => {
    const model = createShopifyModel({ limits: { bucketSize: 100, leakPerSecond: 10 } });
    const headers = { 'x-shopify-access-token': 't', 'content-type': 'application/json' };
    const url = 'https://launch.myshopify.com/admin/api/2026-01/orders.json';
    const full = {
      order: {
        line_items: Array.from({ length: 250 }, (_, i) => ({
          title: `Item ${i}`,
          price: '1.00',
          quantity: 1,
        })),
        note_attributes: Array.from({ length: 250 }, (_, i) => ({ name: `n${i}`, value: 'v' })),
        tags: Array.from({ length: 250 }, (_, i) => `t${i}`),
      },
    };
    expect(model.handle({ method: 'POST', url, headers, body: JSON.stringify(full) }, 0).status).toBe(201);
    const flood = {
      order: { line_items: Array.from({ length: 30_000 }, () => ({ title: 'T', price: '1' })) },
    };
    const refused = model.handle({ method: 'POST', url, headers, body: JSON.stringify(flood) }, 0);
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body)).toEqual({
      errors: expect.stringMatching(/^Request body has more than 10000 JSON keys/),
    });
  });
});
