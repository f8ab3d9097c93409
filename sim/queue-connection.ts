import { Redis } from 'ioredis';
import { FunnelstormError } from '../runtime/errors.js';

/** The BullMQ queue a distributed search's runs go through (`check --queue`, `worker --queue`). */
export const searchQueueName = 'funnelstorm-check';

/** The Redis connection settings BullMQ takes, from a `redis://` or `rediss://` URL. */
export interface QueueConnection {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls?: object;
  /** BullMQ's blocking commands need ioredis to retry a command for ever (`null`). */
  maxRetriesPerRequest: null;
}

/** How long the reachability check of {@link openQueueConnection} waits, in ms. */
const connectTimeoutMs = 5_000;

/**
 * Parses a `--queue` URL and checks that Redis answers before any work is queued or taken, so a wrong URL
 * ends the command at once as bad input naming the flag.
 *
 * @throws FunnelstormError `FLAG_INVALID` when the URL is not `redis://` / `rediss://` or Redis does not
 *   answer within 5 s.
 */
export async function openQueueConnection(url: string, flag = '--queue'): Promise<QueueConnection> {
  const connection = queueConnection(url, flag);
  const probe = new Redis({
    ...connection,
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new FunnelstormError(
      'FLAG_INVALID',
      `${flag} ${url}: cannot reach Redis (${error instanceof Error ? error.message : String(error)}).`,
    );
  } finally {
    probe.disconnect();
  }
  return connection;
}

/** The connection settings of a `redis://[user:password@]host[:port][/db]` URL. */
export function queueConnection(url: string, flag = '--queue'): QueueConnection {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const db = Number(parsed?.pathname.slice(1) || 0);
  if (
    parsed === undefined ||
    (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') ||
    !Number.isInteger(db)
  ) {
    throw new FunnelstormError(
      'FLAG_INVALID',
      `${flag} must be a Redis URL such as redis://127.0.0.1:6379 or rediss://user:secret@host:6380/1 (got "${url}").`,
    );
  }
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    db,
    maxRetriesPerRequest: null,
    ...(parsed.username !== '' && { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password !== '' && { password: decodeURIComponent(parsed.password) }),
    ...(parsed.protocol === 'rediss:' && { tls: {} }),
  };
}
