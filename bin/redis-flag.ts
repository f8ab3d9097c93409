import { createRedisStore, type RedisStore } from '../pipeline/redis-store.js';
import { FunnelstormError } from '../runtime/errors.js';

/**
 * Opens the Redis store of a `--redis <url>` flag and checks it answers before any work is taken, so an
 * unreachable or malformed URL ends the command as bad input (exit 2) naming the flag.
 *
 * @throws FunnelstormError `FLAG_INVALID` when the URL is unusable or Redis cannot be reached.
 */
export async function openRedisStore(redis: string): Promise<RedisStore> {
  let store: RedisStore;
  try {
    store = createRedisStore({ redis });
  } catch (error) {
    throw new FunnelstormError('FLAG_INVALID', `--redis ${redis}: ${describe(error)}`);
  }
  try {
    await store.get('funnelstorm:preflight');
  } catch (error) {
    await store.close();
    throw new FunnelstormError('FLAG_INVALID', `--redis ${redis}: cannot reach Redis (${describe(error)}).`);
  }
  return store;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
