import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, paginate, type SortedItems } from './paginate.js';

const tenItems: SortedItems = { length: 10, at: (k) => k };
const byPosition = (cursor: string): number | undefined => decodeCursor(cursor);

describe('paginate', () => {
  it('takes the first n items after a cursor, saying whether more lie either side', () => {
    const page = paginate(tenItems, { first: 3, after: encodeCursor(4) }, byPosition);
    expect(page).toEqual({
      ok: true,
      value: { positions: [5, 6, 7], hasNextPage: true, hasPreviousPage: true },
    });
  });

  it('takes the last n items before a cursor', () => {
    const page = paginate(tenItems, { last: 2, before: encodeCursor(3) }, byPosition);
    expect(page).toEqual({
      ok: true,
      value: { positions: [1, 2], hasNextPage: true, hasPreviousPage: true },
    });
  });

  it('pages a sparse selection by value, even from a cursor outside it', () => {
    const sparse: SortedItems = { length: 4, at: (k) => [2, 5, 9, 12][k] ?? -1 };
    const page = paginate(sparse, { first: 10, after: encodeCursor(6) }, byPosition);
    expect(page).toMatchObject({ ok: true, value: { positions: [9, 12], hasNextPage: false } });
  });

  it('pages newest first when reversed', () => {
    const page = paginate(tenItems, { first: 2, after: encodeCursor(8), reverse: true }, byPosition);
    expect(page).toMatchObject({ ok: true, value: { positions: [7, 6] } });
  });

  it('shapes cursors like Shopify: base64 of {"last_id", "last_value"}', () => {
    const cursor = encodeCursor(5000000000001);
    expect(Buffer.from(cursor, 'base64').toString()).toBe(
      '{"last_id":5000000000001,"last_value":"5000000000001"}',
    );
    expect(decodeCursor(cursor)).toBe(5000000000001);
    expect(decodeCursor('garbage')).toBeUndefined();
  });

  it('refuses pages without a size or over 250', () => {
    expect(paginate(tenItems, {}, byPosition)).toEqual({
      ok: false,
      reason: 'you must provide one of first or last',
    });
    expect(paginate(tenItems, { last: 251 }, byPosition).ok).toBe(false);
  });
});
