import { describe, expect, it } from 'vitest';
import { maxInputItems, parseOrderInput } from './order-input.js';
import { maxOrderTags, maxTagLength, readTags } from './order-tags.js';

const line = { title: 'Tee', price: '1.00' };
const withOrder = (order: Record<string, unknown>): string =>
  JSON.stringify({ order: { line_items: [line], ...order } });
const tagList = (count: number, prefix = 't'): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}${i}`);

function refusal(body: string) {
  const parsed = parseOrderInput(body);
  return parsed.ok ? 'accepted' : parsed.reason;
}

describe('order limits (issue 16: bounded work per request, Shopify-shaped 422)', () => {
  it('takes 250 distinct tags and refuses the 251st, as a string or as a list', () => {
    expect(maxOrderTags).toBe(250);
    const ok = parseOrderInput(withOrder({ tags: tagList(250).join(', ') }));
    expect(ok.ok && ok.value.tags.split(', ')).toHaveLength(250);
    for (const tags of [tagList(251).join(','), tagList(251)]) {
      expect(refusal(withOrder({ tags }))).toEqual({
        status: 422,
        errors: { tags: ['cannot be more than 250 (got at least 251 distinct tags)'] },
      });
    }
  });

  it('counts tags after trimming and dropping repeats, so 150,000 copies of one tag are one tag', () => {
    const parsed = parseOrderInput(
      withOrder({ tags: Array.from({ length: 150_000 }, () => ' vip ').join(',') }),
    );
    expect(parsed.ok && parsed.value.tags).toBe('vip');
  });

  it('refuses 150,000 unique tags (700 KB) with 422, as a normalised string too', () => {
    const many = tagList(150_000);
    expect(refusal(withOrder({ tags: many.join(',') }))).toMatchObject({ status: 422 });
    expect(refusal(withOrder({ tags: many.join(', ') }))).toMatchObject({ status: 422 });
  });

  it('refuses a tag longer than 255 characters, naming its position', () => {
    expect(maxTagLength).toBe(255);
    expect(readTags(`a, ${'x'.repeat(255)}`, { maxTagLength }).ok).toBe(true);
    expect(refusal(withOrder({ tags: `a, b, ${'x'.repeat(256)}` }))).toEqual({
      status: 422,
      errors: { tags: ['tag 3 is 256 characters long; a tag has at most 255'] },
    });
  });

  it('refuses more than 250 line items or note attributes before reading them', () => {
    expect(maxInputItems).toBe(250);
    expect(parseOrderInput(JSON.stringify({ order: { line_items: Array(250).fill(line) } })).ok).toBe(true);
    expect(refusal(JSON.stringify({ order: { line_items: Array(43_000).fill(line) } }))).toEqual({
      status: 422,
      errors: { line_items: ['The number of line items (43000) exceeds the limit of 250'] },
    });
    const notes = Array.from({ length: 251 }, (_, i) => ({ name: `n${i}`, value: 'v' }));
    expect(refusal(withOrder({ note_attributes: notes }))).toEqual({
      status: 422,
      errors: { note_attributes: ['The number of note attributes (251) exceeds the limit of 250'] },
    });
  });

  it('leaves a customer’s tags without a count limit (a customer counting hundreds of orders by tag)', () => {
    const tags = readTags(tagList(1000, 'fs-counted-'));
    expect(tags.ok && tags.value.split(', ')).toHaveLength(1000);
  });
});
