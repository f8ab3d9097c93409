import type { Cluster, Redis } from 'ioredis';
import { FunnelstormError } from '../../runtime/errors.js';

/**
 * The Lua scripts of the Redis store, one per atomic Store operation (Redis runs a script without
 * interleaving any other command: https://redis.io/docs/latest/develop/interact/programmability/eval-intro/).
 *
 * Every script takes `ARGV[1]`, the time source: an empty string means "read Redis `TIME`" (production:
 * every process shares the server's one clock), a number is the injected Clock's `nowMs()` (tests and
 * simulation). Inside the scripts time is in integer microseconds, as Lua numbers are doubles and stay
 * exact only up to 2^53 (≈ 285 years in µs; DESIGN.md, "Shared throttle").
 *
 * Expiry differs between the two sources, because Redis expires keys on its own real clock:
 *
 * - on `TIME`, a value is a plain string with a real `PX`/`PEXPIRE` TTL, so Redis itself drops it (and a
 *   `GET` from `redis-cli` shows it as it is);
 * - on an injected clock, a real TTL would be wrong (virtual time may run faster or slower than real
 *   time), so a value is a hash `{v = value, e = expiry in µs on that clock}` with no real TTL, and every
 *   script treats a value whose `e` has passed on the injected clock as absent. Such keys are replaced when
 *   written again but never vanish by themselves: use the clock mode for tests and simulations only.
 *
 * Both paths share `read`, `write`, `expire` and `increment` below, so each operation's logic is written
 * once and is the memory store's, step by step.
 */
const prelude = `
local clock_ms = ARGV[1]
local on_clock = clock_ms ~= ''
local now_us
local function now()
  if now_us == nil then
    if on_clock then
      now_us = math.floor(tonumber(clock_ms) * 1000 + 0.5)
    else
      local t = redis.call('TIME')
      now_us = tonumber(t[1]) * 1000000 + tonumber(t[2])
    end
  end
  return now_us
end
local function us(ms) return math.floor(tonumber(ms) * 1000 + 0.5) end
-- Integers as decimal text: tostring would print 1.7e+15.
local function int(n) return string.format('%.0f', n) end
local function px(at) return int(math.ceil((at - now()) / 1000)) end

local function read(key)
  if not on_clock then
    local v = redis.call('GET', key)
    if v then return v end
    return nil
  end
  local f = redis.call('HMGET', key, 'v', 'e')
  if not f[1] then return nil end
  if f[2] and tonumber(f[2]) <= now() then return nil end
  return f[1]
end

-- Sets key to value until at (µs), or forever when at is nil; a time already past deletes it.
local function write(key, value, at)
  if at ~= nil and at <= now() then
    redis.call('DEL', key)
  elseif on_clock then
    redis.call('DEL', key)
    if at == nil then
      redis.call('HSET', key, 'v', value)
    else
      redis.call('HSET', key, 'v', value, 'e', int(at))
    end
  elseif at == nil then
    redis.call('SET', key, value)
  else
    redis.call('SET', key, value, 'PX', px(at))
  end
end

local function expire(key, at)
  if at <= now() then
    redis.call('DEL', key)
  elseif on_clock then
    redis.call('HSET', key, 'e', int(at))
  else
    redis.call('PEXPIRE', key, px(at))
  end
end

-- INCR keeps the key's TTL, as the memory store keeps its expiry.
local function increment(key)
  if not on_clock then return redis.call('INCR', key) end
  if read(key) == nil then
    redis.call('DEL', key)
    redis.call('HSET', key, 'v', '1')
    return 1
  end
  return redis.call('HINCRBY', key, 'v', 1)
end

-- SET NX PX on Redis time (Redis distlock page); the same test-and-set on the injected clock.
local function set_if_absent(key, value, ttl_ms)
  local ttl = us(ttl_ms)
  if not on_clock and ttl > 0 then
    return redis.call('SET', key, value, 'NX', 'PX', int(math.ceil(ttl / 1000))) ~= false
  end
  if read(key) ~= nil then return false end
  write(key, value, now() + ttl)
  return true
end

-- The limiter's theoretical arrival time in µs, or now when it has none (an empty bucket).
local function tat_of(key)
  local stored = read(key)
  if stored == nil then return now() end
  return math.max(now(), tonumber(stored))
end

-- Keeps a limiter's state until its bucket would be empty again.
local function set_tat(key, tat)
  write(key, int(tat), math.max(tat, now() + 1000))
end
`;

