import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCallLimit, requestId } from './shopify-responses.js';

describe('answer headers', () => {
  it('writes the request id as the counter in 12 hex digits after the fixed UUID text, in any order of counters', () => {
    const counter = fc.oneof(
      fc.integer({ min: 0, max: 20_000 }),
      fc.constantFrom(4095, 4096, 4097, 2 ** 48 - 1, 2 ** 48, Number.MAX_SAFE_INTEGER),
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    );
    fc.assert(
      fc.property(fc.array(counter, { minLength: 1, maxLength: 20 }), (counters) => {
        for (const value of counters) {
          expect(requestId(value)).toBe(`00000000-0000-4000-8000-${value.toString(16).padStart(12, '0')}`);
        }
      }),
    );
    expect(requestId(1)).toBe('00000000-0000-4000-8000-000000000001');
  });

  it('writes the call limit as used/size, whatever sizes and counts came before', () => {
    const call = fc.tuple(
      fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.constantFrom(0.5, -1, 4095, 4096)),
      fc.constantFrom(40, 80, 400, 2 ** 31),
    );
    fc.assert(
      fc.property(fc.array(call, { minLength: 1, maxLength: 20 }), (calls) => {
        for (const [used, size] of calls) expect(formatCallLimit(used, size)).toBe(`${used}/${size}`);
      }),
    );
  });
});
