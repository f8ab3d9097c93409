import { Redis } from 'ioredis';
import { createRedisStore, type RedisStore } from '../pipeline/redis-store.js';
import { FunnelstormError } from '../runtime/errors.js';

/** How long the checks before any work may take, in ms: a server that does not answer fails within it. */
const preflightTimeoutMs = 5_000;

/**
 * Opens the Redis store of a `--redis <url>` flag and checks it answers before any work is taken, so an
 * unreachable or malformed URL, or a database the server lacks (`redis://host:6379/99` on a server with
 * 16), ends the command as bad input (exit 2) naming the flag — within 5 s, never a hang.
 *
 * @throws FunnelstormError `FLAG_INVALID` when the URL is unusable or Redis cannot be reached.
 */
export async function openRedisStore(redis: string): Promise<RedisStore> {
  const database = databaseOf(redis);
  if (database > 0) await withTimeout(redis, checkDatabase(redis, database));
  let store: RedisStore;
  try {
    store = createRedisStore({ redis });
  } catch (error) {
    throw new FunnelstormError('FLAG_INVALID', `--redis ${redis}: ${describe(error)}`);
  }
  try {
    await withTimeout(redis, store.get('funnelstorm:preflight'));
  } catch (error) {
    await store.close();
    if (error instanceof FunnelstormError && error.code === 'FLAG_INVALID') throw error;
    throw new FunnelstormError('FLAG_INVALID', `--redis ${redis}: cannot reach Redis (${describe(error)}).`);
  }
  return store;
}

/** The database a Redis URL names (its path, `/3`), 0 without one. */
function databaseOf(redis: string): number {
  let path: string;
  try {
    path = new URL(redis).pathname;
  } catch (error) {
    throw new FunnelstormError('FLAG_INVALID', `--redis ${redis}: ${describe(error)}`);
  }
  if (path === '' || path === '/') return 0;
  if (!/^\/\d{1,9}$/.test(path)) {
    throw new FunnelstormError(
      'FLAG_INVALID',
      `--redis ${redis}: the path must be a database number such as /0 (got "${path}").`,
    );
  }
  return Number(path.slice(1));
}

/**
 * SELECTs `database` on a connection of its own: ioredis retries a failed SELECT for ever, reconnecting,
 * so the store itself would only hang on a database the server lacks.
 */
async function checkDatabase(redis: string, database: number): Promise<void> {
  const url = new URL(redis);
  url.pathname = '';
  const client = new Redis(url.toString(), {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    commandTimeout: 1_000,
    retryStrategy: () => null,
  });
  // ioredis rejects connect() with "Connection is closed."; the 'error' event has the cause (ECONNREFUSED).
  let cause: unknown;
  client.on('error', (error) => (cause = error));
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new FunnelstormError(
      'FLAG_INVALID',
      `--redis ${redis}: cannot reach Redis (${describe(cause ?? error)}).`,
    );
  }
  try {
    await client.select(database);
  } catch (error) {
    const count = await client.config('GET', 'databases').then(
      (reply) => (Array.isArray(reply) ? ` (it has databases 0 to ${Number(reply[1]) - 1})` : ''),
      () => '',
    );
    throw new FunnelstormError(
      'FLAG_INVALID',
      `--redis ${redis}: the server has no database ${database}${count}: ${describe(error)}.`,
    );
  } finally {
    client.disconnect();
  }
}

async function withTimeout<T>(redis: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new FunnelstormError(
            'FLAG_INVALID',
            `--redis ${redis}: Redis did not answer within ${preflightTimeoutMs / 1000} s.`,
          ),
        ),
      preflightTimeoutMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
