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

  it('gives a code only to all-digit texts of the learnt width, as the padded round trip did', () => {
    const ids = new NumberedIds('so-');
    expect(ids.code('so-007')).toBe(7);
    const others = ['so--12', 'so-+12', 'so- 12', 'so-1e2', 'so-0x1', 'so-1.0', 'so-12a'];
    for (const id of others) expect(ids.code(id)).toBeLessThan(0);
    expect(others.map((id) => ids.find(id))).toEqual(others.map((id) => ids.code(id)));
    expect(ids.find('so-123')).toBe(123);
    expect(ids.find('so-0123')).toBeUndefined();
    expect(ids.code('so-999999999999999'.slice(0, 6))).toBe(999);
  });

  it('pads a number to the learnt width as padStart did, and leaves a longer one whole', () => {
    const ids = new NumberedIds('so-');
    ids.code('so-0001');
    for (const code of [0, 7, 42, 999, 1000, 12345, 2 ** 40]) {
      expect(ids.id(code)).toBe('so-' + String(code).padStart(4, '0'));
    }
    expect(new NumberedIds('x').id(5)).toBe('x5');
  });
});
