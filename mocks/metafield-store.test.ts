import { describe, expect, it } from 'vitest';
import { MetafieldStore } from './metafield-store.js';

const loyalty = { namespace: 'funnelstorm', key: 'loyalty', type: 'json' };
const alice = 7_000_000_000_001;
const bob = 7_000_000_000_002;

describe('MetafieldStore (columns)', () => {
  it('numbers metafields from firstId and finds each by id, by owner and by name', () => {
    const store = new MetafieldStore({ firstId: 100 });
    const first = store.set('Customer', alice, { ...loyalty, value: '{"points":1}' }, 5, false);
    const second = store.set('Order', alice, { ...loyalty, value: '{"points":2}' }, 6, false);
    expect(first.ok && first.value.record).toEqual({
      id: 100,
      ownerType: 'Customer',
      ownerId: alice,
      namespace: 'funnelstorm',
      key: 'loyalty',
      value: '{"points":1}',
      type: 'json',
      createdAtMs: 5,
      updatedAtMs: 5,
      writes: 1,
    });
    expect(second.ok && second.value.record.id).toBe(101);
    expect(store.count).toBe(2);
    expect(store.get(101)?.ownerType).toBe('Order');
    expect(store.get(102)).toBeUndefined();
    expect(store.get(100.5)).toBeUndefined();
    expect(store.find('Customer', alice, 'funnelstorm', 'loyalty')?.value).toBe('{"points":1}');
    expect(store.find('Customer', bob, 'funnelstorm', 'loyalty')).toBeUndefined();
    expect(store.find('Customer', alice, 'funnelstorm', 'other')).toBeUndefined();
  });

  it('refuses a second create of a key, updates it on upsert and keeps earlier records as they were', () => {
    const store = new MetafieldStore();
    const created = store.set('Customer', alice, { ...loyalty, value: 'a' }, 1, false);
    const before = store.find('Customer', alice, 'funnelstorm', 'loyalty');
    const again = store.set('Customer', alice, { ...loyalty, value: 'b' }, 2, false);
    expect(!again.ok && again.reason.code).toBe('TAKEN');
    const upserted = store.set('Customer', alice, { ...loyalty, value: 'c' }, 3, true);
    expect(upserted.ok && upserted.value).toMatchObject({
      created: false,
      record: {
        id: created.ok ? created.value.record.id : 0,
        value: 'c',
        createdAtMs: 1,
        updatedAtMs: 3,
        writes: 2,
      },
    });
    expect(before?.value).toBe('a');
    const retyped = store.set('Customer', alice, { ...loyalty, type: 'number_integer', value: '4' }, 4, true);
    expect(!retyped.ok && retyped.reason.code).toBe('INVALID_TYPE');
    expect(store.update(created.ok ? created.value.record.id : 0, 'd', undefined, 5).ok).toBe(true);
    expect(store.update(1, 'd', undefined, 5)).toMatchObject({ ok: false, reason: { status: 404 } });
    expect(store.count).toBe(1);
  });

  it('lists one owner’s metafields oldest first, by namespace or key, and visits a name across owners', () => {
    const store = new MetafieldStore({ maxPerOwner: 3 });
    store.set('Customer', alice, { namespace: 'a', key: 'x', type: 'json', value: '1' }, 1, false);
    store.set('Customer', bob, { namespace: 'a', key: 'x', type: 'json', value: '2' }, 2, false);
    store.set('Customer', alice, { namespace: 'b', key: 'x', type: 'json', value: '3' }, 3, false);
    store.set('Customer', alice, { namespace: 'a', key: 'y', type: 'json', value: '4' }, 4, false);
    const values = (list: { value: string }[]) => list.map((record) => record.value);
    expect(values(store.list('Customer', alice))).toEqual(['1', '3', '4']);
    expect(values(store.list('Customer', alice, { namespace: 'a' }))).toEqual(['1', '4']);
    expect(values(store.list('Customer', alice, { key: 'x' }))).toEqual(['1', '3']);
    expect(values(store.list('Customer', alice, { namespace: 'a', key: 'y' }))).toEqual(['4']);
    expect(values(store.list('Customer', alice, { namespace: 'none' }))).toEqual([]);
    expect(values(store.list('Order', alice))).toEqual([]);
    const full = store.set(
      'Customer',
      alice,
      { namespace: 'c', key: 'z', type: 'json', value: '5' },
      5,
      false,
    );
    expect(!full.ok && full.reason.code).toBe('LESS_THAN');
    const named: string[] = [];
    store.forEachNamed('Customer', 'a', 'x', (record) => named.push(`${record.ownerId}:${record.value}`));
    expect(named).toEqual([`${alice}:1`, `${bob}:2`]);
  });

  it('caps the shop at maxPerShop metafields', () => {
    const store = new MetafieldStore({ maxPerShop: 1 });
    store.set('Customer', alice, { ...loyalty, value: '1' }, 1, false);
    const refused = store.set('Customer', bob, { ...loyalty, value: '2' }, 2, false);
    expect(!refused.ok && refused.reason).toMatchObject({ status: 422, code: 'LESS_THAN' });
  });

  it('keeps the shop’s customers by position and any other owner by id, with the same answers as without', () => {
    const ranged = new MetafieldStore({ customerIds: { firstId: alice, count: 2 }, maxPerOwner: 3 });
    const plain = new MetafieldStore({ maxPerOwner: 3 });
    const owners: ['Customer' | 'Order', number][] = [
      ['Customer', alice],
      ['Customer', bob],
      ['Customer', bob + 1],
      ['Customer', alice - 1],
      ['Customer', 2 ** 53 + 2],
      ['Order', alice],
    ];
    let now = 0;
    for (const key of ['loyalty', 'tier', 'visits', 'extra']) {
      for (const [type, id] of owners) {
        const write = { ...loyalty, key, value: `{"at":${++now}}` };
        expect(ranged.set(type, id, write, now, false)).toEqual(plain.set(type, id, write, now, false));
        expect(ranged.set(type, id, write, now + 1, true)).toEqual(plain.set(type, id, write, now + 1, true));
      }
    }
    for (const [type, id] of owners) {
      expect(ranged.list(type, id)).toEqual(plain.list(type, id));
      expect(ranged.list(type, id).map((record) => record.key)).toEqual(['loyalty', 'tier', 'visits']);
      expect(ranged.find(type, id, 'funnelstorm', 'tier')).toEqual(
        plain.find(type, id, 'funnelstorm', 'tier'),
      );
    }
    expect(ranged.list('Customer', bob + 2)).toEqual([]);
  });
});
