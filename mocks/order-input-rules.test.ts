import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseTags, parseOrderInput, parsePriceCents } from './order-input.js';

/** The price rule as a regular expression: what parsePriceCents reads by hand. */
function priceCentsByPattern(price: unknown): number | undefined {
  const text = typeof price === 'number' && Number.isFinite(price) ? String(price) : price;
  if (typeof text !== 'string') return undefined;
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** The line-item rules written plainly, one problem list per item: the oracle for parseOrderInput. */
function lineItemsByRule(value: unknown): { ok: boolean; value: unknown } {
  if (!Array.isArray(value) || value.length === 0) return { ok: false, value: ["can't be blank"] };
  const items: unknown[] = [];
  const problems: string[] = [];
  let total = 0;
  value.forEach((item: unknown, i) => {
    const where = `line item ${i + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push(`${where} is invalid`);
      return;
    }
    const { title, price, quantity = 1 } = item as Record<string, unknown>;
    const mine: string[] = [];
    if (typeof title !== 'string' || title.trim() === '') mine.push(`${where}: title can't be blank`);
    const priceCents = priceCentsByPattern(price);
    if (price === undefined || price === null || price === '') mine.push(`${where}: price can't be blank`);
    else if (priceCents === undefined) {
      mine.push(`${where}: price must be a non-negative amount with at most 2 decimals, below 1,000,000,000`);
    }
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > 1e6) {
      mine.push(`${where}: quantity must be an integer from 1 to 1,000,000`);
    }
    if (mine.length > 0 || priceCents === undefined) problems.push(...mine);
    else {
      items.push({ title, priceCents, quantity });
      total += priceCents * (quantity as number);
    }
  });
  if (problems.length === 0 && !Number.isSafeInteger(total)) problems.push('total price is too large');
  return problems.length > 0 ? { ok: false, value: problems } : { ok: true, value: items };
}

const priceText = fc.oneof(
  fc.stringMatching(/^[0-9.]{0,13}$/),
  fc.constantFrom('', '.', '1.', '.5', '01.50', '999999999.99', '1000000000', '1e3', ' 1', '1 ', '-1', '٣'),
  fc.string({ maxLength: 6 }),
);
const price = fc.oneof(
  priceText,
  fc.double(),
  fc.integer(),
  fc.constantFrom(null, undefined, true, [], {}, 12.5, 1e21, -0),
);

describe('parsePriceCents', () => {
  it('reads exactly the prices ^(\\d{1,9})(?:\\.(\\d{1,2}))?$ matches, to the same cents', () => {
    fc.assert(
      fc.property(price, (value) => {
        expect(parsePriceCents(value)).toBe(priceCentsByPattern(value));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('parseOrderInput line items', () => {
  it('accepts and refuses line items as the written rules do, with the same messages in the same order', () => {
    const item = fc.oneof(
      fc.record(
        {
          title: fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom(' ', 7, null)),
          price,
          quantity: fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constantFrom(1.5, 1e6, 1e6 + 1, '2', null)),
        },
        { requiredKeys: [] },
      ),
      fc.constantFrom(null, 'item', [], 3),
    );
    const lineItems = fc.oneof(fc.array(item, { maxLength: 4 }), fc.constantFrom(undefined, {}, 'x'));
    fc.assert(
      fc.property(lineItems, (value) => {
        const parsed = parseOrderInput(JSON.stringify({ order: { line_items: value } }));
        // Through JSON, as the model receives it: undefined keys vanish and -0 becomes 0.
        const expected = lineItemsByRule(JSON.parse(JSON.stringify({ v: value })).v);
        if (expected.ok) expect(parsed.ok && parsed.value.lineItems).toEqual(expected.value);
        else
          expect(parsed).toEqual({
            ok: false,
            reason: { status: 422, errors: { line_items: expected.value } },
          });
      }),
      { numRuns: 3000 },
    );
  });
});

describe('normaliseTags', () => {
  it('makes of any tag string what splitting, trimming, dropping empties and repeats, and joining make', () => {
    const piece = fc.constantFrom('a', 'b', 'x y', ',', ', ', ' ', '  ', '\t', '\u00a0', '');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const text = pieces.join('');
        const tags: string[] = [];
        for (const part of text.split(',')) {
          const tag = part.trim();
          if (tag !== '' && !tags.includes(tag)) tags.push(tag);
        }
        expect(normaliseTags(text)).toBe(tags.join(', '));
      }),
      { numRuns: 3000 },
    );
  });

  it('drops a repeat among many already-normalised tags (a customer counting hundreds of orders)', () => {
    const tags = Array.from({ length: 300 }, (_, i) => `fs-counted-so-${String(i).padStart(6, '0')}`);
    expect(normaliseTags(tags.join(', '))).toBe(tags.join(', '));
    const repeated = [...tags.slice(0, 250), tags[200]!, ...tags.slice(250)];
    expect(normaliseTags(repeated.join(', '))).toBe(tags.join(', '));
  });
});
