import { describe, expect, it } from 'vitest';
import { CompactNumberColumn } from './compact-number-column.js';

describe('CompactNumberColumn', () => {
  it('gives back every value exactly: near the base, far from it, NaN, fractions, −0 aside', () => {
    const values = [
      7_000_000_000_001,
      7_000_000_000_900,
      Number.NaN,
      1,
      -1,
      0.5,
      2 ** 53,
      -(2 ** 40),
      7_000_000_000_001 + 0x7fffffff,
      7_000_000_000_001 - 0x7fffffff,
      7_000_000_000_001 - 0x80000000,
      Infinity,
      -Infinity,
    ];
    const column = new CompactNumberColumn();
    column.reserve(values.length);
    values.forEach((value, row) => column.put(row, value));
    expect(values.map((_, row) => column.get(row))).toEqual(values);
  });

  it('overwrites a row, out of the overflow and back into a cell', () => {
    const column = new CompactNumberColumn();
    column.reserve(3000);
    column.put(0, 10);
    column.put(2999, 0.25);
    expect(column.get(2999)).toBe(0.25);
    column.put(2999, 12);
    expect(column.get(2999)).toBe(12);
    column.put(2999, Number.NaN);
    expect(column.get(2999)).toBeNaN();
  });
});
