import { describe, expect, it } from 'vitest';
import type { ShopifyOutcome } from '../mocks/shopify-service.js';
import { createRandom } from '../runtime/seeded-random.js';
import type { HttpRequest, HttpResponse } from '../runtime/transport.js';
import { createSimNetwork } from '../sim/sim-network.js';
import { Simulator } from '../sim/simulator.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { fencingTokenHeader } from './lease.js';
import { createMemoryStore } from './memory-store.js';
import {
  orderClaimKey,
  processOrder,
  type OrderOutcome,
  type OrderWorkflowSettings,
} from './order-workflow.js';
import { variantGuarantees, type PipelineVariantName } from './pipeline-variants.js';
import { defaultReferencePipelineOptions } from './reference-pipeline.js';
import { RetryBudget, type RetryBudgetOptions } from './retry-budget.js';
import { retryInterceptor } from './retry.js';
import type { PipelineOrder, ShopTarget } from './shopify-requests.js';
import type { Store } from './store.js';
import { FunnelstormError } from '../runtime/errors.js';

/** What the fake shop does with the next request of a kind, instead of answering it normally. */
type Fault =
  | 'applied-then-503' // the write happens, the client sees 503
  | 'not-applied-503' // 503, nothing happens
  | 'timeout-before' // no answer, nothing happens
  | 422
  | 404
  | 429
  | 'stale-409'; // the fencing check refuses the write

/** Scripted faults per request kind, consumed in order. */
interface Script {
  create?: Fault[];
  lookup?: Fault[];
  getCustomer?: Fault[];
  putCustomer?: Fault[];
}

const customerId = '7000000000001';

/**
 * A tiny fake shop behind the simulated network (100 ms round trip): creates go into `orders` and
 * lookups by tag search them; one customer with its loyalty metafield (points, orders counted and which
 * ones, shown as `fs-counted-<id>` in `tags`) and a fencing check. Enough to
 * exercise the workflow's decisions without the full model.
 */
function fakeShop(script: Script) {
  const orders: { id: number; tags: string }[] = [];
  const customer = {
    totalCents: 0,
    count: 0,
    tags: '',
    counted: [] as string[],
    highestToken: -1,
    writes: 0,
  };
  const fencingTokens: (string | undefined)[] = [];
  let creates = 0;
  const reply = (status: number, body: unknown): ShopifyOutcome => ({
    kind: 'response',
    response: { status, headers: {}, body: JSON.stringify(body) } satisfies HttpResponse,
    delayMs: 0,
  });
  const failure = (fault: Fault | undefined): ShopifyOutcome | undefined => {
    if (fault === undefined || fault === 'applied-then-503') return undefined;
    if (fault === 'timeout-before') return { kind: 'hang' };
    if (fault === 'not-applied-503') return reply(503, { errors: 'Service Unavailable' });
    if (fault === 'stale-409') return reply(409, { errors: 'stale fencing token' });
    return reply(fault, { errors: fault === 422 ? { line_items: ['must have a price'] } : 'Not Found' });
  };
  const server = (request: HttpRequest): ShopifyOutcome => {
    const url = new URL(request.url);
    if (url.pathname.endsWith('/orders.json') && request.method === 'GET') {
      const refused = failure(script.lookup?.shift());
      if (refused) return refused;
      const tag = url.searchParams.get('tag')!;
      return reply(200, { orders: orders.filter((o) => o.tags.split(', ').includes(tag)) });
    }
    if (url.pathname.endsWith('/orders.json')) {
      creates++;
      const fault = script.create?.shift();
      const refused = failure(fault);
      if (refused) return refused;
      const order = JSON.parse(request.body!).order as { tags: string };
      orders.push({ id: 1000 + orders.length, tags: order.tags });
      return fault === 'applied-then-503'
        ? reply(503, { errors: 'Service Unavailable' })
        : reply(201, { order: { id: 1000 + orders.length - 1 } });
    }
    if (request.method === 'GET') {
      const refused = failure(script.getCustomer?.shift());
      if (refused) return refused;
      return reply(200, { metafields: customer.writes === 0 ? [] : [metafieldJson()] });
    }
    const fault = script.putCustomer?.shift();
    const refused = failure(fault);
    if (refused) return refused;
    const token = request.headers[fencingTokenHeader];
    fencingTokens.push(token);
    const value = JSON.parse(
      (JSON.parse(request.body!) as { metafield: { value: string } }).metafield.value,
    ) as {
      points: number;
      orders: number;
      counted: string;
    };
    // The pipeline writes its ids as one space-separated text (counted-orders.ts); this shop answers them
    // as an array, the older form the pipeline still reads.
    const counted = value.counted === '' ? [] : value.counted.split(' ');
    customer.totalCents = value.points;
    customer.count = value.orders;
    customer.tags = counted.map((id) => `fs-counted-${id}`).join(', ');
    customer.counted = counted;
    customer.writes++;
    customer.highestToken = Math.max(customer.highestToken, Number(token ?? -1));
    return fault === 'applied-then-503'
      ? reply(503, { errors: 'Service Unavailable' })
      : reply(200, { metafield: metafieldJson() });
  };
  /** The customer's `funnelstorm.loyalty` metafield as the REST API shows it. */
  function metafieldJson() {
    const value = JSON.stringify({
      points: customer.totalCents,
      orders: customer.count,
      counted: customer.counted,
    });
    return { id: 9, namespace: 'funnelstorm', key: 'loyalty', type: 'json', value };
  }
  return { server, orders, customer, fencingTokens, creates: () => creates };
}

