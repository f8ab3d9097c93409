import { describe, expect, it } from 'vitest';
import { CustomerStore } from './customer-store.js';

const first = 7_000_000_000_001;

describe('CustomerStore (columns)', () => {
  it('reads a never-written customer as blank and allocates nothing for it', () => {
    const store = new CustomerStore({ count: 3, timeOriginMs: 1_000 });
    expect(store.get(first + 1)).toEqual({
      id: first + 1,
      totalSpentCents: 0,
      ordersCount: 0,
      tags: '',
      note: null,
      createdAtMs: 1_000,
      updatedAtMs: 1_000,
      updates: 0,
      highestFencingToken: -1,
    });
    expect(store.get(first + 3)).toBeUndefined();
    expect(store.noteFencingToken(first, -1)).toBe(true);
    const written: number[] = [];
    store.forEachWritten((record) => written.push(record.id));
    expect(written).toEqual([]);
  });

  it('applies patches, counts writes, keeps the highest fencing token and visits customers in first-write order', () => {
    const store = new CustomerStore({ count: 5, totalsOf: (id) => ({ cents: id - first, count: 1 }) });
    store.noteFencingToken(first + 4, 7);
    expect(store.update(first + 2, { tags: 'vip', note: 'hi' }, 10, 3)).toMatchObject({
      tags: 'vip',
      note: 'hi',
      updatedAtMs: 10,
      updates: 1,
      highestFencingToken: 3,
      totalSpentCents: 2,
    });
    expect(store.update(first + 2, { note: null }, 20, 2)).toMatchObject({
      tags: 'vip',
      note: null,
      updates: 2,
      highestFencingToken: 3,
    });
    expect(store.update(first + 2, { tags: '' }, 30)?.tags).toBe('');
    store.noteFencingToken(first + 4, 5);
    expect(store.get(first + 4)).toMatchObject({ highestFencingToken: 7, updates: 0, totalSpentCents: 4 });
    expect(store.update(first + 9, { tags: 'x' }, 1)).toBeUndefined();
    const written: string[] = [];
    store.forEachWritten((record) => written.push(`${record.id - first}:${record.updates}`));
    expect(written).toEqual(['4:0', '2:3']);
  });

  it('counts a write that changes no field without a record, as an empty update does, and reads tokens and writes by id', () => {
    const noted = new CustomerStore({ count: 3, timeOriginMs: 500 });
    const updated = new CustomerStore({ count: 3, timeOriginMs: 500 });
    expect(noted.highestFencingTokenOf(first + 1)).toBe(-1);
    expect(noted.updatesOf(first + 1)).toBe(0);
    noted.update(first + 1, { tags: 'vip' }, 5, 4);
    updated.update(first + 1, { tags: 'vip' }, 5, 4);
    expect(noted.noteWrite(first + 1, 10, 2)).toBe(true);
    updated.update(first + 1, {}, 10, 2);
    expect(noted.noteWrite(first + 2, 20, 6)).toBe(true);
    updated.update(first + 2, {}, 20, 6);
    expect(noted.noteWrite(first + 3, 30, 1)).toBe(false);
    expect(noted.get(first + 1)).toEqual(updated.get(first + 1));
    expect(noted.get(first + 2)).toEqual(updated.get(first + 2));
    expect(noted.get(first + 1)).toMatchObject({ tags: 'vip', updatedAtMs: 510, updates: 2 });
    expect(noted.highestFencingTokenOf(first + 1)).toBe(4);
    expect(noted.highestFencingTokenOf(first + 2)).toBe(6);
    expect(noted.highestFencingTokenOf(first + 3)).toBe(-1);
    expect(noted.updatesOf(first + 1)).toBe(2);
    expect(noted.updatesOf(first + 2)).toBe(1);
    expect(noted.updatesOf(first + 9)).toBe(0);
  });
});
