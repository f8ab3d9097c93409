import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createShopifyModel } from '../../mocks/shopify-model.js';
import { createMemoryStore } from '../../pipeline/memory-store.js';
import { fencingTokenHeader, type Lease } from '../../pipeline/lease.js';
import { createMutex, type MutexOptions } from '../../pipeline/mutex.js';
import type { Store } from '../../pipeline/store.js';
import { createRandom } from '../../runtime/seeded-random.js';
import { propertySeed, RaceClock, scheduledStore } from '../support/race-world.js';

// Issue 4, acceptance 3 on the memory store: fc.scheduler() picks the order in which every Store request
// applies, every Store answer arrives and every sleeper wakes (so holders pause for arbitrary times).

const seed = propertySeed('mutex races');
const numRuns = 300;
const key = '{launch.myshopify.com}:lock:customer:7000000000001';
const options: Partial<MutexOptions> = {
  ttlMs: 1_000,
  maxWaitMs: 4_000,
  retryBaseDelayMs: 50,
  retryMaxDelayMs: 400,
};

/** A holder's plan: when it asks for the lock, how many steps its critical section has, how long each takes. */
const holderPlan = fc.record({
  startMs: fc.constantFrom(0, 500, 1_000),
  steps: fc.integer({ min: 1, max: 3 }),
  stepMs: fc.constantFrom(0, 100, 400, 1_500), // 1.5 s: a pause longer than the TTL
});
type HolderPlan = { startMs: number; steps: number; stepMs: number };
const holderPlans = fc.array(holderPlan, { minLength: 2, maxLength: 4 });