interface RunOptions {
  deliveries?: number;
  orders?: PipelineOrder[];
  variant?: PipelineVariantName;
  settings?: Partial<OrderWorkflowSettings>;
  budget?: Partial<RetryBudgetOptions>;
  /** Wraps the memory store, e.g. to fail some operations as a Redis outage would. */
  wrapStore?: (store: Store) => Store;
}

async function run(script: Script, options: RunOptions = {}) {
  const sim = new Simulator();
  const shop = fakeShop(script);
  const random = createRandom(5);
  const transport = createSimNetwork(sim, shop.server, random.fork('network'));
  const deadLetters = new DeadLetterQueue<PipelineOrder>();
  const customerDeadLetters = new DeadLetterQueue<PipelineOrder>();
  const store = (options.wrapStore ?? ((plain: Store) => plain))(createMemoryStore(sim));
  const settings: OrderWorkflowSettings = {
    ...defaultReferencePipelineOptions,
    ...variantGuarantees(options.variant ?? 'reference'),
    ...options.settings,
  };
  const budget = options.budget && new RetryBudget(sim, options.budget);
  const target: ShopTarget = { domain: 'a.myshopify.com', accessToken: 't', apiVersion: '2026-01' };
  const outcomes: OrderOutcome[] = [];
  const orders = options.orders ?? [order('so-1', 1234)];
  let delivery = 0;
  for (const each of orders) {
    for (let i = 0; i < (options.deliveries ?? 1); i++) {
      const name = `delivery-${delivery++}`;
      const client = retryInterceptor(sim, random.fork(`${name}/retry`), {
        ...settings,
        ...(budget && { budget }),
      })(
        // Every request gets the client's 10 s timeout, as the reference pipeline's chain gives it.
        (request, dispatchOptions) => transport(request, { ...dispatchOptions, signal: sim.timeout(10_000) }),
      );
      sim.spawn(name, async () => {
        const deps = {
          clock: sim,
          random: random.fork(name),
          client,
          store,
          spawn: (processName: string, body: () => Promise<void>) => sim.spawn(processName, body),
          shop: target,
          deadLetters,
          customerDeadLetters,
          settings,
        };
        outcomes.push(await processOrder(each, deps));
      });
    }
  }
  const result = await sim.run();
  expect(result.blockedWaits).toBe(0);
  return {
    outcomes,
    shop,
    store,
    target,
    deadLetters: deadLetters.entries(),
    customerDeadLetters: customerDeadLetters.entries(),
  };
}

function order(sourceOrderId: string, totalCents: number): PipelineOrder {
  return { sourceOrderId, customerId, totalCents, receivedAtMs: 0 };
}

