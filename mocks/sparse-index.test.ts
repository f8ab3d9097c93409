import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SparseIndex } from './sparse-index.js';

describe('SparseIndex', () => {
  it('reads back what was set, like a Map, and −1 for keys never set or outside the range', () => {
    const size = fc.integer({ min: 1, max: 40_000 });
    const run = size.chain((n) =>
      fc.tuple(
        fc.constant(n),
        fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 2 })), {
          maxLength: 60,
        }),
        fc.array(fc.oneof(fc.integer({ min: -2, max: n + 2 }), fc.constantFrom(0.5, Number.NaN)), {
          maxLength: 20,
        }),
      ),
    );
    fc.assert(
      fc.property(run, ([n, sets, probes]) => {
        const index = new SparseIndex(n);
        const map = new Map<number, number>();
        for (const [key, value] of sets) {
          index.set(key, value);
          map.set(key, value);
        }
        for (const key of [...map.keys(), ...probes]) expect(index.get(key)).toBe(map.get(key) ?? -1);
      }),
    );
  });

  it('refuses to set a key outside its range', () => {
    const index = new SparseIndex(10);
    expect(() => index.set(10, 1)).toThrow(RangeError);
    expect(() => index.set(-1, 1)).toThrow(RangeError);
    expect(() => index.set(1.5, 1)).toThrow(RangeError);
    expect(new SparseIndex(0).get(0)).toBe(-1);
  });
});