/** Script bodies, by Store operation. KEYS and ARGV (after ARGV[1], the time source) are listed with each. */
const bodies = {
  // KEYS: key. ARGV: value, ttlMs. Returns 1 when set.
  setIfAbsent: [1, `if set_if_absent(KEYS[1], ARGV[2], ARGV[3]) then return 1 end return 0`],
  // KEYS: key. ARGV: value, ttlMs or '' for never.
  set: [
    1,
    `local at = nil
     if ARGV[3] ~= '' then at = now() + math.max(0, us(ARGV[3])) end
     write(KEYS[1], ARGV[2], at)
     return 1`,
  ],
  // KEYS: key. Returns the value or nil.
  get: [1, `return read(KEYS[1])`],
  // KEYS: key. ARGV: expected. Returns 1 when deleted.
  compareAndDelete: [1, `if read(KEYS[1]) == ARGV[2] then redis.call('DEL', KEYS[1]) return 1 end return 0`],
  // KEYS: key. Returns the new count.
  increment: [1, `return increment(KEYS[1])`],
  // KEYS: lock, fence (one hash slot). ARGV: token, ttlMs. Returns the fencing token, or nil when held.
  acquireLock: [
    2,
    `if not set_if_absent(KEYS[1], ARGV[2], ARGV[3]) then return false end
     return increment(KEYS[2])`,
  ],
  // KEYS: lock. ARGV: token, ttlMs. Returns 1 when renewed.
  renewLock: [
    1,
    `if read(KEYS[1]) ~= ARGV[2] then return 0 end
     expire(KEYS[1], now() + math.max(0, us(ARGV[3])))
     return 1`,
  ],
  // KEYS: limiter. ARGV: intervalMs, capacity. Returns the wait in µs. GCRA in queue mode: the call may go
  // once the bucket has room, no earlier than tat − (capacity − 1) × interval, and always reserves.
  reserveSlot: [
    1,
    `local interval = us(ARGV[2])
     local tat = tat_of(KEYS[1])
     local start = math.max(now(), tat - math.floor((tonumber(ARGV[3]) - 1) * interval + 0.5))
     set_tat(KEYS[1], math.max(tat, start) + interval)
     return start - now()`,
  ],
  // KEYS: limiter. ARGV: level, intervalMs, ageMs. Moves the TAT to at least (now − age) + level × interval.
  observeSlot: [
    1,
    `local reported = now() - us(ARGV[4]) + math.floor(math.max(0, tonumber(ARGV[2])) * us(ARGV[3]) + 0.5)
     if reported > tat_of(KEYS[1]) then set_tat(KEYS[1], reported) end
     return 0`,
  ],
} as const satisfies Record<string, readonly [number, string]>;

/** The name of one store script. */
export type StoreScriptName = keyof typeof bodies;

/** Runs one script: its KEYS first, then its ARGV after the time source. */
export type StoreScript = (...keysThenArgs: string[]) => Promise<unknown>;

/** The full Lua source of each script (for tests and for reading). */
export const storeScriptSources: Record<StoreScriptName, string> = Object.fromEntries(
  Object.entries(bodies).map(([name, [, body]]) => [name, `${prelude}\n${body}`]),
) as Record<StoreScriptName, string>;

/**
 * Registers every script on `redis` with ioredis's `defineCommand`, which sends `EVALSHA` and falls back
 * to `EVAL` on a connection that has not seen the script yet (after a reconnect or a server restart, whose
 * script cache is empty). Command names are prefixed `funnelstorm` so they cannot shadow a user's own.
 */
export function defineStoreScripts(redis: Redis | Cluster): Record<StoreScriptName, StoreScript> {
  const scripts = {} as Record<StoreScriptName, StoreScript>;
  for (const name of Object.keys(bodies) as StoreScriptName[]) {
    const command = `funnelstorm${name[0]?.toUpperCase()}${name.slice(1)}`;
    redis.defineCommand(command, { lua: storeScriptSources[name], numberOfKeys: bodies[name][0] });
    const defined = (redis as unknown as Record<string, StoreScript>)[command];
    if (defined === undefined) {
      throw new FunnelstormError(
        'INTERNAL',
        `ioredis did not define the script command ${command}; please report it.`,
      );
    }
    scripts[name] = defined.bind(redis);
  }
  return scripts;
}
