import { describe, expect, it } from 'vitest';
import { ansiStyle } from './ansi-style.js';
import { visibleWidth, wrapLine } from './wrap-line.js';

describe('wrapLine', () => {
  it('leaves a line that fits alone', () => {
    expect(wrapLine('api         12 calls · 0 × 429', 80, 12)).toBe('api         12 calls · 0 × 429');
  });

  it('breaks a wide line at its separators under the value column, every line within the width', () => {
    const line = 'orders      1,000 generated · 1,000 created · 0 duplicates · 0 missing · 0 dead-lettered';
    const wrapped = wrapLine(line, 50, 12);
    expect(wrapped).toBe(
      'orders      1,000 generated · 1,000 created ·\n            0 duplicates · 0 missing ·\n            0 dead-lettered',
    );
    for (const part of wrapped.split('\n')) expect(visibleWidth(part)).toBeLessThanOrEqual(50);
  });

  it('does not count colour codes', () => {
    const red = ansiStyle('3 duplicates', ['red', 'bold'], true);
    expect(visibleWidth(red)).toBe(12);
    expect(wrapLine(`orders      ${red} · 0 missing`, 36, 12)).toBe(`orders      ${red} · 0 missing`);
  });
});
