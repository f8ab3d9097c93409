import { describe, expect, it } from 'vitest';
import { plans } from '../mocks/plans.js';
import { createShopifyModel } from '../mocks/shopify-model.js';
import { FunnelstormError, isFunnelstormError } from '../runtime/errors.js';
import { createRandom } from '../runtime/seeded-random.js';
import { Simulator } from '../sim/simulator.js';
import { createMemoryStore } from './memory-store.js';
import { fencingTokenHeader, type Lease } from './lease.js';
import { createMutex } from './mutex.js';
import type { Store } from './store.js';

const key = '{launch.myshopify.com}:lock:customer:7000000000001';

/** A Store whose chosen operations are replaced, for outages and refusals. */
function patched(store: Store, overrides: Partial<Store>): Store {
  return { ...store, ...overrides };
}

const unavailable = (): Promise<never> =>
  Promise.reject(new FunnelstormError('STORE_UNAVAILABLE', 'Redis went away (test).'));

describe('mutex', () => {
  it('lets one holder in at a time and gives each later holder a larger fencing token', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const inside: string[] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    for (let w = 0; w < 5; w++) {
      const mutex = createMutex(store, sim, createRandom(1).fork(`w${w}`), { ttlMs: 5_000 });
      sim.spawn(`w${w}`, async () => {
        const lease = await mutex.acquire(key);
        if (!lease) throw new Error('no lease');
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        inside.push(`${lease.fencingToken}`);
        await sim.sleep(300);
        concurrent--;
        expect(await lease.release()).toBe(true);
      });
    }
    await sim.run();
    expect(maxConcurrent).toBe(1);
    expect(inside).toEqual(['1', '2', '3', '4', '5']);
  });

  it('draws 128-bit hex tokens from the injected stream, different per holder', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const a = await createMutex(store, sim, createRandom(1).fork('a')).acquire('k1');
    const b = await createMutex(store, sim, createRandom(1).fork('b')).acquire('k2');
    const again = await createMutex(createMemoryStore(sim), sim, createRandom(1).fork('a')).acquire('k1');
    expect(a?.token).toMatch(/^[0-9a-f]{32}$/);
    expect(a?.token).not.toBe(b?.token);
    expect(again?.token).toBe(a?.token); // same seed and label, same token: reproducible runs
  });

  it('gives up after maxWaitMs, on the dot, when the holder keeps the lock', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const holder = createMutex(store, sim, createRandom(2).fork('holder'), { ttlMs: 60_000 });
    const waiter = createMutex(store, sim, createRandom(2).fork('waiter'), { maxWaitMs: 2_000 });
    let result: Lease | undefined | 'pending' = 'pending';
    let endedAtMs = -1;
    sim.spawn('holder', async () => {
      await holder.acquire(key);
    });
    sim.spawn('waiter', async () => {
      result = await waiter.acquire(key);
      endedAtMs = sim.nowMs();
    });
    await sim.run();
    expect(result).toBeUndefined();
    expect(endedAtMs).toBe(2_000);
  });

  it('waits between tries with full jitter: uniform below the capped exponential ceiling, never in lockstep', async () => {
    const sim = new Simulator();
    const inner = createMemoryStore(sim);
    const tries: Record<string, number[]> = { a: [], b: [] };
    const spy = (who: 'a' | 'b'): Store =>
      patched(inner, {
        acquireLock: (k, token, ttlMs) => {
          tries[who]!.push(sim.nowMs());
          return inner.acquireLock(k, token, ttlMs);
        },
      });
    await inner.acquireLock(key, 'someone-else', 60_000);
    for (const who of ['a', 'b'] as const) {
      const mutex = createMutex(spy(who), sim, createRandom(3).fork(who), {
        maxWaitMs: 10_000,
        retryBaseDelayMs: 50,
        retryMaxDelayMs: 800,
      });
      sim.spawn(who, async () => {
        await mutex.acquire(key);
      });
    }
    await sim.run();
    for (const times of Object.values(tries)) {
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      gaps.forEach((gap, retry) => {
        expect(gap).toBeGreaterThanOrEqual(0);
        expect(gap).toBeLessThanOrEqual(Math.min(800, 50 * 2 ** retry));
      });
      expect(times.at(-1)).toBe(10_000); // the last try is at the deadline
    }
    expect(tries['a']!.slice(1, 6)).not.toEqual(tries['b']!.slice(1, 6));
  });

  it('hands the lock to a waiter within TTL + one retry delay after its holder dies', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const options = { ttlMs: 10_000, retryMaxDelayMs: 1_000 };
    let acquiredAtMs = -1;
    sim.spawn('holder', async () => {
      // Takes the lock and dies: never releases, never renews.
      await createMutex(store, sim, createRandom(4).fork('holder'), options).acquire(key);
    });
    sim.spawn('waiter', async () => {
      await sim.sleep(1);
      const lease = await createMutex(store, sim, createRandom(4).fork('waiter'), options).acquire(key);
      acquiredAtMs = lease ? sim.nowMs() : -1;
    });
    await sim.run();
    expect(acquiredAtMs).toBeGreaterThanOrEqual(10_000);
    expect(acquiredAtMs).toBeLessThanOrEqual(10_000 + 1_000);
  });

  it('releases safely: a holder whose lease lapsed cannot delete the next holder’s lock', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const seen: unknown[] = [];
    let bToken = '';
    sim.spawn('a', async () => {
      const lease = await createMutex(store, sim, createRandom(5).fork('a'), { ttlMs: 1_000 }).acquire(key);
      await sim.sleep(1_500); // paused past its TTL
      seen.push(['a valid', lease!.isValid()]);
      seen.push(['a release', await lease!.release()]);
      seen.push(['lock after a is b’s', (await store.get(key)) === bToken]);
    });
    sim.spawn('b', async () => {
      await sim.sleep(1_000);
      const lease = await createMutex(store, sim, createRandom(5).fork('b'), { ttlMs: 5_000 }).acquire(key);
      bToken = lease!.token;
      seen.push(['b fence', lease!.fencingToken]);
      await sim.sleep(1_000);
      seen.push(['b still holds', (await store.get(key)) === lease!.token]);
      seen.push(['b release', await lease!.release()]);
    });
    await sim.run();
    expect(seen).toEqual([
      ['b fence', 2],
      ['a valid', false],
      ['a release', false],
      ['lock after a is b’s', true],
      ['b still holds', true],
      ['b release', true],
    ]);
  });

  it('keeps the lock through a critical section 3.5 × its TTL with a spawned renewer, then releases', async () => {
    const sim = new Simulator();
    const inner = createMemoryStore(sim);
    let renewals = 0;
    const store = patched(inner, {
      renewLock: (k, token, ttlMs) => {
        renewals++;
        return inner.renewLock(k, token, ttlMs);
      },
    });
    const spawn = (name: string, body: () => Promise<void>): void => sim.spawn(name, body);
    const events: string[] = [];
    let otherAtMs = -1;
    sim.spawn('long', async () => {
      const mutex = createMutex(store, sim, createRandom(6).fork('long'), { ttlMs: 10_000 });
      const result = await mutex.withLock(
        key,
        async (lease) => {
          for (let step = 0; step < 7; step++) {
            await sim.sleep(5_000, lease.signal);
            if (!lease.isValid()) return 'lost';
          }
          events.push(`long done at ${sim.nowMs()} with fence ${lease.fencingToken}`);
          return 'ok';
        },
        { spawn },
      );
      expect(result).toEqual({ ok: true, value: 'ok' });
    });
    sim.spawn('other', async () => {
      await sim.sleep(1);
      const mutex = createMutex(store, sim, createRandom(6).fork('other'), { maxWaitMs: 60_000 });
      const lease = await mutex.acquire(key);
      otherAtMs = sim.nowMs();
      events.push(`other in with fence ${lease?.fencingToken}`);
    });
    await sim.run();
    expect(events[0]).toBe('long done at 35000 with fence 1');
    expect(events[1]).toBe('other in with fence 2');
    expect(otherAtMs).toBeGreaterThanOrEqual(35_000);
    expect(otherAtMs).toBeLessThanOrEqual(36_000); // within one capped retry delay of the release
    expect(renewals).toBe(10); // every 10 s / 3 over 35 s
  });

  it('aborts the lease’s signal with LOCK_LOST as soon as a renewal is refused', async () => {
    const sim = new Simulator();
    const inner = createMemoryStore(sim);
    const store = patched(inner, { renewLock: () => Promise.resolve(false) });
    let reason: unknown;
    let wokeAtMs = -1;
    sim.spawn('p', async () => {
      const mutex = createMutex(store, sim, createRandom(7), { ttlMs: 9_000 });
      await mutex.withLock(
        key,
        async (lease) => {
          await sim.sleep(60_000, lease.signal);
          wokeAtMs = sim.nowMs();
          reason = lease.signal.reason;
          expect(lease.isValid()).toBe(false);
        },
        { spawn: (name, body) => sim.spawn(name, body) },
      );
    });
    await sim.run();
    expect(wokeAtMs).toBe(3_000);
    expect(isFunnelstormError(reason, 'LOCK_LOST')).toBe(true);
  });

  it('ends the renewer at the release, and a signal first read after it is already aborted', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    let held: Lease | undefined;
    sim.spawn('p', async () => {
      const mutex = createMutex(store, sim, createRandom(9), { ttlMs: 9_000 });
      await mutex.withLock(
        key,
        async (lease) => {
          held = lease;
          await sim.sleep(1_000);
        },
        { spawn: (name, body) => sim.spawn(name, body) },
      );
    });
    const result = await sim.run();
    // The renewer's sleep (due at 3 s) ended at the release and is not fired: the run ends at 1 s, after
    // one event (the holder's sleep).
    expect(result.endMs).toBe(1_000);
    expect(result.events).toBe(1);
    expect(held?.isValid()).toBe(false);
    expect(held?.signal.aborted).toBe(true);
    expect(isFunnelstormError(held?.signal.reason, 'LOCK_LOST')).toBe(true);
  });

  it('starts the renewer process only once a renewal is due on a clock with timers, and at once without', async () => {
    const started = async (holdMs: number, timers: boolean): Promise<string[]> => {
      const sim = new Simulator();
      const clock = timers
        ? sim
        : {
            nowMs: () => sim.nowMs(),
            sleep: sim.sleep.bind(sim),
            timeout: sim.timeout.bind(sim),
            gate: sim.gate.bind(sim),
          };
      const store = createMemoryStore(sim);
      const names: string[] = [];
      sim.spawn('p', async () => {
        const mutex = createMutex(store, clock, createRandom(9), { ttlMs: 9_000 });
        await mutex.withLock(key, () => sim.sleep(holdMs), {
          spawn: (name, body) => {
            names.push(`${name}@${sim.nowMs()}`);
            sim.spawn(name, body);
          },
        });
      });
      await sim.run();
      return names;
    };
    expect(await started(1_000, true)).toEqual([]);
    expect(await started(4_000, true)).toEqual([`renew ${key}@3000`]);
    expect(await started(1_000, false)).toEqual([`renew ${key}@0`]);
  });

  it('lets the lease lapse at validUntilMs when the Store is unreachable for renewals', async () => {
    const sim = new Simulator();
    const inner = createMemoryStore(sim);
    const store = patched(inner, { renewLock: unavailable });
    let wokeAtMs = -1;
    sim.spawn('p', async () => {
      const mutex = createMutex(store, sim, createRandom(8), { ttlMs: 9_000 });
      await mutex.withLock(
        key,
        async (lease) => {
          await sim.sleep(60_000, lease.signal);
          wokeAtMs = sim.nowMs();
          expect(lease.validUntilMs).toBe(9_000);
        },
        { spawn: (name, body) => sim.spawn(name, body) },
      );
    });
    await sim.run();
    expect(wokeAtMs).toBe(9_000);
  });

  it('says whether a lease stays valid for a given time more, so a write with that timeout lands in time', async () => {
    const sim = new Simulator();
    const lease = await createMutex(createMemoryStore(sim), sim, createRandom(13), { ttlMs: 10_000 }).acquire(
      key,
    );
    expect(lease?.validUntilMs).toBe(10_000);
    expect(lease?.isValid(9_999)).toBe(true);
    expect(lease?.isValid(10_000)).toBe(false);
    expect(lease?.isValid()).toBe(true);
  });

  it('renews cooperatively when the critical section calls renewIfDue between its steps', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const valid: boolean[] = [];
    let otherGot: number | undefined;
    sim.spawn('steps', async () => {
      const mutex = createMutex(store, sim, createRandom(9).fork('steps'), { ttlMs: 5_000 });
      await mutex.withLock(key, async (lease) => {
        for (let step = 0; step < 10; step++) {
          await sim.sleep(1_500);
          valid.push(await lease.renewIfDue());
        }
      });
    });
    sim.spawn('other', async () => {
      await sim.sleep(1);
      const mutex = createMutex(store, sim, createRandom(9).fork('other'), { maxWaitMs: 14_000 });
      otherGot = (await mutex.acquire(key))?.fencingToken;
    });
    await sim.run();
    expect(valid).toEqual(Array.from({ length: 10 }, () => true));
    expect(otherGot).toBeUndefined(); // 15 s of work under a 5 s TTL, and nobody else got in
  });

  it('rejects with STORE_UNAVAILABLE when the Store is down until the deadline; withLock says so', async () => {
    const sim = new Simulator();
    const store = patched(createMemoryStore(sim), { acquireLock: unavailable });
    const mutex = createMutex(store, sim, createRandom(10), { maxWaitMs: 3_000 });
    let thrown: unknown;
    let result: unknown;
    sim.spawn('p', async () => {
      await mutex.acquire(key).catch((error: unknown) => {
        thrown = error;
      });
      result = await mutex.withLock(key, () => Promise.resolve('never'));
    });
    await sim.run();
    expect(isFunnelstormError(thrown, 'STORE_UNAVAILABLE')).toBe(true);
    expect(result).toMatchObject({ ok: false, reason: { kind: 'store-unavailable' } });
  });

  it('says busy or aborted when withLock cannot take the lock, and releases after a throwing section', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const mutex = createMutex(store, sim, createRandom(11), { maxWaitMs: 1_000 });
    const results: unknown[] = [];
    sim.spawn('p', async () => {
      await expect(mutex.withLock(key, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      results.push(await store.get(key)); // released despite the throw
      await store.acquireLock(key, 'other', 60_000);
      results.push(await mutex.withLock(key, () => Promise.resolve(1)));
      results.push(await mutex.withLock(key, () => Promise.resolve(1), { signal: sim.timeout(200) }));
    });
    await sim.run();
    expect(results).toEqual([
      undefined,
      { ok: false, reason: expect.objectContaining({ kind: 'busy' }) },
      { ok: false, reason: expect.objectContaining({ kind: 'aborted' }) },
    ]);
  });

  it('refuses options out of range with SCENARIO_INVALID', () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    expect(() => createMutex(store, sim, createRandom(1), { ttlMs: 0 })).toThrow(/ttlMs must be > 0/);
    expect(() => createMutex(store, sim, createRandom(1), { ttlMs: 900, renewEveryMs: 900 })).toThrow(
      /renewEveryMs/,
    );
  });
});

