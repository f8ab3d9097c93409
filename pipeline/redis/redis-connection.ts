import { Redis, type Cluster, type RedisOptions } from 'ioredis';

/**
 * ioredis options for a connection the Redis store opens itself, chosen so that no operation hangs and
 * none runs after it was reported failed:
 *
 * - `enableOfflineQueue: false` — a command sent while disconnected is refused at once instead of queued,
 *   so an operation that rejected can never run later when the connection comes back;
 * - `autoResendUnfulfilledCommands: false` — nor is a command re-sent whose reply was lost with the
 *   connection (the caller has already been told it failed);
 * - `maxRetriesPerRequest: 0` — whatever is still pending when the connection drops fails at once;
 * - `commandTimeout: 1000` — a server that accepts connections but does not answer (stopped, swapping)
 *   fails the command after 1 s;
 * - `connectTimeout: 1000` — a connection attempt that hangs is abandoned after 1 s;
 * - `retryStrategy` — reconnect for ever, after 100 ms, 200 ms, 400 ms, 800 ms, then every 1 s, so the store
 *   is usable again within about a second of Redis coming back, without being re-created.
 *
 * Pass your own ioredis instance to use other options; the store works with any, but only these bound
 * every operation's time.
 */
export const redisStoreConnectionOptions: RedisOptions = {
  enableOfflineQueue: false,
  autoResendUnfulfilledCommands: false,
  maxRetriesPerRequest: 0,
  commandTimeout: 1_000,
  connectTimeout: 1_000,
  retryStrategy: (attempt: number) => Math.min(100 * 2 ** (attempt - 1), 1_000),
};

/** A connection as the store uses it: the client, whether the store owns it, and its state. */
export interface StoreConnection {
  readonly redis: Redis | Cluster;
  /** Where the server is, for error messages (no credentials). */
  readonly where: string;
  /** The last error the connection reported since it was last ready. */
  lastError(): Error | undefined;
  /**
   * Resolves once a connection attempt in progress has finished (ready or failed), at once otherwise.
   * With the offline queue off, a command sent during the handshake would be refused; waiting for it
   * keeps the first operation after start-up (or after Redis returns) from failing for nothing. Bounded by
   * `connectTimeout` and `commandTimeout`.
   */
  settled(): Promise<void>;
  /** Stops listening, and disconnects the client when the store opened it. */
  close(): Promise<void>;
}

/** What the store learns from a client's events: shared by every store on one client. */
interface Watcher {
  lastError: Error | undefined;
  settled(): Promise<void>;
  detach(): void;
}

const watchers = new WeakMap<Redis | Cluster, Watcher>();

/**
 * Opens a connection to `url`, or adopts the caller's client. The store listens to the client's `error`
 * events (once per client, however many stores share it) to name the cause in its own errors; ioredis
 * then no longer prints them itself.
 */
export function storeConnection(redisOrUrl: Redis | Cluster | string): StoreConnection {
  const owned = typeof redisOrUrl === 'string';
  const redis = owned ? new Redis(redisOrUrl, redisStoreConnectionOptions) : redisOrUrl;
  let watcher = watchers.get(redis);
  if (watcher === undefined) {
    watcher = watch(redis);
    watchers.set(redis, watcher);
  }
  const { settled } = watcher;
  const lastError = (): Error | undefined => watchers.get(redis)?.lastError;

  return {
    redis,
    where: describeServer(redisOrUrl),
    lastError,
    settled,
    async close() {
      if (!owned) return;
      watchers.get(redis)?.detach();
      watchers.delete(redis);
      if (redis.status === 'end') return;
      // QUIT lets Redis answer what was sent first; when it fails (the connection dropped meanwhile), the
      // socket is closed without it.
      if (
        redis.status === 'ready' &&
        (await redis.quit().then(
          () => true,
          () => false,
        ))
      )
        return;
      redis.disconnect();
    },
  };
}

function watch(redis: Redis | Cluster): Watcher {
  let handshake: Promise<void> | undefined;
  const watcher: Watcher = {
    lastError: undefined,
    settled() {
      if (redis.status === 'wait') {
        // A lazy client: connect now. A failure is reported through 'error' and the 'close' below.
        redis.connect().catch(onError);
      }
      if (redis.status !== 'connecting' && redis.status !== 'connect') return Promise.resolve();
      handshake ??= new Promise<void>((resolve) => {
        const done = (): void => {
          for (const event of handshakeEnds) redis.off(event, done);
          handshake = undefined;
          resolve();
        };
        for (const event of handshakeEnds) redis.on(event, done);
      });
      return handshake;
    },
    detach() {
      redis.off('error', onError);
      redis.off('ready', onReady);
    },
  };
  // ioredis reports connection failures as 'error' events; the operations report them to their callers,
  // so here they are only remembered for the messages.
  function onError(error: Error): void {
    watcher.lastError = error;
  }
  function onReady(): void {
    watcher.lastError = undefined;
  }
  redis.on('error', onError);
  redis.on('ready', onReady);
  return watcher;
}

const handshakeEnds = ['ready', 'close', 'end'] as const;

function describeServer(redisOrUrl: Redis | Cluster | string): string {
  if (typeof redisOrUrl === 'string') {
    try {
      const url = new URL(redisOrUrl);
      return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
    } catch (error) {
      return `"${redisOrUrl}" (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  if (redisOrUrl instanceof Redis)
    return `${redisOrUrl.options.host ?? '?'}:${redisOrUrl.options.port ?? '?'}`;
  return 'the Redis Cluster';
}
