import { describe, expect, it } from 'vitest';
import type { NewOrder } from './order-input.js';
import { OrderStore } from './order-store.js';

function order(sourceId: string, tags = `fs-src-${sourceId}`): NewOrder {
  return {
    lineItems: [
      { title: 'Funnel order', priceCents: 1000, quantity: 1 },
      { title: 'Upsell', priceCents: 250, quantity: 3 },
    ],
    noteAttributes: [
      { name: 'campaign', value: 'launch' },
      { name: 'source_order_id', value: sourceId },
    ],
    tags,
    customerId: sourceId === 'guest' ? undefined : 'cust-7',
  };
}

describe('OrderStore', () => {
  it('derives ids, order numbers and names from the position and finds them back', () => {
    const store = new OrderStore();
    store.add(order('a'), 0);
    store.add(order('b'), 5);
    expect(store.indexOfId(5_000_000_000_002)).toBe(1);
    expect(store.indexOfName('#1002')).toBe(1);
    expect(store.indexOfName('1001')).toBe(0);
    expect([
      store.indexOfName('#1003'),
      store.indexOfName('#abc'),
      store.indexOfId(5_000_000_000_003),
    ]).toEqual([-1, -1, -1]);
  });

  it('rebuilds each order with its own line items, note attributes, total and customer', () => {
    const store = new OrderStore({ sourceIdAttribute: 'source_order_id' });
    store.add(order('a'), 0);
    store.add(order('guest', 'vip, fs-src-guest'), 2000);
    const second = store.toJson(1);
    expect(second).toMatchObject({
      name: '#1002',
      total_price: '17.50',
      customer: null,
      tags: 'vip, fs-src-guest',
      note_attributes: [
        { name: 'campaign', value: 'launch' },
        { name: 'source_order_id', value: 'guest' },
      ],
      created_at: '1970-01-01T00:00:02.000Z',
    });
    expect(second?.line_items.map((item) => [item.id, item.title, item.price, item.quantity])).toEqual([
      [9_000_000_000_003, 'Funnel order', '10.00', 1],
      [9_000_000_000_004, 'Upsell', '2.50', 3],
    ]);
    expect(store.toJson(0)?.customer).toEqual({ id: 'cust-7' });
    expect(store.toJson(2)).toBeUndefined();
  });

  it('keeps a numeric customer id as a number and any other id as given', () => {
    const store = new OrderStore();
    store.add({ ...order('a'), customerId: '7000000000001' }, 0);
    store.add({ ...order('b'), customerId: '007' }, 0);
    store.add(order('guest'), 0);
    expect([store.customerNumberAt(0), store.customerIdAt(0), store.toJson(0)?.customer]).toEqual([
      7_000_000_000_001,
      '7000000000001',
      { id: 7_000_000_000_001 },
    ]);
    expect([store.customerNumberAt(1), store.customerIdAt(1)]).toEqual([Number.NaN, '007']);
    expect([store.customerNumberAt(2), store.customerIdAt(2), store.totalCentsAt(2)]).toEqual([
      Number.NaN,
      undefined,
      1750,
    ]);
  });

  it('indexes source ids and tags, keeping repeated ones in creation order', () => {
    const store = new OrderStore();
    store.add(order('a', 'shared, x'), 0);
    store.add(order('b', 'shared'), 0);
    store.add(order('a', 'shared'), 0);
    expect(store.indexesByTag('shared')).toEqual([0, 1, 2]);
    expect(store.indexesByTag('x')).toEqual([0]);
    expect(store.countBySourceId('a')).toBe(2);
    expect(store.sourceIdAt(1)).toBe('b');
  });

  it('gives back tags that hold the source id exactly, whatever text surrounds it, past the template cap too', () => {
    const store = new OrderStore();
    const cases = [
      ['a', 'funnelstorm, fs-src-a'],
      ['a', 'a, a, x-a'],
      ['b\u0000', 'x\u0000, b\u0000'],
      ['b', 'fs-src-b'],
      ['c', 'no source id here'],
      ['guest', ''],
    ] as const;
    for (const [sourceId, tags] of cases) store.add(order(sourceId, tags), 0);
    for (let i = 0; i < 300; i++) store.add(order(`s${i}`, `t${i}-s${i}`), 0);
    cases.forEach(([, tags], index) => expect(store.toJson(index)?.tags).toBe(tags));
    expect(store.toJson(305)?.tags).toBe('t299-s299');
    expect(JSON.parse(store.toJsonText(305) ?? '{}').tags).toBe('t299-s299');
    store.setTags(0, 'retagged');
    expect(store.toJson(0)?.tags).toBe('retagged');
    expect(store.indexesByTag('fs-src-b')).toEqual([3]);
    expect(store.indexesByTag('t299-s299')).toEqual([305]);
  });

  it('gives back tags without the source id, the same on many orders or each its own, past the template cap too', () => {
    const store = new OrderStore();
    const tagsOf = (i: number) => (i % 3 === 0 ? 'funnelstorm' : i % 3 === 1 ? `batch-${i}` : '');
    for (let i = 0; i < 600; i++) store.add(order(i % 5 === 0 ? 'guest' : `so-${i}`, tagsOf(i)), 0);
    for (let i = 0; i < 600; i++) {
      expect(store.toJson(i)?.tags).toBe(tagsOf(i));
      expect(JSON.parse(store.toJsonText(i) ?? '{}').tags).toBe(tagsOf(i));
    }
    store.setTags(3, 'retagged');
    expect(store.toJson(3)?.tags).toBe('retagged');
    expect(store.toJson(6)?.tags).toBe('funnelstorm');
    expect(store.indexesByTag('funnelstorm').slice(0, 3)).toEqual([0, 6, 9]);
    expect(store.indexesByTag('batch-598')).toEqual([598]);
  });

  it('builds its tag index on the first lookup by tag and keeps it current after, retags included', () => {
    const store = new OrderStore();
    store.add(order('a', 'shared, x'), 0);
    store.setTags(0, 'shared, y');
    store.add(order('b', 'shared'), 0);
    expect(store.indexesByTag('x')).toEqual([]);
    expect(store.indexesByTag('y')).toEqual([0]);
    store.add(order('c', 'shared, y'), 0);
    store.setTags(1, 'z');
    expect(store.indexesByTag('shared')).toEqual([0, 2]);
    expect(store.indexesByTag('y')).toEqual([0, 2]);
    expect(store.indexesByTag('z')).toEqual([1]);
  });

  it('builds its source-id index on the first question and keeps it current after', () => {
    const store = new OrderStore();
    store.add(order('a'), 0);
    store.add(order('a'), 0);
    expect(store.countBySourceId('a')).toBe(2);
    store.add(order('a'), 0);
    store.add(order('b'), 0);
    const counts: [string, number][] = [];
    store.forEachSourceId((sourceId, count) => counts.push([sourceId, count]));
    expect(counts).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
  });

  it('reads the source id from the configured note attribute only', () => {
    const store = new OrderStore({ sourceIdAttribute: 'upstream_id' });
    store.add(order('a'), 0);
    expect(store.sourceIdAt(0)).toBeUndefined();
    expect(store.unattributedCount).toBe(1);
  });

  it('keeps 100,000 orders and finds any of them by source id and by id', () => {
    const store = new OrderStore();
    for (let i = 0; i < 100_000; i++) store.add(order(`src-${i}`), i);
    expect(store.count).toBe(100_000);
    expect(store.indexesByTag('fs-src-src-99999')).toEqual([99_999]);
    expect(store.toJson(99_999)?.name).toBe('#101000');
  });
});
