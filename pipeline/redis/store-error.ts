import { FunnelstormError } from '../../runtime/errors.js';

/**
 * Reply errors that mean "Redis cannot serve this right now" rather than "this command is wrong": the
 * server is loading its data, busy in a script, a read-only replica, out of memory, unable to persist, or
 * a cluster without a master for the slot. They are as transient as a lost connection.
 */
const transientReplies = [
  'LOADING',
  'BUSY',
  'READONLY',
  'OOM',
  'MISCONF',
  'MASTERDOWN',
  'CLUSTERDOWN',
  'TRYAGAIN',
  'NOREPLICAS',
];

/** ioredis's words for a connection state, in the operator's. */
const plainWords: [RegExp, string][] = [
  [/^Stream isn't writeable/, 'not connected; reconnecting'],
  [/^Command timed out/, 'no answer within the command timeout'],
];

/**
 * The error a Redis store operation rejects with. A lost or refused connection, a command timeout and a
 * transient reply become `STORE_UNAVAILABLE`; any other reply error (a wrong type, a bad stream id) is a
 * bug or a clash with a foreign key and becomes `INTERNAL`.
 *
 * @param op the Store operation, e.g. `acquireLock`.
 * @param key the logical key it was called with.
 * @param error what ioredis rejected with.
 * @param where the server, e.g. `127.0.0.1:6379`, to tell the operator where to look.
 * @param lastConnectionError the last error the connection reported, when it explains more (ECONNREFUSED).
 */
export function storeError(
  op: string,
  key: string,
  error: unknown,
  where: string,
  lastConnectionError: Error | undefined,
): FunnelstormError {
  const raw = error instanceof Error ? error.message : String(error);
  const message = plainWords.find(([pattern]) => pattern.test(raw))?.[1] ?? raw;
  const call = `Redis store ${op}(${JSON.stringify(key)})`;
  const isReply = error instanceof Error && error.name === 'ReplyError';
  if (isReply && !transientReplies.some((code) => message.startsWith(code))) {
    return new FunnelstormError(
      'INTERNAL',
      `${call} was refused by Redis at ${where}: ${message}. Each funnelstorm key holds one type; ` +
        "check that nothing else writes under the store's keyPrefix, and report it if nothing does.",
      { cause: error },
    );
  }
  const last =
    lastConnectionError !== undefined && lastConnectionError.message !== message
      ? `; last connection error: ${lastConnectionError.message}`
      : '';
  return new FunnelstormError(
    'STORE_UNAVAILABLE',
    `${call} failed: Redis at ${where} is unavailable (${message}${last}). The operation may or may not ` +
      'have taken effect: treat it as not done and do not proceed unprotected. Check that Redis is running ' +
      'and reachable; the store reconnects by itself.',
    { cause: error },
  );
}
