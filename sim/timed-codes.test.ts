import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimedCodes } from './timed-codes.js';

describe('TimedCodes', () => {
  it('pops by time, then in insertion order, across growth (fast-check, seed 12)', () => {
    // Each step pushes (time, code) or pops; a plain list kept in (time, insertion) order is the reference.
    const step = fc.oneof(
      fc.tuple(fc.constantFrom(0, 5, 5.5, 10), fc.nat(1_000)),
      fc.constant('pop' as const),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), (steps) => {
        const queue = new TimedCodes();
        const reference: { timeMs: number; seq: number; code: number }[] = [];
        let seq = 0;
        for (const item of steps) {
          if (item === 'pop') {
            if (reference.length === 0) continue;
            reference.sort((a, b) => a.timeMs - b.timeMs || a.seq - b.seq);
            const first = reference.shift()!;
            expect(queue.peekTimeMs()).toBe(first.timeMs);
            expect(queue.pop()).toBe(first.code);
          } else {
            queue.push(item[0], item[1]);
            reference.push({ timeMs: item[0], seq: seq++, code: item[1] });
          }
          expect(queue.size).toBe(reference.length);
        }
      }),
      { seed: 12, numRuns: 200 },
    );
  });
});
