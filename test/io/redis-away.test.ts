import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, type RedisStore } from '../../pipeline/redis-store.js';
import { isFunnelstormError } from '../../runtime/errors.js';
import { requireRedisServer, startRedisServer, type RedisServer } from '../support/redis-server.js';

const hasRedis = requireRedisServer('test/io/redis-away.test.ts');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** How fast an operation must fail while Redis is away. */
const failWithinMs = 2_000;

/** Runs `op`, expecting STORE_UNAVAILABLE naming `name`; returns how long the rejection took. */
async function expectUnavailable(name: string, op: () => Promise<unknown>): Promise<number> {
  const startedAt = performance.now();
  const outcome = await op().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const elapsedMs = performance.now() - startedAt;
  expect(outcome, `${name} should reject while Redis is away`).toMatchObject({ ok: false });
  if (outcome.ok) return elapsedMs;
  expect(isFunnelstormError(outcome.error, 'STORE_UNAVAILABLE'), String(outcome.error)).toBe(true);
  expect((outcome.error as Error).message).toContain(`Redis store ${name}(`);
  expect(elapsedMs, `${name} took ${elapsedMs} ms to fail`).toBeLessThan(failWithinMs);
  return elapsedMs;
}

/** Every Store operation once, by name, on keys the test does not otherwise use. */
function everyOperation(store: RedisStore): Record<string, () => Promise<unknown>> {
  return {
    setIfAbsent: () => store.setIfAbsent('{s}:away:claim', 'x', 60_000),
    set: () => store.set('{s}:away:value', 'x'),
    get: () => store.get('{s}:claim:so-1'),
    compareAndDelete: () => store.compareAndDelete('{s}:lock:customer:7', 'nobody'),
    increment: () => store.increment('{s}:away:count'),
    acquireLock: () => store.acquireLock('{s}:lock:away', 'x', 60_000),
    renewLock: () => store.renewLock('{s}:lock:customer:7', 'holder-1', 60_000),
    reserveSlot: () => store.reserveSlot('{s}:away:rate', 500, 40),
    observeSlot: () => store.observeSlot('{s}:away:rate', 1, 500, 0),
    append: () => store.append('{s}:away:dlq', 'x'),
    readLog: () => store.readLog('{s}:dlq'),
    removeFromLog: () => store.removeFromLog('{s}:dlq', '1-0'),
  };
}

