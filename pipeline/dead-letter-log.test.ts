import { describe, expect, it } from 'vitest';
import { ManualClock } from '../test/support/manual-clock.js';
import { compareLogIds, StoreDeadLetters } from './dead-letter-log.js';
import { deadLetterResponse, type DeadLetter } from './dead-letter-queue.js';
import { createMemoryStore } from './memory-store.js';
import type { PipelineOrder } from './shopify-requests.js';
import type { Store } from './store.js';

const shop = 'launch.myshopify.com';

function letter(n: number, extra: Partial<DeadLetter<PipelineOrder>> = {}): DeadLetter<PipelineOrder> {
  const sourceOrderId = `so-${n}`;
  return {
    key: sourceOrderId,
    reason: 'Shopify rejected the order: HTTP 422',
    attempts: 1,
    atMs: 1_000 * n,
    payload: { sourceOrderId, customerId: 'cust-1', totalCents: 1_500 + n, receivedAtMs: 10 * n },
    ...extra,
  };
}

function setup(pageSize?: number) {
  const store = createMemoryStore(new ManualClock());
  return { store, dlq: new StoreDeadLetters<PipelineOrder>(store, shop, pageSize ? { pageSize } : {}) };
}

describe('StoreDeadLetters', () => {
  it('appends letters to the shop’s {<shop>}:dlq log and reads them back whole, oldest first', async () => {
    const { store, dlq } = setup();
    const withResponse = letter(2, {
      lastResponse: deadLetterResponse({ status: 422, headers: {}, body: '{"errors":{"line_items":["x"]}}' }),
    });
    const ids = [await dlq.add(letter(1)), await dlq.add(withResponse)];
    expect(dlq.key).toBe('{launch.myshopify.com}:dlq');
    expect((await store.readLog(dlq.key)).map((e) => e.id)).toEqual(ids);
    expect(await dlq.list()).toEqual([
      { id: ids[0], ok: true, letter: letter(1) },
      { id: ids[1], ok: true, letter: withResponse },
    ]);
    expect(await dlq.list({ afterId: ids[0], count: 5 })).toEqual([
      { id: ids[1], ok: true, letter: withResponse },
    ]);
  });

  it('keeps only the first 500 characters of the last response body', () => {
    const long = deadLetterResponse({ status: 503, headers: {}, body: 'x'.repeat(2_000) });
    expect(long.body).toHaveLength(501);
    expect(long.body.endsWith('…')).toBe(true);
  });

  it('removes one letter by id', async () => {
    const { dlq } = setup();
    const id = await dlq.add(letter(1));
    await dlq.add(letter(2));
    expect(await dlq.remove(id)).toBe(true);
    expect(await dlq.remove(id)).toBe(false);
    expect((await dlq.list()).map((s) => s.ok && s.letter.key)).toEqual(['so-2']);
  });

  it('replays every letter into the intake and empties the log, page by page', async () => {
    const { dlq } = setup(2);
    const ids: string[] = [];
    for (let n = 1; n <= 5; n++) ids.push(await dlq.add(letter(n)));
    const redriven: PipelineOrder[] = [];
    const report = await dlq.replay('all', (l) => void redriven.push(l.payload));
    expect(report).toEqual({ replayed: ids, failed: [], notRemoved: [], unreadable: [], missing: [] });
    expect(redriven.map((o) => o.sourceOrderId)).toEqual(['so-1', 'so-2', 'so-3', 'so-4', 'so-5']);
    expect(await dlq.list()).toEqual([]);
  });

  it('replays only the ids asked for, and names the ones it did not find', async () => {
    const { dlq } = setup(2);
    const ids: string[] = [];
    for (let n = 1; n <= 5; n++) ids.push(await dlq.add(letter(n)));
    const seen: string[] = [];
    const report = await dlq.replay([ids[3]!, ids[1]!, 'no-such-id'], async (l) => {
      seen.push(l.key);
    });
    expect(seen).toEqual(['so-2', 'so-4']);
    expect(report).toMatchObject({ replayed: [ids[1], ids[3]], missing: ['no-such-id'] });
    expect((await dlq.list()).map((s) => s.id)).toEqual([ids[0], ids[2], ids[4]]);
  });

  it('keeps a letter whose re-drive threw, and goes on with the others: nothing is lost', async () => {
    const { dlq } = setup();
    const ids = [await dlq.add(letter(1)), await dlq.add(letter(2)), await dlq.add(letter(3))];
    const report = await dlq.replay('all', async (l) => {
      if (l.key === 'so-2') throw new Error('the queue is closed');
    });
    expect(report).toMatchObject({
      replayed: [ids[0], ids[2]],
      failed: [{ id: ids[1], reason: 'the queue is closed' }],
    });
    expect(await dlq.list()).toEqual([{ id: ids[1], ok: true, letter: letter(2) }]);
  });

  it('does not chase letters added during the replay (an order dead-lettered again waits for the next one)', async () => {
    const { dlq } = setup(1);
    await dlq.add(letter(1));
    await dlq.add(letter(2));
    let redriven = 0;
    const report = await dlq.replay('all', async (l) => {
      redriven++;
      await dlq.add({ ...l, reason: 'dead-lettered again' });
    });
    expect(redriven).toBe(2);
    expect(report.replayed).toHaveLength(2);
    expect((await dlq.list()).map((s) => s.ok && s.letter.reason)).toEqual([
      'dead-lettered again',
      'dead-lettered again',
    ]);
  });

  it('reports a letter as not removed when the store fails after the re-drive, leaving it in place', async () => {
    const memory = createMemoryStore(new ManualClock());
    const flaky: Store = { ...memory, removeFromLog: () => Promise.reject(new Error('Redis went away')) };
    const dlq = new StoreDeadLetters<PipelineOrder>(flaky, shop);
    const id = await dlq.add(letter(1));
    const report = await dlq.replay('all', () => undefined);
    expect(report).toMatchObject({ replayed: [], notRemoved: [{ id, reason: 'Redis went away' }] });
    expect(await dlq.list()).toHaveLength(1);
  });

  it('leaves unreadable entries in place and says why they cannot be read', async () => {
    const { store, dlq } = setup();
    const junk = await store.append(dlq.key, '{"key": 5}');
    const notJson = await store.append(dlq.key, 'not json');
    const good = await dlq.add(letter(1));
    const listed = await dlq.list();
    expect(listed[0]).toEqual({
      id: junk,
      ok: false,
      reason: 'key and reason must be strings',
      raw: '{"key": 5}',
    });
    expect(listed[1]).toMatchObject({ id: notJson, ok: false, reason: expect.stringMatching(/^not JSON/) });
    const report = await dlq.replay('all', () => undefined);
    expect(report).toMatchObject({ replayed: [good], unreadable: [junk, notJson] });
    expect((await dlq.list()).map((s) => s.id)).toEqual([junk, notJson]);
  });

  it('lets parsePayload refuse a payload of the wrong shape', async () => {
    const store = createMemoryStore(new ManualClock());
    const dlq = new StoreDeadLetters<PipelineOrder>(store, shop, {
      parsePayload: (p) =>
        typeof p === 'object' && p !== null && 'sourceOrderId' in p ? (p as PipelineOrder) : undefined,
    });
    await new StoreDeadLetters<string>(store, shop).add({
      key: 'k',
      reason: 'r',
      attempts: 1,
      atMs: 0,
      payload: 'x',
    });
    expect(await dlq.list()).toMatchObject([
      { ok: false, reason: 'the payload was refused by parsePayload' },
    ]);
  });

  it('orders log ids like Redis stream ids', () => {
    expect(compareLogIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareLogIds('1700000000000-2', '1700000000000-10')).toBeLessThan(0);
    expect(compareLogIds('5-1', '5-1')).toBe(0);
  });
});