describe('processOrder: the order', () => {
  it('creates the order once on a clean run and counts it in its customer', async () => {
    const { outcomes, shop } = await run({});
    expect(outcomes).toEqual([
      {
        kind: 'created',
        shopifyOrderId: 1000,
        attempts: 1,
        reconciled: false,
        customer: { kind: 'counted', attempts: 2 },
      },
    ]);
    expect(shop.orders).toHaveLength(1);
    expect(shop.customer).toMatchObject({ totalCents: 1234, count: 1, tags: 'fs-counted-so-1', writes: 1 });
  });

  it('finds the order instead of creating it again when a 503 came after the write', async () => {
    const { outcomes, shop } = await run({ create: ['applied-then-503'] });
    expect(shop.orders).toHaveLength(1);
    expect(shop.creates()).toBe(1);
    expect(outcomes[0]).toMatchObject({ kind: 'created', shopifyOrderId: 1000, reconciled: true });
  });

  it('creates again when the lookup shows the ambiguous attempt did not happen', async () => {
    const { outcomes, shop } = await run({ create: ['timeout-before'] });
    expect(shop.orders).toHaveLength(1);
    expect(shop.creates()).toBe(2);
    expect(outcomes[0]).toMatchObject({ kind: 'created', reconciled: false, attempts: 3 });
  });

  it('keeps looking up, not creating, while the lookup itself fails', async () => {
    const { shop } = await run({
      create: ['applied-then-503'],
      lookup: ['not-applied-503', 'not-applied-503'],
    });
    expect(shop.orders).toHaveLength(1);
    expect(shop.creates()).toBe(1);
  });

  it('dead-letters a rejected order at once with the reason and Shopify’s answer, and frees its claim', async () => {
    const { outcomes, deadLetters, store, target } = await run({ create: [422] });
    expect(outcomes[0]).toMatchObject({ kind: 'dead-lettered', attempts: 1 });
    expect(deadLetters[0]?.reason).toMatch(/Shopify rejected the order: HTTP 422 .*line_items/);
    expect(deadLetters[0]?.lastResponse).toMatchObject({ status: 422 });
    // Known not applied: a replay may claim the order again.
    expect(await store.get(orderClaimKey(target, 'so-1'))).toBeUndefined();
  });

  it('dead-letters after maxAttempts of ambiguous failures, never creating a duplicate', async () => {
    const faults: Fault[] = Array.from({ length: 20 }, () => 'not-applied-503' as const);
    const { outcomes, shop, deadLetters, store, target } = await run({ create: faults });
    expect(shop.orders).toHaveLength(0);
    expect(outcomes[0]).toMatchObject({ kind: 'dead-lettered', attempts: 8 });
    expect(deadLetters[0]?.reason).toMatch(/gave up after 8 attempts; last: /);
    // The last request was a lookup that found nothing: known not applied, so the claim is free again.
    expect(await store.get(orderClaimKey(target, 'so-1'))).toBeUndefined();
  });

  it('keeps the claim, marked dead-lettered, when the last create may have been applied', async () => {
    const { outcomes, store, target } = await run(
      { create: ['applied-then-503'] },
      { settings: { maxAttempts: 1 } },
    );
    expect(outcomes[0]).toMatchObject({ kind: 'dead-lettered', attempts: 1 });
    expect(await store.get(orderClaimKey(target, 'so-1'))).toMatch(/^done:.*"deadLettered":true/);
  });

  it('does nothing for a second delivery of an order already claimed', async () => {
    const { outcomes, shop } = await run({}, { deliveries: 2 });
    expect(shop.orders).toHaveLength(1);
    expect(shop.customer.count).toBe(1);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['already-claimed', 'created']);
    expect(outcomes).toContainEqual({ kind: 'already-claimed', state: 'done' });
  });

  it('waits for the retry budget instead of dead-lettering at once, and gives up with that reason when it stays spent', async () => {
    // No retries allowed at all: the lookup after the ambiguous create is never sent.
    const { outcomes, deadLetters, shop } = await run(
      { create: ['applied-then-503'] },
      { budget: { ratio: 0, minRetriesPerWindow: 0 }, settings: { budgetWaitMs: 60_000 } },
    );
    expect(shop.creates()).toBe(1);
    expect(outcomes[0]).toMatchObject({ kind: 'dead-lettered', attempts: 1 });
    expect(deadLetters[0]?.reason).toMatch(
      /^the retry budget stayed spent for \d+ s after 1 attempt; last: HTTP 503/,
    );
  });

  it('gets through once the retry budget has room again', async () => {
    const { outcomes, shop } = await run(
      // One retry a second: the lookup's in-dispatch retry is refused, the workflow waits, then looks again.
      { create: ['applied-then-503'], lookup: ['not-applied-503'] },
      { budget: { ratio: 0, minRetriesPerWindow: 1, windowMs: 1_000, buckets: 1 } },
    );
    expect(shop.orders).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ kind: 'created', reconciled: true });
  });
});

