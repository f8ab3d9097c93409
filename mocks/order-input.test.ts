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

  it('reads prices as exact cents and refuses half cents, exponents and absurd amounts', () => {
    const cents = (price: unknown) => {
      const parsed = parseOrderInput(withOrder({ line_items: [{ title: 'T', price }] }));
      return parsed.ok ? parsed.value.lineItems[0]?.priceCents : 'refused';
    };
    expect([cents('0.1'), cents('12.30'), cents(12.3), cents('7'), cents(0)]).toEqual([
      10, 1230, 1230, 700, 0,
    ]);
    expect([cents('1.005'), cents('1e3'), cents(1e21), cents('9'.repeat(10)), cents(Infinity)]).toEqual([
      'refused',
      'refused',
      'refused',
      'refused',
      'refused',
    ]);
  });

  it('refuses a quantity above a million and a total that cents cannot hold exactly', () => {
    const big = parseOrderInput(withOrder({ line_items: [{ title: 'T', price: '1.00', quantity: 1e308 }] }));
    expect(big.ok).toBe(false);
    const items = Array.from({ length: 200 }, () => ({
      title: 'T',
      price: '999999999.99',
      quantity: 1_000_000,
    }));
    const total = parseOrderInput(withOrder({ line_items: items }));
    expect(total).toMatchObject({
      ok: false,
      reason: { status: 422, errors: { line_items: ['total price is too large'] } },
    });
  });

  it('splits each tag of an array on commas, and refuses an object as a note attribute value', () => {
    const tagged = parseOrderInput(
      withOrder({ line_items: [{ title: 'T', price: '1' }], tags: ['a,b', 'c', { x: 1 }] }),
    );
    expect(tagged.ok && tagged.value.tags).toBe('a, b, c');
    const note = parseOrderInput(
      withOrder({
        line_items: [{ title: 'T', price: '1' }],
        note_attributes: [{ name: 'n', value: { x: 1 } }],
      }),
    );
    expect(note).toMatchObject({
      ok: false,
      reason: { status: 422, errors: { note_attributes: ['is invalid'] } },
    });
  });

  it('keeps an integer customer id, but not one that has lost digits or a fraction', () => {
    const id = (value: unknown) => {
      const parsed = parseOrderInput(
        withOrder({ line_items: [{ title: 'T', price: '1' }], customer: { id: value } }),
      );
      return parsed.ok ? parsed.value.customerId : 'refused';
    };
    expect([id(42), id('cust-7'), id(1.5), id(2 ** 60)]).toEqual(['42', 'cust-7', undefined, undefined]);
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
            'line item 1: price must be a non-negative amount with at most 2 decimals, below 1,000,000,000',
            'line item 1: quantity must be an integer from 1 to 1,000,000',
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
