import type { Clock } from '../runtime/clock.js';
import { FunnelstormError } from '../runtime/errors.js';
import type { Random } from '../runtime/random.js';
import { backoffDelayMs } from './backoff.js';
import { randomToken } from './random-token.js';
import type { Store } from './store.js';

/** Options for {@link createIdempotency}. Plain data; every field has a default. */
export interface IdempotencyOptions {
  /**
   * How long a claim lives while its side effect is in flight, in milliseconds. It must outlast the
   * longest retry horizon of the upstream event: Shopify redelivers a webhook for 4 hours (SHOPIFY.md,
   * "Webhooks", doc), so a claim shorter than that lets a late redelivery run the side effect again.
   * Defaults to 4 h 10 min (../shared/DESIGN.md, "Numbers": lifetime ≥ the longest retry horizon).
   */
  claimTtlMs: number;
  /** How long a completed key keeps its result, in milliseconds. Defaults to 4 h 10 min, as `claimTtlMs`. */
  resultTtlMs: number;
  /** The first poll's ceiling in {@link Idempotency.waitForResult}, in ms (full jitter). Defaults to 100 ms. */
  pollBaseDelayMs: number;
  /** The cap on any poll ceiling, in milliseconds. Defaults to 5 s. */
  pollMaxDelayMs: number;
  /** How long {@link Idempotency.waitForResult} waits when not told, in milliseconds. Defaults to 30 s. */
  maxWaitMs: number;
  /**
   * The process that takes the claims, written into each claim's value (`in-flight:<owner>/<token>`) so
   * that another process can tell a claim whose owner died (claim-owner.ts). No `/`. Defaults to none.
   */
  owner?: string;
}

/** Defaults for {@link IdempotencyOptions}. */
export const defaultIdempotencyOptions: Readonly<IdempotencyOptions> = {
  claimTtlMs: (4 * 60 + 10) * 60_000,
  resultTtlMs: (4 * 60 + 10) * 60_000,
  pollBaseDelayMs: 100,
  pollMaxDelayMs: 5_000,
  maxWaitMs: 30_000,
};

/**
 * Where a key stands for one caller:
 * - `claimed`: this caller holds it and may run the side effect, then {@link Idempotency.complete} (or
 *   {@link Idempotency.release} when the side effect certainly did not happen);
 * - `done`: someone ran it; `result` is what they recorded;
 * - `in-flight`: someone else holds it now. Wait ({@link Idempotency.waitForResult}) or yield — never run
 *   the side effect.
 */
export type ClaimOutcome<T> =
  { kind: 'claimed'; token: string } | { kind: 'done'; result: T } | { kind: 'in-flight' };

/** Idempotency claims in the Store. Made by {@link createIdempotency}. */
export interface Idempotency<T> {
  readonly options: Readonly<IdempotencyOptions>;
  /** Claims `key` for this caller, or says who has it (see {@link ClaimOutcome}). */
  claim(key: string): Promise<ClaimOutcome<T>>;
  /**
   * Records the side effect's `result` under `key` if `token` still holds the claim. Resolves false when
   * it no longer does (the claim outlived `claimTtlMs` and another caller took the key).
   */
  complete(key: string, token: string, result: T): Promise<boolean>;
  /**
   * Gives the claim up, for a failure **known not to have applied** (a 4xx, a 429, a refused connection):
   * the next delivery may then run the side effect. After an ambiguous failure (a timeout, a reset, a 5xx)
   * do not release: find out first (look the order up) and complete with what was found.
   */
  release(key: string, token: string): Promise<boolean>;
  /**
   * Polls `key` with full-jitter waits until it is done, for at most `maxWaitMs`. When the key is free
   * (its holder released it), this caller claims it and gets `claimed`; when it is still in flight at the
   * deadline, `in-flight` — then yield (requeue, or dead-letter with that reason).
   */
  waitForResult(
    key: string,
    options?: { maxWaitMs?: number; signal?: AbortSignal },
  ): Promise<ClaimOutcome<T>>;
}

const inFlightPrefix = 'in-flight:';
const donePrefix = 'done:';

/**
 * Idempotency keys for side effects that the remote API cannot deduplicate (Shopify takes no idempotency
 * key for an order create, SHOPIFY.md "Orders"). The key comes from the upstream event (the source order
 * id); it is claimed before the side effect and completed with its result after, as Stripe's idempotency
 * keys work on the server side (docs.stripe.com/api/idempotent_requests; Brandur Leach, "Designing robust
 * and predictable APIs with idempotency", stripe.com/blog/idempotency; the IETF Idempotency-Key draft): a
 * second request with the key gets the first one's result, and a request that arrives while the first is
 * still running is told so (Stripe answers 409) instead of running it again.
 *
 * The Store holds one value per key: `in-flight:<token>` while claimed (for `claimTtlMs`), then
 * `done:<json>` (for `resultTtlMs`). Keys should carry the shop's hash tag, e.g.
 * `{launch.myshopify.com}:order:src-17`, so they live on one Redis Cluster node with the shop's locks.
 *
 * **A holder that crashes** leaves its claim in flight until `claimTtlMs` passes: every later delivery gets
 * `in-flight` and yields, which is safe but slow. When the claim expires, the next caller gets `claimed`
 * without knowing that an earlier holder may have applied the side effect before it died. So a caller
 * must reconcile before acting whenever that is possible — for orders, look the order up in Shopify by the
 * tag carrying the source id before creating it — and that lookup, not the claim, is what makes a retake
 * after expiry safe. The claim makes concurrent duplicates impossible; the lookup makes late ones so.
 *
 * `complete` reads the claim and then writes the result: two Store operations, because the Store has no
 * compare-and-set. If the claim expired and was retaken between them (after `claimTtlMs` of holding), the
 * newer holder's claim is overwritten with this result — which that holder's lookup would also find.
 *
 * @example
 * const idempotency = createIdempotency<{ orderId: number }>(store, clock, random.fork('worker-1'));
 * let claim = await idempotency.claim(`{${shop}}:order:${order.sourceOrderId}`);
 * if (claim.kind === 'in-flight') claim = await idempotency.waitForResult(key, { maxWaitMs: 10_000 });
 * if (claim.kind === 'claimed') {
 *   const orderId = await lookUpOrCreate(order); // reconcile first, then create
 *   await idempotency.complete(key, claim.token, { orderId });
 * }
 */
