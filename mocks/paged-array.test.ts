import { describe, expect, it } from 'vitest';
import { Float64Column } from './float64-column.js';
import { Int32Column } from './int32-column.js';
import { PagedArray } from './paged-array.js';

describe('PagedArray', () => {
  it('keeps every value across the first page’s doublings and the fixed pages after it', () => {
    const values = new PagedArray((length) => new Float64Array(length), 4);
    expect(values.capacity).toBe(4);
    for (let i = 0; i < 20_000; i++) {
      values.reserve(i + 1);
      values.put(i, i / 3);
    }
    // 8,192 values a page: three pages hold 20,000.
    expect(values.capacity).toBe(3 * 8_192);
    expect([0, 3, 4, 8_191, 8_192, 19_999].map((i) => values.get(i))).toEqual(
      [0, 3, 4, 8_191, 8_192, 19_999].map((i) => i / 3),
    );
  });

  it('grows a page of references as it does a typed array', () => {
    const ids = new PagedArray((length) => new Array<string | undefined>(length), 2);
    ids.reserve(3);
    ids.put(0, 'a');
    ids.put(2, 'c');
    ids.reserve(9_000);
    ids.put(8_999, 'z');
    expect([ids.get(0), ids.get(1), ids.get(2), ids.get(8_999)]).toEqual(['a', undefined, 'c', 'z']);
  });
});

describe('Float64Column and Int32Column on pages', () => {
  it('push, set and read back past a page boundary; outside the length reads NaN or the fill', () => {
    const times = new Float64Column(16);
    const codes = new Int32Column(-1, 16);
    for (let i = 0; i < 9_000; i++) times.push(i + 0.5);
    times.set(8_500, -1);
    codes.set(8_200, 7);
    expect([times.length, times.at(8_191), times.at(8_192), times.at(8_500), times.at(9_000)]).toEqual([
      9_000,
      8_191.5,
      8_192.5,
      -1,
      Number.NaN,
    ]);
    expect([codes.length, codes.at(0), codes.at(8_199), codes.at(8_200), codes.at(8_201)]).toEqual([
      8_201, -1, -1, 7, -1,
    ]);
  });
});
