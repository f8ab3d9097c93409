import { describe, expect, it } from 'vitest';
import { flatCopy } from './flat-copy.js';

describe('flatCopy', () => {
  it('gives the same text for concatenations, slices, short and empty strings', () => {
    const id = `so-${String(1_000_000 + 5)}`;
    const key = `{funnelstorm-launch.myshopify.com}:lock:customer:${id}`;
    for (const text of [key, key.slice(1), key.slice(3, 40), 'a', '', 'é€😀 tag', '\ud83d'])
      expect(flatCopy(text)).toBe(text);
  });

  it('keeps a surrogate pair that straddles the split whole', () => {
    const text = `😀${'x'.repeat(20)}`;
    expect(flatCopy(text)).toBe(text);
    expect(flatCopy(text).codePointAt(0)).toBe(0x1f600);
  });
});
