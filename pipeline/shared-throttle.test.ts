import { describe, expect, it } from 'vitest';
import { plans, type PlanName } from '../mocks/plans.js';
import { createShopifyService } from '../mocks/shopify-service.js';
import { FunnelstormError } from '../runtime/errors.js';
import { createRandom } from '../runtime/seeded-random.js';
import { compose } from '../runtime/transport.js';
import { createSimNetwork } from '../sim/sim-network.js';
import { Simulator } from '../sim/simulator.js';
import { createMemoryStore } from './memory-store.js';
import { observeCalls } from './observe-calls.js';
import { retryInterceptor } from './retry.js';
import { StoreThrottle, throttleKey } from './shared-throttle.js';
import { createOrderRequest, type ShopTarget } from './shopify-requests.js';
import type { Store } from './store.js';

const shopDomain = 'launch.myshopify.com';
const standard = { shop: shopDomain, app: 'funnel-sync', bucketSize: 40, leakPerSecond: 2 };

describe('StoreThrottle', () => {
  it('keys each app’s bucket on each shop under the shop’s hash tag', () => {
    expect(throttleKey(shopDomain, 'funnel-sync')).toBe('{launch.myshopify.com}:throttle:funnel-sync');
    const store = createMemoryStore(new Simulator());
    expect(new StoreThrottle(store, new Simulator(), standard).key).toBe(
      throttleKey(shopDomain, 'funnel-sync'),
    );
  });

  it('paces three processes sharing one Store at exactly the leak rate after the burst (standard)', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const grants: number[] = [];
    let next = 0;
    for (let p = 0; p < 3; p++) {
      const throttle = new StoreThrottle(store, sim, { ...standard, headroom: 1 });
      for (let w = 0; w < 4; w++) {
        sim.spawn(`p${p}w${w}`, async () => {
          while (next < 100) {
            next++;
            await throttle.acquire();
            grants.push(sim.nowMs());
          }
        });
      }
    }
    await sim.run();
    grants.sort((a, b) => a - b);
    expect(grants.slice(0, 39).every((t) => t === 0)).toBe(true);
    const gaps = grants.slice(39).map((t, i) => t - grants[38 + i]!);
    expect(gaps.every((gap) => gap === 500 || gap === 0)).toBe(true);
    expect(grants.at(-1)).toBe((100 - 39) * 500);
  });

  it('moves every process’s schedule when one of them hears that the bucket is fuller than they thought', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const a = new StoreThrottle(store, sim, { ...standard, headroom: 0 });
    const b = new StoreThrottle(store, sim, { ...standard, headroom: 0 });
    const grants: number[] = [];
    sim.spawn('a', async () => {
      await sim.sleep(100);
      // Another app server, unknown to us, filled the bucket: 40/40 for a call sent at t=0.
      await a.observe(0, 200, { 'X-Shopify-Shop-Api-Call-Limit': '40/40' });
    });
    sim.spawn('b', async () => {
      await sim.sleep(200);
      await b.acquire();
      grants.push(sim.nowMs());
    });
    await sim.run();
    expect(grants).toEqual([500]); // full at 0, so the next slot opens after one call leaks at 2/s
  });

  it('trusts a reading below the size only down to used − 1, and a 429 at its word', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const throttle = new StoreThrottle(store, sim, standard);
    await throttle.observe(0, 200, { 'x-shopify-shop-api-call-limit': '31/40' });
    expect(Number(await store.get(throttle.key))).toBe(30 * 500);
    await throttle.observe(0, 429, { 'x-shopify-shop-api-call-limit': '12/40' });
    expect(Number(await store.get(throttle.key))).toBe(40 * 500);
    await throttle.observe(0, 200, {}); // no header: nothing learned
    expect(Number(await store.get(throttle.key))).toBe(40 * 500);
  });

  it('adopts a lowered bucket size from the header and scales the leak rate with it', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const throttle = new StoreThrottle(store, sim, {
      ...standard,
      bucketSize: 400,
      leakPerSecond: 20,
      headroom: 0,
    });
    await throttle.observe(0, 200, { 'x-shopify-shop-api-call-limit': '40/40' });
    const grants: number[] = [];
    sim.spawn('w', async () => {
      for (let i = 0; i < 3; i++) {
        await throttle.acquire();
        grants.push(sim.nowMs());
      }
    });
    await sim.run();
    expect(grants).toEqual([500, 1000, 1500]);
  });

  it('paces with its own mirror while the Store is unavailable, instead of failing the call', async () => {
    const sim = new Simulator();
    const inner = createMemoryStore(sim);
    const down = (): Promise<never> =>
      Promise.reject(new FunnelstormError('STORE_UNAVAILABLE', 'gone (test)'));
    const store: Store = { ...inner, reserveSlot: down, observeSlot: down };
    const throttle = new StoreThrottle(store, sim, {
      ...standard,
      bucketSize: 4,
      leakPerSecond: 2,
      headroom: 0,
    });
    const grants: number[] = [];
    sim.spawn('w', async () => {
      await throttle.observe(0, 200, { 'x-shopify-shop-api-call-limit': '2/4' });
      for (let i = 0; i < 5; i++) {
        await throttle.acquire();
        grants.push(sim.nowMs());
      }
    });
    await sim.run();
    // 2/4 read as 1 call in the bucket: three more at once, then one per 500 ms.
    expect(grants).toEqual([0, 0, 0, 500, 1000]);
    expect(throttle.localFallbacks).toBe(5);
  });
});

