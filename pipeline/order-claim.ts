import { isFunnelstormError } from '../runtime/errors.js';
import { backoffDelayMs } from './backoff.js';
import type { CreateOutcome } from './create-order.js';
import type { CustomerUpdateOutcome } from './customer-update.js';
import { freeClaimOfDeadOwner } from './claim-owner.js';
import { createIdempotency, type ClaimOutcome, type Idempotency } from './idempotency.js';
import type { OrderWorkflowDeps } from './order-workflow.js';
import type { PipelineOrder, ShopTarget } from './shopify-requests.js';

// The claim step of the order workflow (order-workflow.ts): take the order's idempotency key, through a
// Store outage if need be, and settle it after the order's end.

/** What a completed claim records: the order's id in Shopify, or that it was dead-lettered. */
export interface ClaimRecord {
  shopifyOrderId?: number;
  /** True when the order was dead-lettered after an attempt that may have created it. */
  deadLettered?: boolean;
  /** How the customer update ended. */
  customer?: CustomerUpdateOutcome['kind'];
}

/** The Store key of an order's idempotency claim: `{<shop>}:order:<source id>`. */
export function orderClaimKey(shop: ShopTarget, sourceOrderId: string): string {
  return `{${shop.domain}}:order:${sourceOrderId}`;
}

export type Claim =
  | { kind: 'held'; idempotency: Idempotency<ClaimRecord>; key: string; token: string; retaken: boolean }
  | { kind: 'yield'; state: 'done' | 'in-flight' }
  | { kind: 'unavailable'; reason: string };

/** Takes the order's claim, waiting for a holder elsewhere; never proceeds without it. */
export async function claimOrder(order: PipelineOrder, deps: OrderWorkflowDeps): Promise<Claim> {
  const idempotency =
    deps.idempotency ??
    createIdempotency<ClaimRecord>(deps.store, deps.clock, deps.random.fork('idempotency'), {
      claimTtlMs: deps.settings.claimTtlMs,
      ...(deps.settings.claimOwner !== undefined && { owner: deps.settings.claimOwner }),
    });
  const key = orderClaimKey(deps.shop, order.sourceOrderId);
  const { clock, settings } = deps;
  const deadlineMs = clock.nowMs() + settings.storeWaitMs;
  let retries = 0;
  // A claim that failed in the Store may still have taken the key (the outcome of a failed Store call is
  // unknown), so after one, a key found in flight may be this worker's own: it is never waited out.
  let uncertain = false;
  // A claim freed from a dead owner is retaken: that owner may have created the order before it died.
  let takenOver = false;
  // Only processes that write owners into their claims (live workers) look for dead ones.
  const ownerless = settings.claimOwner === undefined;
  for (;;) {
    let outcome: ClaimOutcome<ClaimRecord>;
    let retaken = takenOver;
    try {
      outcome = await idempotency.claim(key);
      if (outcome.kind === 'in-flight' && uncertain) {
        return {
          kind: 'unavailable',
          reason:
            `idempotency claim ${key} is in flight after a claim attempt failed in a Store outage — ` +
            'it may be this attempt’s own; dead-lettered rather than waited out or done twice',
        };
      }
      if (outcome.kind === 'in-flight' && !ownerless && (await ownerDied(deps, key))) {
        takenOver = true;
        continue;
      }
      if (outcome.kind === 'in-flight') {
        outcome = await idempotency.waitForResult(key, { maxWaitMs: settings.claimWaitMs });
        retaken = outcome.kind === 'claimed';
      }
      // The owner may have died while this worker waited: its heartbeat outlives a wait by at most its TTL.
      if (outcome.kind === 'in-flight' && !ownerless && (await ownerDied(deps, key))) {
        takenOver = true;
        continue;
      }
    } catch (error) {
      if (!isFunnelstormError(error, 'STORE_UNAVAILABLE')) throw error;
      uncertain = true;
      const leftMs = deadlineMs - clock.nowMs();
      if (leftMs <= 0) {
        return {
          kind: 'unavailable',
          reason: `idempotency claim ${key} could not be taken within ${settings.storeWaitMs} ms: ${error.message}`,
        };
      }
      const delayMs = backoffDelayMs(retries++, deps.random, settings);
      await clock.sleep(Math.min(delayMs, leftMs));
      continue;
    }
    if (outcome.kind === 'claimed') return { kind: 'held', idempotency, key, token: outcome.token, retaken };
    return { kind: 'yield', state: outcome.kind };
  }
}

/** True when the owner of the claim `key` is dead and its claim was freed (claim-owner.ts). */
function ownerDied(deps: OrderWorkflowDeps, key: string): Promise<boolean> {
  return freeClaimOfDeadOwner(deps.store, deps.shop.domain, key);
}

/**
 * After a give-up: a create known not to have happened frees the claim, so a replay may create the order;
 * one that may have happened completes it with a dead-lettered marker instead.
 */
export async function settleFailedClaim(
  claim: Claim,
  created: Extract<CreateOutcome, { kind: 'failed' }>,
): Promise<void> {
  if (claim.kind !== 'held') return;
  if (created.mayHaveApplied) {
    await completeClaim(claim, { deadLettered: true });
    return;
  }
  try {
    await claim.idempotency.release(claim.key, claim.token);
  } catch (error) {
    ignoreStoreOutage(error);
  }
}

/**
 * Records the order's end in its claim. A `catch` on the write, not an async function around it: an
 * async frame and an await fewer per order, with the caller resumed after as many microtask turns
 * (issue 12).
 */
export function completeClaim(claim: Claim, record: ClaimRecord): Promise<void> {
  if (claim.kind !== 'held') return Promise.resolve();
  let written: Promise<boolean>;
  try {
    written = claim.idempotency.complete(claim.key, claim.token, record);
  } catch (error) {
    ignoreStoreOutage(error);
    return Promise.resolve();
  }
  return written.then(undefined, ignoreStoreOutage);
}

/**
 * After a Store write that follows the side effect failed: when the Store is unavailable the claim stays
 * in flight until `claimTtlMs` ends it, and later deliveries wait or yield in the meantime, which is safe
 * — nothing is done twice — so the outage is not the order's failure. Anything else passes on.
 */
function ignoreStoreOutage(error: unknown): void {
  if (!isFunnelstormError(error, 'STORE_UNAVAILABLE')) throw error;
}
