import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import type { Dispatch, DispatchResult } from '../runtime/transport.js';
import { Simulator } from '../sim/simulator.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { createMemoryStore } from './memory-store.js';
import { processOrder, type OrderOutcome } from './order-workflow.js';
import { defaultReferencePipelineOptions } from './reference-pipeline.js';
import { retryInterceptor } from './retry.js';
import type { PipelineOrder } from './shopify-requests.js';

type Fault = 'applied-then-503' | 'not-applied-503' | 'timeout-before' | 422 | 'lookup-503';

/**
 * A tiny fake shop: creates go into `orders` unless the next scripted fault says otherwise; lookups by
 * tag search them. Enough to exercise the workflow's decisions without the full model.
 */
function fakeShop(faults: Fault[]) {
  const orders: { id: number; tags: string }[] = [];
  let creates = 0;
  const ok = (status: number, body: unknown): DispatchResult => ({
    ok: true,
    response: { status, headers: {}, body: JSON.stringify(body) },
  });
  const dispatch: Dispatch = async (request) => {
    if (request.method === 'GET') {
      if (faults[0] === 'lookup-503') {
        faults.shift();
        return ok(503, { errors: 'unavailable' });
      }
      const tag = new URL(request.url).searchParams.get('tag')!;
      return ok(200, { orders: orders.filter((o) => o.tags.split(', ').includes(tag)) });
    }
    creates++;
    const fault = faults.shift();
    const order = JSON.parse(request.body!).order as { tags: string };
    if (fault === 422) return ok(422, { errors: { line_items: ['must have a price'] } });
    if (fault === 'not-applied-503' || fault === 'timeout-before') {
      return fault === 'timeout-before'
        ? { ok: false, error: { kind: 'timeout', message: 'x' } }
        : ok(503, {});
    }
    orders.push({ id: 1000 + orders.length, tags: order.tags });
    return fault === 'applied-then-503' ? ok(503, {}) : ok(201, { order: { id: 1000 + orders.length - 1 } });
  };
  return { dispatch, orders, creates: () => creates };
}

async function run(faults: Fault[], deliveries = 1) {
  const sim = new Simulator();
  const shop = fakeShop(faults);
  const deadLetters = new DeadLetterQueue<PipelineOrder>();
  const random = createRandom(5);
  const deps = {
    clock: sim,
    random,
    client: retryInterceptor(sim, random.fork('retry'), defaultReferencePipelineOptions)(shop.dispatch),
    store: createMemoryStore(sim),
    shop: { domain: 'a.myshopify.com', accessToken: 't', apiVersion: '2026-01' },
    deadLetters,
    settings: defaultReferencePipelineOptions,
  };
  const order: PipelineOrder = {
    sourceOrderId: 'so-1',
    customerId: 'c-1',
    totalCents: 1234,
    receivedAtMs: 0,
  };
  const outcomes: OrderOutcome[] = [];
  for (let i = 0; i < deliveries; i++) {
    sim.spawn(`delivery-${i}`, async () => {
      outcomes.push(await processOrder(order, deps));
    });
  }
  await sim.run();
  return { outcomes, orders: shop.orders, creates: shop.creates(), deadLetters: deadLetters.entries() };
}

describe('processOrder', () => {
  it('creates the order once on a clean run', async () => {
    const { outcomes, orders } = await run([]);
    expect(outcomes).toEqual([{ kind: 'created', shopifyOrderId: 1000, attempts: 1, reconciled: false }]);
    expect(orders).toHaveLength(1);
  });

  it('finds the order instead of creating it again when a 503 came after the write', async () => {
    const { outcomes, orders, creates } = await run(['applied-then-503']);
    expect(orders).toHaveLength(1);
    expect(creates).toBe(1);
    expect(outcomes[0]).toMatchObject({ kind: 'created', shopifyOrderId: 1000, reconciled: true });
  });

  it('creates again when the lookup shows the ambiguous attempt did not happen', async () => {
    const { outcomes, orders, creates } = await run(['timeout-before']);
    expect(orders).toHaveLength(1);
    expect(creates).toBe(2);
    expect(outcomes[0]).toMatchObject({ kind: 'created', reconciled: false, attempts: 3 });
  });

  it('keeps looking up, not creating, while the lookup itself fails', async () => {
    const { orders, creates } = await run(['applied-then-503', 'lookup-503', 'lookup-503']);
    expect(orders).toHaveLength(1);
    expect(creates).toBe(1);
  });

  it('dead-letters a rejected order at once with the reason', async () => {
    const { outcomes, deadLetters } = await run([422]);
    expect(outcomes[0]).toMatchObject({ kind: 'dead-lettered', attempts: 1 });
    expect(deadLetters[0]?.reason).toMatch(/Shopify rejected the order: HTTP 422 .*line_items/);
  });

  it('dead-letters after maxAttempts of ambiguous failures, never creating a duplicate', async () => {
    const faults: Fault[] = Array.from({ length: 20 }, () => 'not-applied-503' as const);
    const { outcomes, orders, deadLetters } = await run(faults);
    expect(orders).toHaveLength(0);
    expect(outcomes[0]).toMatchObject({ kind: 'dead-lettered', attempts: 8 });
    expect(deadLetters[0]?.reason).toMatch(/gave up after 8 attempts; last: /);
  });

  it('does nothing for a second delivery of an order already claimed', async () => {
    const { outcomes, orders } = await run([], 2);
    expect(orders).toHaveLength(1);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['already-claimed', 'created']);
  });
});
