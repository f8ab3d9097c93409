import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Random } from './random.js';
import { createRandom } from './seeded-random.js';

/** The seed a fork had when it hashed its whole path text: FNV-1a of the path, then murmur3's finaliser. */
function seedOf(parentSeed: number, path: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) {
    hash ^= path.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  let h = (parentSeed ^ (hash >>> 0)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

describe('createRandom', () => {
  it('forks by the hash of the whole path, whatever the labels, as when it hashed the path text', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.string({ maxLength: 12 }), { maxLength: 5 }), (seed, labels) => {
        let random: Random = createRandom(seed);
        let path = 'root';
        let expectedSeed = seed >>> 0;
        for (const label of labels) {
          path = `${path}/${label}`;
          expectedSeed = seedOf(expectedSeed, path);
          random = random.fork(label);
          expect(random.seed).toBe(expectedSeed);
        }
        expect(random.path).toBe(path);
      }),
    );
  });

  it('draws the same numbers for the same seed and path', () => {
    const a = createRandom(7).fork('traffic').fork('worker-1');
    const b = createRandom(7).fork('traffic').fork('worker-1');
    const draws = (random: Random) => [random.next(), random.int(1, 6), random.next()];
    expect(draws(a)).toEqual(draws(b));
    expect(createRandom(7).path).toBe('root');
  });
});
