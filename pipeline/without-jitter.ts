import type { Random } from '../runtime/random.js';

/** The largest double below 1: the top of `next()`'s range [0, 1). */
const topOfRange = 1 - 2 ** -53;

/**
 * A stand-in for a backoff's random stream that always draws the top of the range, for the `no-jitter`
 * baseline: full jitter's uniform(0, min(cap, base × 2^n)) becomes the plain min(cap, base × 2^n) — the
 * textbook exponential backoff that the AWS Architecture Blog ("Exponential Backoff and Jitter", 2015)
 * shows bunching clients that failed together into waves that come back together. Give it to backoff
 * waits only, never where randomness must be unique (lock and claim tokens).
 */
export function withoutJitter(path: string): Random {
  const random: Random = {
    seed: 0,
    path: `${path} (no jitter)`,
    next: () => topOfRange,
    int: (_minInclusive, maxInclusive) => maxInclusive,
    fork: () => random,
  };
  return random;
}
