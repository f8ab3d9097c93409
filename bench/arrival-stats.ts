/** How evenly requests arrived: the achieved rate and the largest burst in any window. */
export interface ArrivalStats {
  /** Requests that arrived. */
  count: number;
  /** From the first arrival to the last, in ms. */
  spanMs: number;
  /** (count − 1) arrivals over the span, per second; 0 with fewer than two. */
  achievedPerSecond: number;
  /** The most arrivals within any window of `windowMs` (a sliding window, not fixed buckets). */
  maxInWindow: number;
}

/**
 * The arrival statistics of `times` (ms, ascending: the order they were recorded in), with the largest
 * burst over any `windowMs`-long window, found with two pointers in one pass.
 *
 * @example
 * arrivalStats([0, 1, 2, 10, 20], 10); // { count: 5, spanMs: 20, achievedPerSecond: 200, maxInWindow: 3 }
 */
export function arrivalStats(times: ArrayLike<number>, windowMs: number): ArrivalStats {
  const count = times.length;
  if (count === 0) return { count, spanMs: 0, achievedPerSecond: 0, maxInWindow: 0 };
  let maxInWindow = 0;
  let start = 0;
  for (let end = 0; end < count; end++) {
    const endMs = times[end] as number;
    while ((times[start] as number) <= endMs - windowMs) start++;
    maxInWindow = Math.max(maxInWindow, end - start + 1);
  }
  const spanMs = (times[count - 1] as number) - (times[0] as number);
  return { count, spanMs, achievedPerSecond: spanMs > 0 ? ((count - 1) * 1000) / spanMs : 0, maxInWindow };
}
