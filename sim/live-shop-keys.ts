import { Redis } from 'ioredis';
import { FunnelstormError } from '../runtime/errors.js';
import { redisStoreConnectionOptions } from '../pipeline/redis/redis-connection.js';

/**
 * Deletes every key a live run of `shop` left in Redis — its claims, locks, throttle, owner heartbeats
 * (`fs:{shop}:…`) and its dead-letter log (`fs:log:{shop}:…`): every key of the Redis store names the shop
 * in a hash tag (pipeline/redis/key-layout.ts), so `*{shop}*` finds them all and nothing of another shop.
 * Bounded: the connection and each command time out after 1 s (the store's connection options), and no
 * reconnection is tried.
 *
 * @returns How many keys were deleted.
 * @throws FunnelstormError `STORE_UNAVAILABLE` when Redis cannot be reached or does not answer in time.
 */
export async function deleteShopKeys(redisUrl: string, shop: string): Promise<number> {
  const redis = new Redis(redisUrl, {
    ...redisStoreConnectionOptions,
    lazyConnect: true,
    retryStrategy: () => null,
  });
  // ioredis reports connection errors as events as well as rejections: the rejection is what we act on.
  redis.on('error', () => undefined);
  const work = async (): Promise<number> => {
    await redis.connect();
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*{${shop}}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  };
  try {
    return await work();
  } catch (error) {
    throw new FunnelstormError(
      'STORE_UNAVAILABLE',
      `Could not delete the keys of ${shop} from ${redisUrl}: ${error instanceof Error ? error.message : String(error)}.`,
      { cause: error },
    );
  } finally {
    redis.disconnect();
  }
}
