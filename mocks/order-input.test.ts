import { describe, expect, it } from 'vitest';
import { normaliseTags, parseOrderInput } from './order-input.js';

const withOrder = (order: unknown): string => JSON.stringify({ order });

describe('parseOrderInput', () => {
  it('accepts a numeric price and a missing quantity as one unit', () => {
    const parsed = parseOrderInput(withOrder({ line_items: [{ title: 'T', price: 12.5 }] }));
    expect(parsed).toEqual({
      ok: true,
      value: {
        lineItems: [{ title: 'T', priceCents: 1250, quantity: 1 }],
        noteAttributes: [],
        tags: '',
        customerId: undefined,
      },
    });
  });

  it('refuses a negative price and a fractional quantity with 422', () => {
    const parsed = parseOrderInput(
      withOrder({ line_items: [{ title: 'T', price: '-1.00', quantity: 1.5 }] }),
    );
    expect(parsed).toEqual({
      ok: false,
      reason: {
        status: 422,
        errors: {
          line_items: [
            'line item 1: price must be a non-negative decimal amount',
            'line item 1: quantity must be an integer greater than 0',
          ],
        },
      },
    });
  });

  it('refuses note attributes that are not a list of named pairs with 422', () => {
    const parsed = parseOrderInput(
      withOrder({ line_items: [{ title: 'T', price: '1' }], note_attributes: { a: 1 } }),
    );
    expect(parsed).toMatchObject({
      ok: false,
      reason: { status: 422, errors: { note_attributes: ['is invalid'] } },
    });
  });

  it('treats an empty body as a missing order root (400)', () => {
    expect(parseOrderInput(undefined)).toMatchObject({ ok: false, reason: { status: 400 } });
    expect(parseOrderInput('  ')).toMatchObject({ ok: false, reason: { status: 400 } });
  });
});

describe('normaliseTags', () => {
  it('trims, drops empties and repeats, and joins with a comma and a space', () => {
    expect(normaliseTags(' a,b ,, a ')).toBe('a, b');
    expect(normaliseTags(['x', ' y '])).toBe('x, y');
    expect(normaliseTags(undefined)).toBe('');
  });
});
