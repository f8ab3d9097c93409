import type { Clock } from '../runtime/clock.js';
import { isFunnelstormError } from '../runtime/errors.js';
import { ownerOfClaim } from './idempotency.js';
import type { Store } from './store.js';

// Claims with an owner and a heartbeat: a live worker process writes its owner id into every claim it
// takes (idempotency.ts, `owner`) and keeps a heartbeat key alive in the Store while it runs. A claim in
// flight whose owner has no heartbeat belongs to a dead process: another process may take it over — after
// a lookup, since the dead owner may have created the order — instead of skipping the order for the
// claim's 4-hour lifetime.

/** How the heartbeat is kept: renewed every `everyMs`, gone `ttlMs` after the last renewal. */
export interface OwnerHeartbeatOptions {
  /** Defaults to 3 s. */
  everyMs: number;
  /** Defaults to 15 s: five missed renewals, so a Store hiccup does not declare a live owner dead. */
  ttlMs: number;
}

/** Defaults for {@link OwnerHeartbeatOptions}. */
export const defaultOwnerHeartbeatOptions: Readonly<OwnerHeartbeatOptions> = {
  everyMs: 3_000,
  ttlMs: 15_000,
};

/** The Store key of an owner's heartbeat: `{<shop>}:owner:<owner>`, with the shop's claims. */
export function ownerHeartbeatKey(shopDomain: string, owner: string): string {
  return `{${shopDomain}}:owner:${owner}`;
}

/**
 * Keeps `owner`'s heartbeat alive until `signal` aborts, then deletes it. A failed renewal (the Store gone
 * away) is passed to `onError` and retried at the next beat; it never ends the loop.
 */
export async function keepOwnerAlive(
  store: Store,
  clock: Clock,
  key: string,
  signal: AbortSignal,
  onError: (error: unknown) => void = () => undefined,
  options: OwnerHeartbeatOptions = defaultOwnerHeartbeatOptions,
): Promise<void> {
  while (!signal.aborted) {
    try {
      await store.set(key, 'alive', options.ttlMs);
    } catch (error) {
      if (!isFunnelstormError(error, 'STORE_UNAVAILABLE')) throw error;
      onError(error);
    }
    await clock.sleep(options.everyMs, signal).catch(() => undefined);
  }
  await store.compareAndDelete(key, 'alive').catch(() => false);
}

/**
 * Frees the claim `key` when it is in flight for an owner whose heartbeat is gone: deletes it only if it
 * still holds the value read (compare-and-delete), so a claim renewed or completed meanwhile stays.
 * Returns true when it freed the claim; the caller then claims the key again and looks the order up first.
 * A claim without an owner (taken by a process that writes none) is never freed here.
 */
export async function freeClaimOfDeadOwner(store: Store, shopDomain: string, key: string): Promise<boolean> {
  const value = await store.get(key);
  const owner = ownerOfClaim(value);
  if (value === undefined || owner === undefined) return false;
  if ((await store.get(ownerHeartbeatKey(shopDomain, owner))) !== undefined) return false;
  return store.compareAndDelete(key, value);
}
