import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from './iso-time.js';

describe('isoTime', () => {
  it('writes what Date#toISOString writes, for any time a Date can show', () => {
    const edges = fc.constantFrom(
      0,
      -0,
      -1,
      0.5,
      -0.5,
      951_782_400_000, // 2000-02-29
      -62_167_219_200_000,
      -62_167_219_200_001,
      253_402_300_799_999,
      253_402_300_800_000,
      8.64e15,
      -8.64e15,
    );
    const time = fc.oneof(
      edges,
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.integer({ min: -62_200_000_000_000, max: 253_500_000_000_000 }),
      fc.double({ min: -1e13, max: 1e13, noNaN: true }),
    );
    fc.assert(
      fc.property(time, (ms) => {
        expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }),
    );
  });

  it('writes what Date#toISOString writes for runs of times within a second, a day and across them', () => {
    const run = fc.tuple(
      fc.integer({ min: -62_167_219_200_000, max: 253_402_300_000_000 }),
      fc.array(fc.oneof(fc.integer({ min: -1500, max: 1500 }), fc.integer({ min: -1e8, max: 1e8 })), {
        maxLength: 30,
      }),
    );
    fc.assert(
      fc.property(run, ([start, steps]) => {
        let ms = start;
        for (const step of [0, ...steps, 0]) {
          ms += step;
          expect(isoTime(ms)).toBe(new Date(ms).toISOString());
        }
      }),
    );
  });

  it('throws for a time a Date cannot show, as toISOString does', () => {
    expect(() => isoTime(8.64e15 + 1)).toThrow(RangeError);
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
