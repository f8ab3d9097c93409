import { describe, expect, it } from 'vitest';
import { SourceIdSet } from './source-id-set.js';

describe('SourceIdSet', () => {
  it('holds each id once, numbered or not, and gives them all back', () => {
    const set = new SourceIdSet();
    const ids = ['so-000001', 'so-020000', 'so-000001', 'odd', 'odd', 'so-1000000', 'so-999999', 'so-000000'];
    for (const id of ids) set.add(id);
    expect(set.size).toBe(6);
    for (const id of ids) expect(set.has(id)).toBe(true);
    for (const id of ['so-000002', 'so-1', 'even', 'so-0000001', '']) expect(set.has(id)).toBe(false);
    expect([...set.values()].sort()).toEqual([...new Set(ids)].sort());
  });

  it('keeps an order number far past the count in its set, not in a bitset that large', () => {
    const set = new SourceIdSet();
    set.add('so-000000000000001');
    set.add('so-900000000000000');
    expect(set.has('so-900000000000000')).toBe(true);
    expect(set.has('so-900000000000001')).toBe(false);
    expect([...set.values()]).toEqual(['so-000000000000001', 'so-900000000000000']);
  });
});