describe('processOrder: naive baselines', () => {
  it('no-reconcile creates again after an ambiguous create: a duplicate', async () => {
    const { shop } = await run({ create: ['applied-then-503'] }, { variant: 'no-reconcile' });
    expect(shop.orders).toHaveLength(2);
  });

  it('no-idempotency creates again after an ambiguous create, and a second delivery creates once more', async () => {
    const { shop } = await run(
      { create: ['applied-then-503'] },
      { variant: 'no-idempotency', deliveries: 2 },
    );
    expect(shop.orders).toHaveLength(3);
  });

  it('no-mutex lets two concurrent orders of one customer overwrite each other: a lost update', async () => {
    const orders = [order('so-1', 1000), order('so-2', 2000)];
    const naive = await run({}, { variant: 'no-mutex', orders });
    expect(naive.shop.orders).toHaveLength(2);
    expect(naive.shop.customer.count).toBe(1);
    expect(naive.shop.fencingTokens).toEqual([undefined, undefined]);

    const reference = await run({}, { orders });
    expect(reference.shop.customer).toMatchObject({ totalCents: 3000, count: 2, writes: 2 });
    expect(reference.shop.fencingTokens).toEqual(['1', '2']);
  });
});

describe('processOrder: the customer update', () => {
  it('never repeats an ambiguous metafield create blind: it re-reads and finds the order counted', async () => {
    // The customer's first write creates the metafield (a POST, which the retry stage does not repeat after
    // an ambiguous answer); the stage's own re-read settles it.
    const { outcomes, shop } = await run({ putCustomer: ['applied-then-503'] });
    expect(shop.customer).toMatchObject({ totalCents: 1234, count: 1, writes: 1 });
    expect(outcomes[0]).toMatchObject({ customer: { kind: 'already-counted' } });
  });

  it('re-reads after an ambiguous write it may not repeat, and finds the order counted', async () => {
    const { outcomes, shop, customerDeadLetters } = await run(
      { putCustomer: ['applied-then-503'] },
      { settings: { maxAttempts: 1 } },
    );
    expect(shop.customer).toMatchObject({ totalCents: 1234, count: 1, writes: 1 });
    expect(outcomes[0]).toMatchObject({ customer: { kind: 'already-counted' } });
    expect(customerDeadLetters).toEqual([]);
  });

  it('says so when the last read after the attempts ran out shows the write was not applied', async () => {
    const { outcomes, shop, customerDeadLetters } = await run(
      { putCustomer: ['not-applied-503'] },
      { settings: { maxAttempts: 1 } },
    );
    expect(shop.customer.writes).toBe(0);
    expect(outcomes[0]).toMatchObject({ customer: { kind: 'failed' } });
    expect(customerDeadLetters[0]?.reason).toMatch(/a last read shows the update was not applied/);
  });

  it('writes again after an ambiguous write that did not apply', async () => {
    const { outcomes, shop } = await run({ putCustomer: ['not-applied-503'] });
    expect(shop.customer).toMatchObject({ totalCents: 1234, count: 1, writes: 1 });
    expect(outcomes[0]).toMatchObject({ customer: { kind: 'counted' } });
  });

  it('takes a new lease and redoes the read-modify-write after a 409 from the fencing check', async () => {
    const { outcomes, shop, customerDeadLetters } = await run({ putCustomer: ['stale-409'] });
    expect(customerDeadLetters).toEqual([]);
    expect(outcomes[0]).toMatchObject({ customer: { kind: 'counted' } });
    expect(shop.customer).toMatchObject({ totalCents: 1234, count: 1 });
    // The retry came from a newer holder of the lock.
    expect(shop.fencingTokens).toEqual(['2']);
  });

  it('dead-letters the customer update with the reason when the customer does not exist; the order stays created', async () => {
    const { outcomes, shop, deadLetters, customerDeadLetters } = await run({ getCustomer: [404] });
    expect(shop.orders).toHaveLength(1);
    expect(deadLetters).toEqual([]);
    expect(outcomes[0]).toMatchObject({ kind: 'created', customer: { kind: 'failed' } });
    expect(customerDeadLetters[0]?.reason).toMatch(
      /^customer update: reading customer 7000000000001: HTTP 404 .*Not Found/,
    );
    expect(customerDeadLetters[0]?.lastResponse).toMatchObject({ status: 404 });
  });

  it('gives up after maxAttempts failed requests, never counting the order twice', async () => {
    const faults: Fault[] = Array.from({ length: 30 }, () => 'not-applied-503' as const);
    const { outcomes, shop, customerDeadLetters } = await run({ putCustomer: faults });
    expect(shop.customer.writes).toBe(0);
    expect(outcomes[0]).toMatchObject({ customer: { kind: 'failed' } });
    expect(customerDeadLetters[0]?.reason).toMatch(
      /^customer update: gave up on customer 7000000000001 after 8 failed attempts \(a last read shows the update was not applied\); last: writing customer .*HTTP 503/,
    );
  });

  it('skips customers that are not Shopify ids (a guest checkout)', async () => {
    const { outcomes, shop } = await run({}, { orders: [{ ...order('so-1', 100), customerId: 'guest' }] });
    expect(outcomes[0]).toMatchObject({ customer: { kind: 'skipped' } });
    expect(shop.customer.writes).toBe(0);
  });
});

