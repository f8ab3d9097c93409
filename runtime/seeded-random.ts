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
  return new SeededRandom(seed >>> 0, fnv1a32(rootPath, fnvOffset), undefined, rootPath);
}

const rootPath = 'root';

class SeededRandom implements Random {
  private readonly rng;
  private madePath: string | undefined;

  /**
   * @param pathHash - FNV-1a of {@link SeededRandom.path}, carried on from the parent's so that a fork
   *   hashes only its own label: the path text is made only when someone reads it (issue 12: a pipeline
   *   worker forks a few streams, and joining and flattening their paths was most of a fork's garbage).
   * @param label - The fork's label, or the whole path of the root.
   */
  constructor(
    readonly seed: number,
    private readonly pathHash: number,
    private readonly parent: SeededRandom | undefined,
    private readonly label: string,
  ) {
    this.rng = xoroshiro128plus(seed);
  }

  /** `root`, then each fork's label after a `/`. */
  get path(): string {
    if (this.parent === undefined) return this.label;
    return (this.madePath ??= `${this.parent.path}/${this.label}`);
  }

  next(): number {
    return uniformFloat64(this.rng);
  }

  int(minInclusive: number, maxInclusive: number): number {
    return uniformInt(this.rng, minInclusive, maxInclusive);
  }

  fork(label: string): Random {
    // FNV-1a of `${path}/${label}`, continued from the path's own hash.
    const hash = fnv1a32(label, Math.imul(this.pathHash ^ slash, fnvPrime) >>> 0);
    return new SeededRandom(mix32(this.seed ^ hash), hash, this, label);
  }
}

const fnvOffset = 0x811c9dc5;
const fnvPrime = 0x01000193;
const slash = 0x2f;

/** FNV-1a, 32 bits, of `text` after the text whose hash is `hash` (the offset basis for none). */
function fnv1a32(text: string, hash: number): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, fnvPrime);
  }
  return h >>> 0;
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
