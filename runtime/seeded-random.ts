import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Random } from './random.js';

/**
 * A seeded {@link Random} on pure-rand's xoroshiro128+ (fast-check's own generator family). The only
 * implementation of the seam; there is deliberately no `Math.random` fallback.
 *
 * @param seed - Any integer; it is reduced to 32 bits unsigned.
 * @example
 * const root = createRandom(7);
 * const traffic = root.fork('traffic'); // same stream whatever other actors exist
 */
export function createRandom(seed: number): Random {
  return new SeededRandom(seed >>> 0, 'root');
}

class SeededRandom implements Random {
  private readonly rng;

  constructor(
    readonly seed: number,
    readonly path: string,
  ) {
    this.rng = xoroshiro128plus(seed);
  }

  next(): number {
    return uniformFloat64(this.rng);
  }

  int(minInclusive: number, maxInclusive: number): number {
    return uniformInt(this.rng, minInclusive, maxInclusive);
  }

  fork(label: string): Random {
    const path = `${this.path}/${label}`;
    return new SeededRandom(mix32(this.seed ^ fnv1a32(path)), path);
  }
}

/** FNV-1a, 32 bits: a stable hash of the label path. */
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The murmur3 finaliser: spreads nearby inputs (seed 1 vs seed 2) over the whole 32-bit range. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
