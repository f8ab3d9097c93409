import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../pipeline/redis-store.js';
import { hashTagOf } from '../../pipeline/redis/key-layout.js';
import { isFunnelstormError } from '../../runtime/errors.js';
import { ManualClock } from '../support/manual-clock.js';
import { requireRedisServer, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { storeContract } from '../support/store-contract.js';

const hasRedis = requireRedisServer('test/io/redis-store.test.ts');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!hasRedis)('Redis store on a real redis-server', () => {
  let server: RedisServer | undefined;
  let client: Redis;
  let stores = 0;
  /** A fresh key prefix per store, so the cases share the server but no keys. */
  const prefix = (): string => `t${++stores}:`;

  beforeAll(async () => {
    server = await startRedisServer();
    client = new Redis(server.url);
  }, 15_000);
  afterAll(async () => {
    await client?.quit();
    await server?.stop();
  });

  // With an injected clock every contract case runs, TTL and limiter cases included, without waiting.
  storeContract('Redis store (injected ManualClock)', {
    time: 'manual',
    create: () => {
      const clock = new ManualClock();
      return {
        store: createRedisStore({ redis: client, keyPrefix: prefix(), clock }),
        advance: (ms) => clock.advance(ms),
      };
    },
  });

  // On Redis TIME (production) the cases that do not move time run as they are.
  storeContract('Redis store (Redis TIME)', {
    time: 'real',
    create: () => ({ store: createRedisStore({ redis: client, keyPrefix: prefix() }) }),
  });

  describe('on Redis TIME, with real TTLs', () => {
    it('expires a setIfAbsent after its 150 ms TTL through Redis’s own PX', async () => {
      const keyPrefix = prefix();
      const store = createRedisStore({ redis: client, keyPrefix });
      expect(await store.setIfAbsent('claim:so-1', 'a', 150)).toBe(true);
      expect(await client.type(`${keyPrefix}{claim:so-1}`)).toBe('string');
      const ttl = await client.pttl(`${keyPrefix}{claim:so-1}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(150);
      expect(await store.setIfAbsent('claim:so-1', 'b', 150)).toBe(false);
      await sleep(200);
      expect(await store.get('claim:so-1')).toBeUndefined();
      expect(await store.setIfAbsent('claim:so-1', 'c', 150)).toBe(true);
    });

    it('lets another holder take a lock whose 200 ms lease ran out; the old holder cannot release it', async () => {
      const store = createRedisStore({ redis: client, keyPrefix: prefix() });
      const lock = '{launch.myshopify.com}:lock:customer:7';
      expect(await store.acquireLock(lock, 'a', 200)).toBe(1);
      expect(await store.acquireLock(lock, 'b', 100)).toBeUndefined();
      await sleep(250);
      expect(await store.renewLock(lock, 'a', 100)).toBe(false);
      expect(await store.acquireLock(lock, 'b', 100)).toBe(2);
      expect(await store.compareAndDelete(lock, 'a')).toBe(false);
      expect(await store.compareAndDelete(lock, 'b')).toBe(true);
    });

    it('renews a lease with PEXPIRE: the renewed lock outlives its first TTL', async () => {
      const keyPrefix = prefix();
      const store = createRedisStore({ redis: client, keyPrefix });
      expect(await store.acquireLock('lock:c1', 'a', 200)).toBe(1);
      expect(await store.renewLock('lock:c1', 'a', 60_000)).toBe(true);
      expect(await client.pttl(`${keyPrefix}{lock:c1}`)).toBeGreaterThan(1_000);
      await sleep(250);
      expect(await store.get('lock:c1')).toBe('a');
      // The fencing counter never expires.
      expect(await client.pttl(`${keyPrefix}{lock:c1}:fence`)).toBe(-1);
    });

    it('paces the shared limiter on Redis time, and lets its key expire once the bucket is empty', async () => {
      const keyPrefix = prefix();
      const store = createRedisStore({ redis: client, keyPrefix });
      const startedAt = performance.now();
      const waits: number[] = [];
      for (let i = 0; i < 5; i++) waits.push(await store.reserveSlot('rate', 100, 2));
      const elapsedMs = performance.now() - startedAt;
      // Exact on a frozen clock: [0, 0, 100, 200, 300]; real time moved by elapsedMs meanwhile.
      [0, 0, 100, 200, 300].forEach((expected, i) => {
        expect(waits[i]).toBeLessThanOrEqual(expected);
        expect(waits[i]).toBeGreaterThanOrEqual(Math.max(0, expected - elapsedMs - 1));
      });
      // Microsecond precision survives the trip: waits are not whole milliseconds.
      expect(waits.slice(2).some((wait) => !Number.isInteger(wait))).toBe(true);
      const ttl = await client.pttl(`${keyPrefix}{rate}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(500);
      await sleep(ttl + 50);
      expect(await client.exists(`${keyPrefix}{rate}`)).toBe(0);
      expect(await store.reserveSlot('rate', 100, 2)).toBe(0);
    });
  });

  describe('on an injected clock', () => {
    it('keeps expiry beside the value and sets no real TTL, since Redis’s clock is not the injected one', async () => {
      const keyPrefix = prefix();
      const clock = new ManualClock();
      clock.advance(5_000);
      const store = createRedisStore({ redis: client, keyPrefix, clock });
      await store.setIfAbsent('claim:so-1', 'a', 1_000);
      expect(await client.pttl(`${keyPrefix}{claim:so-1}`)).toBe(-1);
      expect(await client.hgetall(`${keyPrefix}{claim:so-1}`)).toEqual({ v: 'a', e: String(6_000 * 1_000) });
      clock.advance(1_000);
      expect(await store.get('claim:so-1')).toBeUndefined();
    });
  });

  describe('keys and Redis Cluster hash slots', () => {
    it('stores a lock and its fence under one hash tag, the shop’s or the wrapped key', async () => {
      const keyPrefix = prefix();
      const store = createRedisStore({ redis: client, keyPrefix });
      await store.acquireLock('{launch.myshopify.com}:lock:customer:7', 'a', 60_000);
      await store.acquireLock('lock:c1', 'a', 60_000);
      await store.append('{launch.myshopify.com}:dlq', 'x');
      const keys = (await client.keys(`${keyPrefix}*`)).sort();
      expect(keys).toEqual(
        [
          `${keyPrefix}{launch.myshopify.com}:lock:customer:7`,
          `${keyPrefix}{launch.myshopify.com}:lock:customer:7:fence`,
          `${keyPrefix}{lock:c1}`,
          `${keyPrefix}{lock:c1}:fence`,
          `${keyPrefix}log:{launch.myshopify.com}:dlq`,
        ].sort(),
      );
      expect(keys.map(hashTagOf)).toEqual(
        keys.map((key) => (key.includes('launch') ? 'launch.myshopify.com' : 'lock:c1')),
      );
    });

    it('refuses a key prefix with a hash tag and a key that cannot have one', async () => {
      expect(() => createRedisStore({ redis: client, keyPrefix: '{fs}:' })).toThrow(/brace/);
      const store = createRedisStore({ redis: client, keyPrefix: prefix() });
      await expect(store.acquireLock('', 'a', 1_000)).rejects.toMatchObject({ code: 'INTERNAL' });
    });

    it('runs every script on a one-node Redis Cluster, which refuses scripts that cross slots', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'funnelstorm-cluster-'));
      // A lone node knows no address of its own to tell clients (CLUSTER SLOTS would say ''): announce it.
      const node = await startRedisServer([
        ...['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--dir', dir],
        ...['--cluster-announce-ip', '127.0.0.1'],
      ]);
      const admin = new Redis(node.url);
      let cluster: Cluster | undefined;
      try {
        await admin.call('CLUSTER', 'ADDSLOTS', ...Array.from({ length: 16_384 }, (_, slot) => String(slot)));
        const deadline = Date.now() + 5_000;
        while (!(await admin.call('CLUSTER', 'INFO'))?.toString().includes('cluster_state:ok')) {
          if (Date.now() > deadline) throw new Error('the one-node cluster did not become ok');
          await sleep(20);
        }
        // The control: a script over two keys of different slots is refused.
        await expect(admin.eval("return redis.call('GET', KEYS[2])", 2, 'a', 'b')).rejects.toThrow(/slot/i);

        cluster = new Cluster([{ host: '127.0.0.1', port: node.port }], {
          redisOptions: { commandTimeout: 2_000 },
        });
        // Bounded: a client that never becomes ready would queue the store's commands for ever.
        await once(cluster, 'ready', { signal: AbortSignal.timeout(5_000) });
        const store = createRedisStore({ redis: cluster });
        for (const lock of ['{launch.myshopify.com}:lock:customer:7', 'lock:c1']) {
          expect(await store.acquireLock(lock, 'a', 60_000)).toBe(1);
          expect(await store.renewLock(lock, 'a', 60_000)).toBe(true);
          expect(await store.compareAndDelete(lock, 'a')).toBe(true);
          expect(await store.acquireLock(lock, 'b', 60_000)).toBe(2);
          expect(await store.get(`${lock}:fence`)).toBe('2');
        }
        expect(await store.setIfAbsent('claim:so-1', 'a', 60_000)).toBe(true);
        expect(await store.increment('{launch.myshopify.com}:n')).toBe(1);
        expect(await store.reserveSlot('{launch.myshopify.com}:rate', 500, 1)).toBe(0);
        await store.observeSlot('{launch.myshopify.com}:rate', 3, 500, 0);
        const id = await store.append('{launch.myshopify.com}:dlq', 'x');
        expect(await store.readLog('{launch.myshopify.com}:dlq')).toEqual([{ id, value: 'x' }]);
        await store.close();
      } finally {
        await cluster?.quit();
        await admin.quit();
        await node.stop();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('several connections', () => {
    it('gives one lock to exactly one of 4 stores racing on their own connections, and counts without losing any', async () => {
      const keyPrefix = prefix();
      const stores = Array.from({ length: 4 }, () => createRedisStore({ redis: server!.url, keyPrefix }));
      try {
        const tokens = await Promise.all(
          stores.flatMap((store, s) =>
            Array.from({ length: 25 }, (_, i) =>
              store.acquireLock('{shop}:lock:customer:1', `s${s}-${i}`, 60_000),
            ),
          ),
        );
        expect(tokens.filter((token) => token !== undefined)).toEqual([1]);
        const counts = await Promise.all(
          stores.flatMap((store) => Array.from({ length: 50 }, () => store.increment('{shop}:orders'))),
        );
        expect(new Set(counts).size).toBe(200);
        expect(Math.max(...counts)).toBe(200);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    });
  });

  describe('errors', () => {
    it('rejects with INTERNAL, naming the op and key, when a key holds another type', async () => {
      const keyPrefix = prefix();
      const store = createRedisStore({ redis: client, keyPrefix });
      await client.rpush(`${keyPrefix}{customer:7}`, 'x');
      const error = await store.get('customer:7').catch((caught: unknown) => caught);
      expect(isFunnelstormError(error, 'INTERNAL')).toBe(true);
      expect((error as Error).message).toMatch(
        /^Redis store get\("customer:7"\) was refused by Redis at .*WRONGTYPE/,
      );
    });

    it('reads no entry for a removal id that is not a stream id', async () => {
      const store = createRedisStore({ redis: client, keyPrefix: prefix() });
      await store.append('dlq', 'x');
      expect(await store.removeFromLog('dlq', 'not-an-id')).toBe(false);
      expect(await store.readLog('dlq')).toHaveLength(1);
    });
  });
});