describe('mutex races (fc.scheduler over the memory store)', () => {
  it('never lets two holders act at once: holders that check isValid() act in fencing-token order, one at a time', async () => {
    let lapsed = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.nat(), holderPlans, async (s, streamSeed, plans) => {
        const clock = new RaceClock(s);
        const store = scheduledStore(s, createMemoryStore(clock));
        const acted: number[] = [];
        const holder = async (plan: HolderPlan, i: number) => {
          const mutex = createMutex(store, clock, createRandom(streamSeed).fork(`h${i}`), options);
          await clock.sleep(plan.startMs);
          const lease = await mutex.acquire(key);
          if (!lease) return;
          for (let step = 0; step < plan.steps; step++) {
            if (!lease.isValid()) {
              lapsed++;
              break;
            }
            acted.push(lease.fencingToken);
            await clock.sleep(plan.stepMs);
          }
          await lease.release();
        };
        await s.waitFor(Promise.all(plans.map(holder)));
        expect(acted.length).toBeGreaterThan(0);
        // Each lease has its own token, so non-decreasing tokens mean no two leases' actions interleave.
        acted.forEach((token, i) => expect(token).toBeGreaterThanOrEqual(acted[i - 1] ?? 0));
      }),
      { seed, numRuns },
    );
    // The schedules did make leases lapse mid-section (the case the validity check exists for).
    expect(lapsed).toBeGreaterThan(0);
  });

  /**
   * Runs holders that pause for arbitrary times and checks, after every release, that any other lease
   * that the Store still counts as live still owns the lock. Returns the violations found.
   */
  const safeReleaseViolations = async (
    s: fc.Scheduler,
    streamSeed: number,
    plans: HolderPlan[],
    breakStore: (store: Store) => Store = (store) => store,
  ): Promise<string[]> => {
    const clock = new RaceClock(s);
    const raw = createMemoryStore(clock);
    // Where the Store itself stands: each token's expiry, as the operations applied.
    const storeExpiryMs = new Map<string, number>();
    const store = scheduledStore(s, breakStore(raw), (name, args, result) => {
      const [, token, ttlMs] = args as [string, string, number];
      if ((name === 'acquireLock' && result !== undefined) || (name === 'renewLock' && result === true)) {
        storeExpiryMs.set(token, clock.nowMs() + ttlMs);
      }
      if (name === 'compareAndDelete' && result === true) storeExpiryMs.delete(token);
    });
    const holding = new Set<Lease>();
    const violations: string[] = [];
    const holder = async (plan: HolderPlan, i: number) => {
      const mutex = createMutex(store, clock, createRandom(streamSeed).fork(`h${i}`), options);
      await clock.sleep(plan.startMs);
      const lease = await mutex.acquire(key);
      if (!lease) return;
      holding.add(lease);
      for (let step = 0; step < plan.steps; step++) await clock.sleep(plan.stepMs);
      holding.delete(lease);
      await lease.release();
      const now = clock.nowMs();
      const current = await raw.get(key);
      for (const other of holding) {
        const live = (storeExpiryMs.get(other.token) ?? -Infinity) > now;
        if (live && current !== other.token) {
          violations.push(
            `release by fence ${lease.fencingToken} removed live lock of fence ${other.fencingToken}`,
          );
        }
      }
    };
    await s.waitFor(Promise.all(plans.map(holder)));
    return violations;
  };

  it('releases safely: a holder whose lease lapsed never deletes the lock of a live later holder', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.nat(), holderPlans, async (s, streamSeed, plans) => {
        expect(await safeReleaseViolations(s, streamSeed, plans)).toEqual([]);
      }),
      { seed, numRuns },
    );
  });

  it('has teeth: the same check catches a release that deletes without comparing (the naive DEL)', async () => {
    const naiveDelete = (store: Store): Store => ({
      ...store,
      compareAndDelete: async (k) => {
        const had = (await store.get(k)) !== undefined;
        await store.set(k, '', 0); // a 0 ms TTL: gone at once, whoever held it
        return had;
      },
    });
    const details = await fc.check(
      fc.asyncProperty(fc.scheduler(), fc.nat(), holderPlans, async (s, streamSeed, plans) => {
        expect(await safeReleaseViolations(s, streamSeed, plans, naiveDelete)).toEqual([]);
      }),
      { seed, numRuns: 1_000 },
    );
    expect(details.failed).toBe(true);
  });

  it('lets the shop refuse every write older than a token it has seen on a read or an accepted write: a holder paused past its TTL gets 409 (fencing: true)', async () => {
    const customer = 7_000_000_000_001;
    const url = `https://launch.myshopify.com/admin/api/2026-01/customers/${customer}.json`;
    const headers = { 'x-shopify-access-token': 'shpat_app', 'content-type': 'application/json' };
    const writerPlans = fc.array(
      fc.record({ pauseMs: fc.constantFrom(0, 300, 1_500), cents: fc.nat(9_999) }),
      {
        minLength: 2,
        maxLength: 4,
      },
    );
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.nat(), writerPlans, async (s, streamSeed, plans) => {
        const clock = new RaceClock(s);
        const store = scheduledStore(s, createMemoryStore(clock));
        const shop = createShopifyModel({
          limits: { bucketSize: 10_000, leakPerSecond: 1_000 },
          fencing: true,
        });
        // The order in which reads and writes reached the shop, with the token each carried and the answer.
        const arrivals: { method: 'GET' | 'PUT'; token: number; status: number }[] = [];
        const send = async (method: 'GET' | 'PUT', lease: Lease, body?: string) => {
          await s.schedule(Promise.resolve(), `${method} customer (fence ${lease.fencingToken}) sent`);
          const response = shop.handle(
            {
              method,
              url,
              headers: { ...headers, [fencingTokenHeader]: String(lease.fencingToken) },
              ...(body === undefined ? {} : { body }),
            },
            clock.nowMs(),
          );
          arrivals.push({ method, token: lease.fencingToken, status: response.status });
          return s.schedule(Promise.resolve(response), `${method} customer answered`);
        };
        const writer = async (plan: { pauseMs: number; cents: number }, i: number) => {
          const mutex = createMutex(store, clock, createRandom(streamSeed).fork(`w${i}`), options);
          const lease = await mutex.acquire(key);
          if (!lease) return;
          const read = await send('GET', lease);
          // The note carries the running total: a field apps may write (total_spent is computed by Shopify).
          const spent = (JSON.parse(read.body) as { customer: { note: string | null } }).customer.note ?? '0';
          await clock.sleep(plan.pauseMs);
          const total = ((Number(spent) * 100 + plan.cents) / 100).toFixed(2);
          await send('PUT', lease, JSON.stringify({ customer: { note: total } }));
          await lease.release();
        };
        await s.waitFor(Promise.all(plans.map(writer)));
        // A fenced read is always answered and shuts out older writers from then on.
        let highest = 0;
        for (const { method, token, status } of arrivals) {
          expect(status).toBe(method === 'PUT' && token < highest ? 409 : 200);
          if (status === 200) highest = Math.max(highest, token);
        }
        expect(arrivals.some((a) => a.method === 'PUT' && a.status === 200)).toBe(true);
        refused += arrivals.filter((a) => a.status === 409).length;
      }),
      { seed, numRuns },
    );
    // Stale writes did reach the shop in these schedules, and were refused.
    expect(refused).toBeGreaterThan(0);
  });
});
