import { describe, expect, it } from 'vitest';
import { arrivalStats } from './arrival-stats.js';

describe('arrivalStats', () => {
  it('counts the largest burst in any sliding window, not in fixed buckets', () => {
    // Fixed 10 ms buckets would see 2 and 2; the window [5, 15) holds 4.
    expect(arrivalStats([0, 5, 6, 9, 12, 30], 10).maxInWindow).toBe(4);
  });

  it('gives the achieved rate over the span of the arrivals', () => {
    const evenly = Array.from({ length: 1001 }, (_, i) => i); // one per ms for a second
    expect(arrivalStats(evenly, 10)).toEqual({
      count: 1001,
      spanMs: 1000,
      achievedPerSecond: 1000,
      maxInWindow: 10,
    });
  });

  it('is all zeros without arrivals', () => {
    expect(arrivalStats([], 10)).toEqual({ count: 0, spanMs: 0, achievedPerSecond: 0, maxInWindow: 0 });
  });
});
