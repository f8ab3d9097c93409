import { describe, expect, it } from 'vitest';
import { TwoGenerationCache } from './document-cache.js';

describe('TwoGenerationCache', () => {
  it('holds at most two generations of entries', () => {
    const cache = new TwoGenerationCache<number>(3);
    for (let i = 0; i < 100; i++) cache.set(`q${i}`, i);
    expect(cache.size).toBeLessThanOrEqual(6);
    expect(cache.get('q99')).toBe(99);
    expect(cache.get('q0')).toBeUndefined();
  });

  it('keeps an entry that is read while its generation ages', () => {
    const cache = new TwoGenerationCache<string>(2);
    cache.set('hot', 'document');
    for (let i = 0; i < 20; i++) {
      cache.set(`cold${i}`, 'other');
      expect(cache.get('hot')).toBe('document');
    }
  });
});