export function createIdempotency<T = unknown>(
  store: Store,
  clock: Clock,
  random: Random,
  options: Partial<IdempotencyOptions> = {},
): Idempotency<T> {
  const settings: IdempotencyOptions = { ...defaultIdempotencyOptions, ...options };
  checkOptions(settings);
  const poll = { baseDelayMs: settings.pollBaseDelayMs, maxDelayMs: settings.pollMaxDelayMs };

  /**
   * One try of {@link Idempotency.claim}: sets the key unless held, else reads who holds it. A key released
   * or expired between the two operations is free again: try once more (three tries), then yield. Not an
   * async function: most claims take the key at the first try, which is one `then` on the Store's answer
   * instead of an async frame and its await per order (issue 12).
   */
  const tryClaim = (key: string, tries: number): Promise<ClaimOutcome<T>> => {
    const token =
      settings.owner === undefined ? randomToken(random) : `${settings.owner}/${randomToken(random)}`;
    return store
      .setIfAbsent(key, inFlightPrefix + token, settings.claimTtlMs)
      .then((set) => (set ? { kind: 'claimed', token } : holderOf(key, tries)));
  };
  /** After a refused try: the holder's result, or another try when the key came free meanwhile. */
  const holderOf = async (key: string, tries: number): Promise<ClaimOutcome<T>> => {
    const value = await store.get(key);
    if (value !== undefined) return decode<T>(value);
    return tries < 2 ? tryClaim(key, tries + 1) : { kind: 'in-flight' };
  };
  const claim = (key: string): Promise<ClaimOutcome<T>> => tryClaim(key, 0);

  return {
    options: settings,
    claim,
    // `then`s, not an async function: no async frame and its two awaits per order (issue 12).
    complete(key, token, result) {
      return store.get(key).then((value) => {
        if (!isClaimOf(value, token)) return false;
        return store.set(key, donePrefix + JSON.stringify(result), settings.resultTtlMs).then(completed);
      });
    },
    release(key, token) {
      return store.compareAndDelete(key, inFlightPrefix + token);
    },
    async waitForResult(key, { maxWaitMs = settings.maxWaitMs, signal } = {}) {
      const deadlineMs = clock.nowMs() + maxWaitMs;
      let retries = 0;
      for (;;) {
        const outcome = await claim(key);
        if (outcome.kind !== 'in-flight') return outcome;
        const nowMs = clock.nowMs();
        if (nowMs >= deadlineMs || signal?.aborted) return outcome;
        const delayMs = backoffDelayMs(retries++, random, poll);
        await clock.sleep(Math.min(delayMs, deadlineMs - nowMs), signal);
      }
    },
  };
}

/** What `complete` resolves once the result is written. */
function completed(): boolean {
  return true;
}

/**
 * True when `value` is `in-flight:<token>`: compared in place, not with a text built by concatenation per
 * order (a cons string, flattened again by the comparison; issue 12).
 */
function isClaimOf(value: string | undefined, token: string): boolean {
  return (
    value !== undefined &&
    value.length === inFlightPrefix.length + token.length &&
    value.startsWith(inFlightPrefix) &&
    value.endsWith(token)
  );
}

/** The owner written into a claim's stored value (`in-flight:<owner>/<token>`), if it has one. */
export function ownerOfClaim(value: string | undefined): string | undefined {
  if (value === undefined || !value.startsWith(inFlightPrefix)) return undefined;
  const slash = value.indexOf('/', inFlightPrefix.length);
  return slash === -1 ? undefined : value.slice(inFlightPrefix.length, slash);
}

/**
 * Reads a stored value. Anything that is not a readable `done:` counts as in flight: a value this module
 * did not write must never let a caller run the side effect.
 */
function decode<T>(value: string): ClaimOutcome<T> {
  if (value.startsWith(donePrefix)) {
    try {
      return { kind: 'done', result: JSON.parse(value.slice(donePrefix.length)) as T };
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
    }
  }
  return { kind: 'in-flight' };
}

function checkOptions(settings: IdempotencyOptions): void {
  if (settings.owner !== undefined && (settings.owner === '' || settings.owner.includes('/'))) {
    throw new FunnelstormError(
      'INTERNAL',
      `Invalid idempotency options: owner must be non-empty without "/", got ${JSON.stringify(settings.owner)}.`,
    );
  }
  for (const name of ['claimTtlMs', 'resultTtlMs', 'pollBaseDelayMs', 'pollMaxDelayMs'] as const) {
    if (!(settings[name] > 0)) {
      throw new FunnelstormError(
        'SCENARIO_INVALID',
        `Invalid idempotency options: ${name} must be > 0, got ${settings[name]}. Please fix the option.`,
      );
    }
  }
}
