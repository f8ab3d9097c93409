import { describe, expect, it } from 'vitest';
import { countedIncludes, countedText, countedToken, withCounted } from './counted-orders.js';

describe('the counted-orders text', () => {
  it('writes ids as they are, escaping only a space, a % and the empty id', () => {
    expect(['bf-1', 'a b', '50%', ''].map(countedToken)).toEqual(['bf-1', 'a%20b', '50%25', '%']);
    expect(countedText(['x', 'a b'])).toBe('x a%20b');
  });

  it('finds whole ids only, never a part of one or of two neighbours', () => {
    const counted = countedText(['so-12', 'a b', 'so-3', '']);
    expect(['so-12', 'a b', 'so-3', ''].map((id) => countedIncludes(counted, id))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['so-1', 'so-2', '12', 'a', 'b', 'so-12 a', 'so'].some((id) => countedIncludes(counted, id))).toBe(
      false,
    );
    expect(countedIncludes('', 'so-1')).toBe(false);
  });

  it('adds an id last and keeps the newest ones within the window', () => {
    let counted = '';
    for (const id of ['a', 'b', 'c', 'd', 'e']) counted = withCounted(counted, id, 3);
    expect(counted).toBe('c d e');
    expect(withCounted('long-id-1 long-id-2', 'x', 3)).toBe('long-id-1 long-id-2 x');
    expect(withCounted('', 'only', 1)).toBe('only');
    expect(withCounted('a', 'b', 1)).toBe('b');
  });
});
