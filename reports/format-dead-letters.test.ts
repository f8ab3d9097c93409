import { describe, expect, it } from 'vitest';
import { formatDeadLetters } from './format-dead-letters.js';
import type { DeadLetterEntry } from './report-model.js';

const entries: DeadLetterEntry[] = Array.from({ length: 8 }, (_, i) => ({
  sourceOrderId: String(1000 + i),
  reason: `503 Service Unavailable (attempt budget spent) #${i}`,
  attempts: i + 1,
}));

describe('formatDeadLetters', () => {
  it('lists the first five by default, then how many more there are', () => {
    const lines = formatDeadLetters(entries).split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe('  #1000  1 attempt   503 Service Unavailable (attempt budget spent) #0');
    expect(lines[5]).toBe('  … and 3 more');
  });

  it('counts dead letters beyond the entries it was given', () => {
    expect(formatDeadLetters(entries.slice(0, 2), { total: 10 })).toContain('… and 8 more');
  });

  it('cuts long reasons to the line width', () => {
    const long = formatDeadLetters([{ sourceOrderId: '1', reason: 'r'.repeat(500), attempts: 2 }], {
      columns: 60,
    });
    expect(Array.from(long)).toHaveLength(60);
    expect(long.endsWith('…')).toBe(true);
  });

  it('lists every entry of a long list when the limit is Infinity', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => ({
      sourceOrderId: String(i),
      reason: 'r',
      attempts: 1,
    }));
    expect(formatDeadLetters(many, { limit: Infinity }).split('\n')).toHaveLength(200_000);
  });

  it('returns an empty string when there are none', () => {
    expect(formatDeadLetters([])).toBe('');
  });
});