describe('fencing against the mock shop (Kleppmann, “How to do distributed locking”)', () => {
  const customer = 7_000_000_000_001;
  const url = `https://launch.myshopify.com/admin/api/2026-01/customers/${customer}.json`;
  const headers = { 'x-shopify-access-token': 'shpat_app', 'content-type': 'application/json' };

  it('refuses with 409 the write of a holder paused past its TTL, after the next holder wrote (plan=standard)', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const shop = createShopifyModel({ limits: plans.standard, fencing: true });
    const read = (): number => {
      const response = shop.handle({ method: 'GET', url, headers }, sim.nowMs());
      // The customer's note carries the running total: a field apps may write (total_spent is computed).
      return Number((JSON.parse(response.body) as { customer: { note: string | null } }).customer.note ?? 0);
    };
    const write = (total: number, lease: Lease): number =>
      shop.handle(
        {
          method: 'PUT',
          url,
          headers: { ...headers, [fencingTokenHeader]: String(lease.fencingToken) },
          body: JSON.stringify({ customer: { note: total.toFixed(2) } }),
        },
        sim.nowMs(),
      ).status;
    const statuses: Record<string, number> = {};
    const options = { ttlMs: 10_000, maxWaitMs: 30_000 };
    sim.spawn('client-1', async () => {
      const lease = await createMutex(store, sim, createRandom(12).fork('c1'), options).acquire(key);
      const total = read();
      await sim.sleep(15_000); // a stop-the-world pause longer than the TTL
      statuses['client-1'] = write(total + 10, lease!);
    });
    sim.spawn('client-2', async () => {
      await sim.sleep(1);
      const lease = await createMutex(store, sim, createRandom(12).fork('c2'), options).acquire(key);
      expect(sim.nowMs()).toBeGreaterThanOrEqual(10_000);
      statuses['client-2'] = write(read() + 25, lease!);
      await lease!.release();
    });
    await sim.run();
    expect(statuses).toEqual({ 'client-1': 409, 'client-2': 200 });
    expect(read()).toBe(25);
  });
});
