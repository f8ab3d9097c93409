import type { Cluster, Redis } from 'ioredis';
import type { Clock } from '../runtime/clock.js';
import { isFunnelstormError } from '../runtime/errors.js';
import { keyLayout } from './redis/key-layout.js';
import { storeConnection } from './redis/redis-connection.js';
import { storeError } from './redis/store-error.js';
import { defineStoreScripts } from './redis/store-scripts.js';
import type { LogEntry, Store } from './store.js';

/** Options for {@link createRedisStore}. */
export interface RedisStoreOptions {
  /**
   * The server: a URL such as `redis://127.0.0.1:6379` (the store opens its own connection with
   * `redisStoreConnectionOptions`, and closes it in `close()`), or an ioredis `Redis` or `Cluster` client
   * (the store uses it as configured and leaves it open). Required.
   */
  redis: Redis | Cluster | string;
  /**
   * Put before every key, so that several stores can share one Redis. Must not contain `{` or `}`.
   * Defaults to `fs:`.
   */
  keyPrefix: string;
  /**
   * The clock the scripts read `now` from, for tests and simulations: TTLs and the limiter then run on it
   * exactly as in the memory store. Leave it out in production, where the scripts read Redis `TIME` so
   * that every process uses the server's one clock.
   */
  clock?: Clock;
}

/** Defaults for the optional parts of {@link RedisStoreOptions}. */
export const defaultRedisStoreOptions = { keyPrefix: 'fs:' } as const;

/** A {@link Store} on Redis, with the connection to close. */
export interface RedisStore extends Store {
  /** Closes the connection if the store opened it (from a URL); a client passed in is left open. */
  close(): Promise<void>;
}

/**
 * A {@link Store} on Redis through ioredis, for several processes that share one shop (live mode). Every
 * operation that takes more than one step is one Lua script (registered with `defineCommand`), so it is
 * atomic on the server: `acquireLock` is SET NX PX and INCR of the fencing counter in one script (Redis
 * distlock page, https://redis.io/docs/latest/develop/use/patterns/distributed-locks/; Kleppmann, "How to do
 * distributed locking"), `compareAndDelete` and `renewLock` check the token before they delete or
 * `PEXPIRE`, and the shared limiter is a GCRA over one key in integer microseconds. Logs are Redis streams
 * (`XADD`, `XRANGE` with an exclusive start, `XDEL`). Needs Redis ≥ 6.2 (exclusive `XRANGE` ranges).
 *
 * **Time.** Without `clock`, the scripts read Redis `TIME` and values expire by Redis's own `PX` TTLs.
 * With `clock`, the scripts take `now` from it, keep each value's expiry beside it and treat a value as
 * absent once that time has passed on the clock, so every operation answers exactly as the memory store
 * does on the same clock (see `redis/store-scripts.ts`). Do not mix the two on one `keyPrefix`: they store
 * values differently.
 *
 * **Keys.** `keyPrefix + key`, with a Redis Cluster hash tag kept or added so that a lock and its fencing
 * counter share a slot: put `{shop-domain}` in keys (`{launch.myshopify.com}:lock:customer:7`) to keep a
 * shop's keys together; see `redis/key-layout.ts` for the whole rule.
 *
 * **Failures.** When Redis cannot be reached, every operation rejects with a `FunnelstormError` whose code
 * is `STORE_UNAVAILABLE` and whose message names the operation, the key and the Redis error — within about
 * a second with the store's own connection (no offline queue, 1 s command and connect timeouts; see
 * `redisStoreConnectionOptions`). Such an operation may or may not have happened on the server (its reply
 * was lost); callers treat it as not done. The connection reconnects by itself with backoff (at most 1 s
 * apart), so the same store works again once Redis is back. A reply error that is not transient (a key of
 * the wrong type) rejects with `INTERNAL`.
 *
 * @example
 * const store = createRedisStore({ redis: 'redis://127.0.0.1:6379' });
 * const fence = await store.acquireLock('{launch.myshopify.com}:lock:customer:7', token, 10_000);
 * // … act with the fencing token, then:
 * await store.compareAndDelete('{launch.myshopify.com}:lock:customer:7', token);
 * await store.close();
 */