// Persistence for this suite: an append-only file fsynced on every write (`--appendonly yes
// --appendfsync always`), so every write Redis acknowledged is on disk before its reply — even through a
// crash (SIGKILL), which `SHUTDOWN SAVE` would not cover. It is also the setting the Redis distlock page asks
// of a lock server that restarts ("Performance, crash recovery and fsync"): without it, a restarted Redis
// forgets held locks and reissues fencing tokens.
describe.skipIf(!hasRedis)(
  'Redis store when redis-server goes away and comes back (issue 4, acceptance 6)',
  () => {
    let dir: string;
    let server: RedisServer | undefined;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'funnelstorm-redis-away-'));
      server = await startRedisServer(['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir]);
    }, 15_000);
    afterAll(async () => {
      await server?.stop('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    });

    it('fails every operation fast while Redis is down, then works again on the same store and has lost nothing', async () => {
      const redis = server!;
      const store = createRedisStore({ redis: redis.url });
      try {
        // Accepted before the crash.
        expect(await store.setIfAbsent('{s}:claim:so-1', 'worker-1', 3_600_000)).toBe(true);
        expect(await store.acquireLock('{s}:lock:customer:7', 'holder-1', 60_000)).toBe(1);
        await store.set('{s}:customer:7', '{"total":25}');
        for (let i = 0; i < 3; i++) await store.increment('{s}:orders');
        const dlq = [await store.append('{s}:dlq', 'order-1'), await store.append('{s}:dlq', 'order-2')];
        // Work in flight when Redis dies: 4 workers count as fast as they can until the crash. Each increment
        // either was acknowledged or rejected; at most one per worker was in flight, unknown.
        let acknowledged = 0;
        const workers = Array.from({ length: 4 }, async () => {
          for (;;) {
            try {
              await store.increment('{s}:in-flight');
              acknowledged++;
            } catch (error) {
              return error;
            }
          }
        });
        await sleep(100);
        await redis.stop('SIGKILL');
        const stopped = await Promise.all(workers);
        expect(stopped.every((error) => isFunnelstormError(error, 'STORE_UNAVAILABLE'))).toBe(true);
        expect(acknowledged).toBeGreaterThan(0);

        // Down: at once, and again once the reconnect backoff has reached its cap.
        const failMs: number[] = [];
        for (const [name, op] of Object.entries(everyOperation(store)))
          failMs.push(await expectUnavailable(name, op));
        await sleep(1_500);
        for (const [name, op] of Object.entries(everyOperation(store)))
          failMs.push(await expectUnavailable(name, op));
        const downError = await store.get('{s}:claim:so-1').catch((error: unknown) => error);
        expect((downError as Error).message).toMatch(
          /ECONNREFUSED|Connection is closed|not connected|writeable/i,
        );

        const restartedAt = performance.now();
        await redis.restart();
        let recoveredMs = Number.NaN;
        while (performance.now() - restartedAt < 10_000) {
          const claim = await store.get('{s}:claim:so-1').catch(() => undefined);
          if (claim !== undefined) {
            recoveredMs = performance.now() - restartedAt;
            break;
          }
          await sleep(25);
        }
        console.info(
          `redis-away: ${failMs.length} operations failed in ≤ ${Math.max(...failMs).toFixed(1)} ms ` +
            `(median ${median(failMs).toFixed(1)} ms) while down; the same store answered ${recoveredMs.toFixed(0)} ms after the restart began`,
        );
        expect(recoveredMs).toBeLessThan(5_000);
        console.info(`redis-away: while down, ${(downError as Error).message}`);

        // Nothing acknowledged was lost.
        expect(await store.get('{s}:claim:so-1')).toBe('worker-1');
        expect(await store.setIfAbsent('{s}:claim:so-1', 'worker-2', 3_600_000)).toBe(false);
        expect(await store.get('{s}:customer:7')).toBe('{"total":25}');
        expect(await store.increment('{s}:orders')).toBe(4);
        const inFlightCount = Number((await store.get('{s}:in-flight')) ?? '0');
        expect(inFlightCount).toBeGreaterThanOrEqual(acknowledged);
        expect(inFlightCount).toBeLessThanOrEqual(acknowledged + 4);
        console.info(
          `redis-away: ${acknowledged} increments acknowledged before the crash, ${inFlightCount} on disk after it`,
        );
        expect(await store.readLog('{s}:dlq')).toEqual([
          { id: dlq[0], value: 'order-1' },
          { id: dlq[1], value: 'order-2' },
        ]);
        // The lock is still held by its holder, and its fencing counter goes on from where it was.
        expect(await store.acquireLock('{s}:lock:customer:7', 'holder-2', 60_000)).toBeUndefined();
        expect(await store.renewLock('{s}:lock:customer:7', 'holder-1', 60_000)).toBe(true);
        expect(await store.compareAndDelete('{s}:lock:customer:7', 'holder-1')).toBe(true);
        expect(await store.acquireLock('{s}:lock:customer:7', 'holder-2', 60_000)).toBe(2);
        // New log entries sort after the old ones.
        const next = await store.append('{s}:dlq', 'order-3');
        expect((await store.readLog('{s}:dlq', { afterId: dlq[1] })).map((entry) => entry.id)).toEqual([
          next,
        ]);
      } finally {
        await store.close();
      }
    }, 30_000);

    it('fails an operation after the 1 s command timeout when Redis hangs, and that operation may still happen', async () => {
      const redis = server!;
      const store = createRedisStore({ redis: redis.url });
      try {
        expect(await store.get('{s}:hung')).toBeUndefined();
        redis.pause();
        const failMs = await expectUnavailable('acquireLock', () =>
          store.acquireLock('{s}:lock:hung', 'late', 60_000),
        );
        expect(failMs).toBeGreaterThanOrEqual(900);
        const error = await store.get('{s}:hung').catch((caught: unknown) => caught);
        expect((error as Error).message).toContain('no answer within the command timeout');
        redis.resume();
        // The server read the command before it froze and runs it when it wakes: a rejected operation may
        // have happened (the reply was lost), which is why callers treat STORE_UNAVAILABLE as "unknown, not
        // done" and a lock taken that way simply expires after its TTL.
        let holder: string | undefined;
        for (let i = 0; i < 100 && holder === undefined; i++) {
          holder = await store.get('{s}:lock:hung').catch(() => undefined);
          if (holder === undefined) await sleep(20);
        }
        expect(holder).toBe('late');
        console.info(`redis-away: a hung Redis failed acquireLock after ${failMs.toFixed(0)} ms`);
      } finally {
        redis.resume();
        await store.close();
      }
    });

    it('fails fast, naming the operation and the server, when Redis was never there', async () => {
      const absent = await startRedisServer();
      await absent.stop();
      const store = createRedisStore({ redis: absent.url });
      try {
        const failMs = await expectUnavailable('acquireLock', () =>
          store.acquireLock('{s}:lock:1', 'x', 1_000),
        );
        expect(failMs).toBeLessThan(failWithinMs);
        const error = await store.get('{s}:k').catch((caught: unknown) => caught);
        expect((error as Error).message).toContain(
          `Redis at redis://127.0.0.1:${absent.port} is unavailable`,
        );
      } finally {
        await store.close();
      }
    });
  },
);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
