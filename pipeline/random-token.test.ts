import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import { randomToken } from './random-token.js';

describe('randomToken', () => {
  it('writes four 32-bit draws as 32 hex digits, each draw zero-padded to 8', () => {
    const draws = [0, 0xffffffff, 0x0a0b0c0d, 0x80000001];
    let next = 0;
    const random = { ...createRandom(1), int: () => draws[next++ % draws.length] as number };
    expect(randomToken(random)).toBe('00000000' + 'ffffffff' + '0a0b0c0d' + '80000001');
  });

  it('gives the text of the stream’s draws, so a seed gives the same tokens', () => {
    const drawn = createRandom(42);
    const expected = Array.from({ length: 4 }, () => drawn.int(0, 0xffffffff).toString(16).padStart(8, '0'));
    expect(randomToken(createRandom(42))).toBe(expected.join(''));
  });
});