/**
 * Drains a backlog of order creates through `processes` StoreThrottles sharing one memory store, each
 * with `workersPerProcess` workers (or, with `shared` false, through one Store per process), against the mock shop over the simulated network (100 ms round trip,
 * up to 20 ms of jitter each way). Returns the drain rate as a fraction of the leak rate, and the share of
 * calls the shop answered 429.
 */
async function drain(plan: PlanName, orders: number, shared = true, processes = 3, workersPerProcess = 4) {
  const limits = plans[plan];
  const sim = new Simulator();
  const root = createRandom(42);
  const service = createShopifyService({ model: { limits }, random: root.fork('faults') });
  const transport = createSimNetwork(
    sim,
    (request, nowMs) => service.serve(request, nowMs),
    root.fork('network'),
    {
      roundTripMs: 100,
      jitterMs: 20,
    },
  );
  const store = createMemoryStore(sim);
  const shop: ShopTarget = { domain: shopDomain, accessToken: 'shpat_drain', apiVersion: '2026-01' };
  const statuses = new Map<string, number>();
  let created = 0;
  let lastCreatedAtMs = 0;
  let next = 0;
  for (let p = 0; p < processes; p++) {
    // Not shared: each process has a Store of its own, as three single-process throttles would.
    const throttle = new StoreThrottle(shared ? store : createMemoryStore(sim), sim, {
      shop: shopDomain,
      app: 'drain',
      ...limits,
    });
    const observe = observeCalls(sim, (call) =>
      statuses.set(String(call.status), (statuses.get(String(call.status)) ?? 0) + 1),
    );
    for (let w = 0; w < workersPerProcess; w++) {
      const random = root.fork(`process-${p}/worker-${w}`);
      const client = compose(
        retryInterceptor(sim, random, { maxAttempts: 20 }),
        throttle.interceptor(),
        observe,
      )(transport);
      sim.spawn(`p${p}w${w}`, async () => {
        for (let i = next++; i < orders; i = next++) {
          const order = {
            sourceOrderId: `src-${i}`,
            customerId: '7000000000001',
            totalCents: 1900,
            receivedAtMs: 0,
          };
          const result = await client(createOrderRequest(shop, order, 'source_order_id'));
          if (result.ok && result.response.status === 201) {
            created++;
            lastCreatedAtMs = sim.nowMs();
          }
        }
      });
    }
  }
  await sim.run();
  const calls = [...statuses.values()].reduce((a, b) => a + b, 0);
  const drainedPerSecond = (created - limits.bucketSize) / (lastCreatedAtMs / 1000);
  return {
    created,
    calls,
    drainRatio: drainedPerSecond / limits.leakPerSecond,
    throttledShare: (statuses.get('429') ?? 0) / calls,
  };
}

describe('shared throttle drain (issue 4, acceptance 4’s mechanism: 3 processes × 4 workers on one Store)', () => {
  it.each([
    ['standard', 1_000],
    ['plus', 6_000],
  ] as const)(
    'drains a backlog at ≥ 0.99 × the leak rate with ≤ 0.1 %% 429s (plan=%s, orders=%i, seed=42)',
    async (plan, orders) => {
      const result = await drain(plan, orders);
      console.log(
        `shared throttle drain plan=${plan} orders=${orders}: drain ratio ${result.drainRatio.toFixed(4)} × leak, ` +
          `429s ${(result.throttledShare * 100).toFixed(3)} % of ${result.calls} calls`,
      );
      expect(result.created).toBe(orders);
      expect(result.drainRatio).toBeGreaterThanOrEqual(0.99);
      expect(result.throttledShare).toBeLessThanOrEqual(0.001);
    },
  );

  it('shows why it must be shared: three processes with a limiter each overspend the burst into 429s (plan=standard, seed=42)', async () => {
    const result = await drain('standard', 1_000, false);
    console.log(
      `unshared throttles plan=standard: 429s ${(result.throttledShare * 100).toFixed(2)} % of ${result.calls} calls`,
    );
    expect(result.throttledShare).toBeGreaterThan(0.05);
  });
});