describe('processOrder: the claim through a Store outage', () => {
  const outage = (message = 'Redis gone') => new FunnelstormError('STORE_UNAVAILABLE', message);
  /** setIfAbsent fails `times` times; `applied` says whether each failed call still took the key. */
  const failingClaims =
    (times: number, applied: boolean) =>
    (store: Store): Store => {
      let left = times;
      return {
        ...store,
        async setIfAbsent(key, value, ttlMs) {
          if (left <= 0) return store.setIfAbsent(key, value, ttlMs);
          left--;
          if (applied) await store.setIfAbsent(key, value, ttlMs);
          throw outage();
        },
      };
    };

  it('keeps trying with backoff while the Store is away, then claims and creates the order once', async () => {
    const { outcomes, shop, deadLetters } = await run({}, { wrapStore: failingClaims(3, false) });
    expect(outcomes).toMatchObject([{ kind: 'created', reconciled: false }]);
    expect(shop.orders).toHaveLength(1);
    expect(deadLetters).toEqual([]);
  });

  it('dead-letters, never waits out or repeats, a claim that a failed attempt may have taken itself', async () => {
    const { outcomes, shop, deadLetters } = await run({}, { wrapStore: failingClaims(1, true) });
    expect(outcomes).toMatchObject([{ kind: 'dead-lettered' }]);
    expect(shop.creates()).toBe(0);
    expect(deadLetters[0]?.reason).toMatch(/in flight after a claim attempt failed in a Store outage/);
  });

  it('gives up after storeWaitMs with the Store’s reason, having sent nothing to Shopify', async () => {
    const { outcomes, shop, deadLetters } = await run(
      {},
      { wrapStore: failingClaims(1_000, false), settings: { storeWaitMs: 5_000 } },
    );
    expect(outcomes).toMatchObject([{ kind: 'dead-lettered' }]);
    expect(shop.creates()).toBe(0);
    expect(deadLetters[0]?.reason).toMatch(/could not be taken within 5000 ms: Redis gone/);
  });
});
