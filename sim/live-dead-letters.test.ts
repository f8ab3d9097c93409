import { describe, expect, it } from 'vitest';
import { liveDeadLetters } from '../pipeline/dead-letter-payload.js';
import { DeadLetterQueue } from '../pipeline/dead-letter-queue.js';
import { createMemoryStore } from '../pipeline/memory-store.js';
import type { PipelineOrder } from '../pipeline/shopify-requests.js';
import type { Store } from '../pipeline/store.js';
import { FunnelstormError } from '../runtime/errors.js';
import { LiveDeadLetterSink, type LiveDeadLetter } from './live-dead-letters.js';
import { Simulator } from './simulator.js';

const letter = (key: string) => ({
  key,
  reason: 'HTTP 422',
  attempts: 1,
  atMs: 0,
  payload: { sourceOrderId: key, customerId: '1', totalCents: 100, receivedAtMs: 0 } satisfies PipelineOrder,
});

describe('LiveDeadLetterSink', () => {
  it('stores each letter once, as it happens, with its stage; what the Store refuses goes to the fallback', async () => {
    const memory = createMemoryStore(new Simulator());
    let down = false;
    const store: Store = {
      ...memory,
      append: (key, value) =>
        down
          ? Promise.reject(new FunnelstormError('STORE_UNAVAILABLE', 'Redis is away'))
          : memory.append(key, value),
    };
    const orders = new DeadLetterQueue<PipelineOrder>();
    const customers = new DeadLetterQueue<PipelineOrder>();
    const local: LiveDeadLetter[] = [];
    const sink = new LiveDeadLetterSink(store, 'shop', { order: orders, 'customer-update': customers }, (l) =>
      local.push(l),
    );
    orders.add(letter('so-1'));
    customers.add(letter('so-2'));
    await sink.flush();
    await sink.flush();
    down = true;
    orders.add(letter('so-3'));
    await sink.flush();
    const stored = await liveDeadLetters(memory, 'shop').list();
    expect(
      stored.map((entry) => (entry.ok ? [entry.letter.key, entry.letter.payload.stage] : entry.reason)),
    ).toEqual([
      ['so-1', 'order'],
      ['so-2', 'customer-update'],
    ]);
    expect(local.map((l) => [l.key, l.payload.stage])).toEqual([['so-3', 'order']]);
    expect(sink.counts).toEqual({ stored: 2, local: 1, storeError: 'Redis is away' });
  });
});
