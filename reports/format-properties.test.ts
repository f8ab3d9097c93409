import { describe, expect, it } from 'vitest';
import { formatProperties, wrapWords } from './format-properties.js';
import type { PropertyVerdict } from './report-model.js';

const holds: PropertyVerdict = {
  property: 'no-duplicates',
  applies: true,
  holds: true,
  detail: '1,000 source orders, none created twice',
  orderIds: [],
};
const broken: PropertyVerdict = {
  property: 'mutual-exclusion',
  applies: true,
  holds: false,
  detail: 'customer 7000000000001 written by two lock holders at once',
  orderIds: ['so-000002', 'so-000007'],
};
const notApplying: PropertyVerdict = {
  property: 'rate-discipline',
  applies: false,
  holds: true,
  detail: '120 injected 429s',
  orderIds: [],
};

const ids = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `so-${String(i + 1).padStart(6, '0')}`);

describe('formatProperties', () => {
  it('writes one line per verdict: ✓ holds, ✗ BROKEN with its order ids, – does not apply', () => {
    expect(formatProperties([holds, broken, notApplying], { label: 'properties  ' }).split('\n')).toEqual([
      'properties  ✓ no-duplicates     holds · 1,000 source orders, none created twice',
      '            ✗ mutual-exclusion  BROKEN · customer 7000000000001 written by two lock holders at once',
      '                                orders so-000002, so-000007',
      '            – rate-discipline   does not apply · 120 injected 429s',
    ]);
  });

  it('returns nothing for no verdicts', () => {
    expect(formatProperties([])).toBe('');
  });

  it('wraps a long detail under itself, three lines at most, and every line fits the width', () => {
    const long = { ...broken, detail: Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ') };
    const lines = formatProperties([long], { label: 'properties  ', columns: 100 }).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^ {32}word/);
    expect(lines[2]).toMatch(/…$/);
    expect(lines[3]).toBe(`${' '.repeat(32)}orders so-000002, so-000007`);
    for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(100);
  });

  it('lists all twenty order ids of a broken verdict over as many lines as they need, and counts any more', () => {
    const twenty = formatProperties([{ ...broken, orderIds: ids(20) }], { columns: 100 });
    for (const id of ids(20)) expect(twenty).toContain(id);
    const many = formatProperties([{ ...broken, orderIds: ids(23) }]);
    expect(many.replace(/\s+/g, ' ')).toContain('so-000020 … and 3 more');
    expect(many).not.toContain('so-000021');
  });

  it('lists no order ids for a verdict that holds or does not apply', () => {
    const text = formatProperties([
      { ...holds, orderIds: ['so-000001'] },
      { ...notApplying, orderIds: ['so-000002'] },
    ]);
    expect(text).not.toContain('so-0000');
  });

  it('writes only the verdict word for an empty detail', () => {
    expect(formatProperties([{ ...holds, detail: '' }])).toBe('✓ no-duplicates     holds');
  });

  it('colours the mark and the word only when asked: green holds, bold red BROKEN, dim does not apply', () => {
    const plain = formatProperties([holds, broken, notApplying]);
    expect(plain).not.toContain('\u001b[');
    const colored = formatProperties([holds, broken, notApplying], { color: true });
    expect(colored).toContain('\u001b[32mholds\u001b[39m · 1,000');
    expect(colored).toContain('\u001b[1m\u001b[31mBROKEN\u001b[39m\u001b[22m · customer');
    expect(colored).toContain('\u001b[2mdoes not apply\u001b[22m');
    expect(colored).toContain('\u001b[1m\u001b[31m✗\u001b[39m\u001b[22m mutual-exclusion');
  });
});

describe('wrapWords', () => {
  it('breaks at spaces within the width', () => {
    expect(wrapWords('aa bb cc dd', 5, 10)).toEqual(['aa bb', 'cc dd']);
  });

  it('cuts a word longer than the width, and ends the last kept line with … when text is left out', () => {
    expect(wrapWords('abcdefghij', 5, 10)).toEqual(['abcd…']);
    expect(wrapWords('aa bb cc dd ee', 5, 2)).toEqual(['aa bb', 'cc d…']);
  });

  it('flattens line breaks and runs of spaces', () => {
    expect(wrapWords('a\n\n b\tc ', 10, 3)).toEqual(['a b c']);
  });
});
