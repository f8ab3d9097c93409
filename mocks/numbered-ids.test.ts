import { describe, expect, it } from 'vitest';
import { NumberedIds } from './numbered-ids.js';

describe('NumberedIds', () => {
  it('gives every id back exactly: padded numbers as numbers, any other form from its table', () => {
    const ids = new NumberedIds('so-');
    const all = ['so-000123', 'so-1', 'so-000124', 'x-9', 'so-0000125', 'so-', 'so-00012a', 'so-000123'];
    const codes = all.map((id) => ids.code(id));
    expect(codes[0]).toBe(123);
    expect(codes[2]).toBe(124);
    expect(codes.filter((code) => code < 0)).toHaveLength(5);
    expect(codes[7]).toBe(codes[0]);
    expect(codes.map((code) => ids.id(code))).toEqual(all);
  });
});
