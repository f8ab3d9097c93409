import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopifyModel } from '../../mocks/shopify-model.js';
import { fencingTokenHeader, type Lease } from '../../pipeline/lease.js';
import { createMutex } from '../../pipeline/mutex.js';
import { createRedisStore, type RedisStore } from '../../pipeline/redis-store.js';
import { createRandom } from '../../runtime/seeded-random.js';
import { systemClock } from '../../runtime/system-clock.js';
import { requireRedisServer, startRedisServer, type RedisServer } from '../support/redis-server.js';

// Issue 4, acceptance 3 against a real redis-server, on Redis TIME with real (short) TTLs: the mutex's
// mutual exclusion, safe release, and fencing at the shop after a holder pauses past its lease. The same
// properties are explored with fc.scheduler() over the memory store in test/unit/mutex-races.test.ts.
const hasRedis = requireRedisServer('test/io/redis-mutex.test.ts');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const key = '{launch.myshopify.com}:lock:customer:7000000000001';

let server: RedisServer | undefined;
let store: RedisStore;
beforeAll(async () => {
  if (!hasRedis) return;
  server = await startRedisServer();
  store = createRedisStore({ redis: server.url });
}, 15_000);
afterAll(async () => {
  await store?.close();
  await server?.stop();
});

const mutexFor = (name: string, ttlMs = 2_000) =>
  createMutex(store, systemClock, createRandom(7).fork(name), {
    ttlMs,
    maxWaitMs: 10_000,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
  });

describe.skipIf(!hasRedis)('the fenced mutex on a real redis-server', () => {
  it('lets one holder at a time run its read-modify-write: 6 workers × 5 increments lose none', async () => {
    let counter = 0;
    let inside = 0;
    let mostInside = 0;
    const worker = async (w: number): Promise<void> => {
      const mutex = mutexFor(`worker-${w}`);
      for (let i = 0; i < 5; i++) {
        const result = await mutex.withLock(`${key}:counter`, async () => {
          inside++;
          mostInside = Math.max(mostInside, inside);
          const read = counter;
          await sleep(3); // a round trip between the read and the write
          counter = read + 1;
          inside--;
        });
        expect(result.ok).toBe(true);
      }
    };
    await Promise.all(Array.from({ length: 6 }, (_, w) => worker(w)));
    expect(counter).toBe(30);
    expect(mostInside).toBe(1);
  });

  it('releases safely: a holder whose lease expired cannot delete the next holder’s lock', async () => {
    const first = await mutexFor('first', 150).acquire(`${key}:release`);
    expect(first).toBeDefined();
    await sleep(250); // past the 150 ms lease: Redis expires it with PX
    const second = await mutexFor('second').acquire(`${key}:release`);
    expect(second).toBeDefined();
    expect(second?.fencingToken).toBeGreaterThan(first?.fencingToken ?? Infinity);
    expect(await first?.release()).toBe(false);
    expect(first?.isValid()).toBe(false);
    // The second holder's lock is intact: a third cannot take it, and the second can release it.
    expect(await store.acquireLock(`${key}:release`, 'third', 1_000)).toBeUndefined();
    expect(await second?.release()).toBe(true);
  });

  it('fences a stale write: a holder paused past its TTL gets 409 from the shop after a newer holder wrote', async () => {
    const shop = createShopifyModel({ limits: { bucketSize: 1_000, leakPerSecond: 100 }, fencing: true });
    const url = 'https://launch.myshopify.com/admin/api/2026-01/customers/7000000000001.json';
    const put = (lease: Lease, cents: number) =>
      shop.handle(
        {
          method: 'PUT',
          url,
          headers: {
            'x-shopify-access-token': 'shpat_app',
            'content-type': 'application/json',
            [fencingTokenHeader]: String(lease.fencingToken),
          },
          body: JSON.stringify({ customer: { note: (cents / 100).toFixed(2) } }),
        },
        systemClock.nowMs(),
      ).status;
    const paused = await mutexFor('paused', 150).acquire(`${key}:fenced`);
    if (paused === undefined) throw new Error('no lease');
    await sleep(250); // a GC pause longer than the lease
    const newer = await mutexFor('newer').acquire(`${key}:fenced`);
    if (newer === undefined) throw new Error('no lease');
    expect(put(newer, 2_500)).toBe(200);
    // The paused holder wakes and writes as if it still held the lock: the shop refuses it.
    expect(put(paused, 1_000)).toBe(409);
    expect(shop.shop('launch.myshopify.com').customers.get(7_000_000_000_001)?.note).toBe('25.00');
    expect(await newer.release()).toBe(true);
  });
});