export function createRedisStore(
  options: Pick<RedisStoreOptions, 'redis'> & Partial<RedisStoreOptions>,
): RedisStore {
  const { keyPrefix, clock } = { ...defaultRedisStoreOptions, ...options };
  const keys = keyLayout(keyPrefix);
  const connection = storeConnection(options.redis);
  const { redis } = connection;
  const scripts = defineStoreScripts(redis);
  /** ARGV[1] of every script: the injected clock's now, or '' for Redis TIME. */
  const now = (): string => (clock === undefined ? '' : String(clock.nowMs()));

  const run = async <T>(op: string, key: string, send: () => Promise<T>): Promise<T> => {
    try {
      await connection.settled();
      return await send();
    } catch (error) {
      if (isFunnelstormError(error)) throw error;
      throw storeError(op, key, error, connection.where, connection.lastError());
    }
  };
  const ttlArg = (ttlMs: number): string => String(ttlMs);

  return {
    setIfAbsent: (key, value, ttlMs) =>
      run('setIfAbsent', key, async () => {
        return (await scripts.setIfAbsent(keys.value(key), now(), value, ttlArg(ttlMs))) === 1;
      }),
    set: (key, value, ttlMs) =>
      run('set', key, async () => {
        await scripts.set(keys.value(key), now(), value, ttlMs === undefined ? '' : ttlArg(ttlMs));
      }),
    get: (key) =>
      run('get', key, async () => {
        const value = await scripts.get(keys.value(key), now());
        return typeof value === 'string' ? value : undefined;
      }),
    compareAndDelete: (key, expected) =>
      run('compareAndDelete', key, async () => {
        return (await scripts.compareAndDelete(keys.value(key), now(), expected)) === 1;
      }),
    increment: (key) =>
      run('increment', key, async () => Number(await scripts.increment(keys.value(key), now()))),
    acquireLock: (key, token, ttlMs) =>
      run('acquireLock', key, async () => {
        const fence = await scripts.acquireLock(
          keys.value(key),
          keys.fence(key),
          now(),
          token,
          ttlArg(ttlMs),
        );
        return fence === null ? undefined : Number(fence);
      }),
    renewLock: (key, token, ttlMs) =>
      run('renewLock', key, async () => {
        return (await scripts.renewLock(keys.value(key), now(), token, ttlArg(ttlMs))) === 1;
      }),
    reserveSlot: (key, intervalMs, capacity) =>
      run('reserveSlot', key, async () => {
        const waitUs = await scripts.reserveSlot(
          keys.value(key),
          now(),
          String(intervalMs),
          String(capacity),
        );
        return Number(waitUs) / 1_000;
      }),
    observeSlot: (key, level, intervalMs, ageMs) =>
      run('observeSlot', key, async () => {
        await scripts.observeSlot(keys.value(key), now(), String(level), String(intervalMs), String(ageMs));
      }),
    append: (key, value) =>
      run('append', key, async () => {
        const id = await redis.xadd(keys.log(key), '*', 'v', value);
        if (id === null) throw new Error('XADD returned no id');
        return id;
      }),
    readLog: (key, options = {}) =>
      run('readLog', key, async () => {
        const start = options.afterId === undefined ? '-' : `(${options.afterId}`;
        if (options.count !== undefined && options.count <= 0) return [];
        const entries =
          options.count === undefined
            ? await redis.xrange(keys.log(key), start, '+')
            : await redis.xrange(keys.log(key), start, '+', 'COUNT', options.count);
        return entries.map(([id, fields]): LogEntry => ({ id, value: fieldValue(fields) }));
      }),
    removeFromLog: (key, id) =>
      run('removeFromLog', key, async () => {
        // XDEL refuses an id that is not `<ms>-<seq>`; such an id names no entry.
        if (!/^\d+-\d+$/.test(id)) return false;
        return (await redis.xdel(keys.log(key), id)) === 1;
      }),
    close: () => connection.close(),
  };
}

/** The value of a stream entry written by `append` (its one field, `v`). */
function fieldValue(fields: string[]): string {
  const index = fields.indexOf('v');
  return index !== -1 && index % 2 === 0 ? (fields[index + 1] ?? '') : '';
}
