import { FunnelstormError } from '../../runtime/errors.js';

/**
 * Where the Redis store keeps each logical key of the Store, so that every script's keys share one
 * Redis Cluster hash slot.
 *
 * Redis Cluster hashes only the part of a key between the first `{` and the next `}` when that part is
 * not empty (the "hash tag"; Redis cluster specification, "Hash tags",
 * https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags), and a script
 * may only touch keys of one slot, all passed as KEYS (https://redis.io/docs/latest/commands/eval/).
 * `acquireLock` touches the lock and its fencing counter, so the two must share a hash tag. The rule:
 *
 * - A key with a hash tag is kept as it is: `{launch.myshopify.com}:lock:customer:7` is stored at
 *   `fs:{launch.myshopify.com}:lock:customer:7` and its fence at `fs:{launch.myshopify.com}:lock:customer:7:fence`.
 *   Callers put `{shop-domain}` in their keys so that a shop's keys live together.
 * - A key without one is wrapped whole: `lock:c1` is stored at `fs:{lock:c1}` and its fence at
 *   `fs:{lock:c1}:fence` — which is also where the logical key `lock:c1:fence` lives, so
 *   `get('lock:c1:fence')` reads the fence on Redis as it does on the memory store.
 * - Logs (streams) live apart from values, at `<prefix>log:<key>`, as they do in the memory store. A
 *   value key that itself starts with `log:` and has a hash tag could meet a log's name: do not name
 *   value keys `log:…`.
 *
 * One consequence: `x` and `{x}` name the same Redis key.
 */
export interface KeyLayout {
  /** The Redis key of the value `key`. */
  value(key: string): string;
  /** The Redis key of the fencing counter of the lock `key` (same hash slot as {@link KeyLayout.value}). */
  fence(key: string): string;
  /** The Redis key of the stream that holds the log `key`. */
  log(key: string): string;
}

const fenceSuffix = ':fence';

/**
 * The key layout under `prefix`. The prefix must not contain `{` or `}`: a hash tag in it would put every
 * key of the store in one slot (and one Cluster node).
 */
export function keyLayout(prefix: string): KeyLayout {
  if (prefix.includes('{') || prefix.includes('}')) {
    throw new FunnelstormError(
      'FLAG_INVALID',
      `Redis store keyPrefix ${JSON.stringify(prefix)} contains a brace: a hash tag in the prefix would put ` +
        'every key in one Redis Cluster slot. Please use a prefix without { or }, such as "fs:".',
    );
  }
  const value = (key: string): string => {
    if (hashTagOf(key) !== undefined) return prefix + key;
    if (key === '' || key.startsWith('}')) {
      throw new FunnelstormError(
        'INTERNAL',
        `Redis store key ${JSON.stringify(key)} cannot be given a hash tag (it is empty or starts with "}"), ` +
          'so a lock on it could not keep its fencing counter in the same Redis Cluster slot. Please name ' +
          'keys after what they hold, e.g. "{shop.myshopify.com}:lock:customer:7".',
      );
    }
    if (key.endsWith(fenceSuffix) && key.length > fenceSuffix.length)
      return `${prefix}{${key.slice(0, -fenceSuffix.length)}}${fenceSuffix}`;
    return `${prefix}{${key}}`;
  };
  return {
    value,
    // Every value key has a hash tag (its own or the wrap), and the suffix keeps it: one slot, always.
    fence: (key) => value(key) + fenceSuffix,
    log: (key) => `${prefix}log:${key}`,
  };
}

/**
 * The part of `redisKey` that Redis Cluster hashes to pick its slot, when the key has a hash tag: the
 * text between the first `{` and the first `}` after it, when not empty. Undefined when the whole key is
 * hashed.
 */
export function hashTagOf(redisKey: string): string | undefined {
  const open = redisKey.indexOf('{');
  if (open === -1) return undefined;
  const close = redisKey.indexOf('}', open + 1);
  if (close === -1 || close === open + 1) return undefined;
  return redisKey.slice(open + 1, close);
}
