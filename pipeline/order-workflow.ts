import type { Clock } from '../runtime/clock.js';
import { isFunnelstormError } from '../runtime/errors.js';
import type { Random } from '../runtime/random.js';
import type { Dispatch } from '../runtime/transport.js';
import { nextBackoff, type BackoffOptions, type BackoffState } from './backoff.js';
import { createOrFindOrder, type CreateOutcome } from './create-order.js';
import { updateCustomerTotals, type CustomerUpdateOutcome } from './customer-update.js';
import type { DeadLetterQueue, DeadLetterResponse } from './dead-letter-queue.js';
import { createIdempotency, type ClaimOutcome, type Idempotency } from './idempotency.js';
import type { Lease } from './lease.js';
import { createMutex, type Mutex, type Spawn } from './mutex.js';
import type { PipelineGuarantees } from './pipeline-variants.js';
import type { PipelineOrder, ShopTarget } from './shopify-requests.js';
import type { Store } from './store.js';
import { WorkflowBackoff } from './workflow-backoff.js';

/** Settings of {@link processOrder}. The reference pipeline's options satisfy it. */
export interface OrderWorkflowSettings
  extends BackoffOptions, Pick<PipelineGuarantees, 'claim' | 'reconcile' | 'customerLock'> {
  /**
   * How hard each stage tries before it gives up: the create stage after this many requests (its
   * lookups included), the customer update after this many failed requests.
   */
  maxAttempts: number;
  /** The note attribute that carries the source order id. */
  sourceIdAttribute: string;
  /**
   * How long an idempotency claim lives, in ms. At least Shopify's webhook retry horizon (4 hours, doc),
   * so a late redelivery still finds it.
   */
  claimTtlMs: number;
  /** How long a second delivery waits for an order in flight elsewhere before it yields, in ms. */
  claimWaitMs: number;
  /**
   * How long taking an order's claim keeps trying through a Store outage (Redis gone away), with
   * jittered backoff, before the order is dead-lettered with the reason, in ms.
   */
  storeWaitMs: number;
  /** The per-request timeout, in ms: a fenced write is sent only while its lease outlives it. */
  requestTimeoutMs: number;
  /** How long a stage waits while the retry budget refuses its retries, in ms (workflow-backoff.ts). */
  budgetWaitMs: number;
  /** The customer lock's lease, in ms: above `requestTimeoutMs` by a margin (see {@link customerMutex}). */
  lockTtlMs: number;
  /** How long a worker waits for a customer's lock before dead-lettering the update, in ms. */
  lockWaitMs: number;
  /** The cap on a lock waiter's jittered poll, in ms. */
  lockPollMaxMs: number;
}

/**
 * The per-customer mutex of the workflow, on `store`, with the lock settings of `settings`. Give each
 * worker its own `random` stream: lock tokens are drawn from it.
 */
export function customerMutex(
  store: Store,
  clock: Clock,
  random: Random,
  settings: Pick<OrderWorkflowSettings, 'lockTtlMs' | 'lockWaitMs' | 'lockPollMaxMs'>,
): Mutex {
  return createMutex(store, clock, random, {
    ttlMs: settings.lockTtlMs,
    maxWaitMs: settings.lockWaitMs,
    retryMaxDelayMs: settings.lockPollMaxMs,
  });
}

/** What {@link processOrder} needs. `client` is the composed Shopify client (retry, throttle, timeout). */
export interface OrderWorkflowDeps {
  clock: Clock;
  /** The stream of the workflow's own backoff waits (and of the claims and locks made here when not given). */
  random: Random;
  client: Dispatch;
  /** The client for a fenced write under `lease` (lease-guard.ts). Defaults to `client`. */
  fencedClient?: (lease: Lease) => Dispatch;
  store: Store;
  /** The idempotency claims. Defaults to claims in `store` with `settings.claimTtlMs`. */
  idempotency?: Idempotency<ClaimRecord>;
  /** The per-customer lock. Defaults to {@link customerMutex} in `store`, on a fork of `random`. */
  mutex?: Mutex;
  /** Runs lease renewers beside the critical section (`sim.spawn`); cooperative renewal without it. */
  spawn?: Spawn;
  shop: ShopTarget;
  /** Where an order the pipeline could not create goes, with the reason. */
  deadLetters: DeadLetterQueue<PipelineOrder>;
  /** Where a customer update the pipeline gave up on goes (the order exists). Defaults to `deadLetters`. */
  customerDeadLetters?: DeadLetterQueue<PipelineOrder>;
  settings: OrderWorkflowSettings;
}

/** What a completed claim records: the order's id in Shopify, or that it was dead-lettered. */
export interface ClaimRecord {
  shopifyOrderId?: number;
  /** True when the order was dead-lettered after an attempt that may have created it. */
  deadLettered?: boolean;
  /** How the customer update ended. */
  customer?: CustomerUpdateOutcome['kind'];
}

/** How one order ended. */
export type OrderOutcome =
  | {
      kind: 'created';
      shopifyOrderId: number | undefined;
      attempts: number;
      reconciled: boolean;
      /** How the customer update ended (`failed`: dead-lettered; the order exists). */
      customer: CustomerUpdateOutcome;
    }
  | { kind: 'dead-lettered'; reason: string; attempts: number }
  | {
      kind: 'already-claimed';
      /** `done`: another delivery finished it; `in-flight`: another still works on it, and this one yielded. */
      state: 'done' | 'in-flight';
    };

/** The Store key of an order's idempotency claim: `{<shop>}:order:<source id>`. */
export function orderClaimKey(shop: ShopTarget, sourceOrderId: string): string {
  return `{${shop.domain}}:order:${sourceOrderId}`;
}

/**
 * One order's way through the pipeline (../shared/DESIGN.md, "One order's way through"):
 *
 * 1. **Claim** the order's idempotency key (`{shop}:order:<source id>`) in the Store (idempotency.ts,
 *    after Stripe's idempotency keys). A key in flight elsewhere: wait for its result (at most
 *    `claimWaitMs`), then yield; a key done: nothing to do.
 * 2. **Create** it, looking it up after an ambiguous failure before creating it again (create-order.ts).
 * 3. **Count it in the customer's totals**, under the customer's fenced mutex (customer-update.ts).
 * 4. **Complete** the claim with the result. A give-up goes to the dead-letter queue with the reason,
 *    the attempts and Shopify's last answer; its claim is released when no attempt may have created the
 *    order (so a replay can claim it), and completed with a dead-lettered marker otherwise (a replay would
 *    have to look the order up first).
 *
 * The naive baselines turn steps off through `settings` (pipeline-variants.ts): `claim: false` skips steps
 * 1 and 4, `reconcile: false` creates again without the lookup, `customerLock: false` does step 3 without
 * the lock or the fencing token.
 *
 * A claim retaken after its holder released it (or after it expired) starts with a lookup: the earlier
 * holder may have created the order. A claim that expired while its holder still worked is not detected —
 * `claimTtlMs` outlives Shopify's 4-hour redelivery horizon so that needs a holder stalled that long.
 */
export async function processOrder(order: PipelineOrder, deps: OrderWorkflowDeps): Promise<OrderOutcome> {
  const { clock, settings } = deps;
  const backoffOf = (label: string) =>
    new WorkflowBackoff(clock, deps.random.fork(label), {
      baseDelayMs: settings.baseDelayMs,
      maxDelayMs: settings.maxDelayMs,
      budgetWaitMs: settings.budgetWaitMs,
    });

  const claim = settings.claim ? await claimOrder(order, deps) : undefined;
  if (claim?.kind === 'yield') return { kind: 'already-claimed', state: claim.state };
  if (claim?.kind === 'unavailable') return deadLetter(order, deps, claim.reason, 0);

  const created = await createOrFindOrder(
    order,
    { client: deps.client, shop: deps.shop, backoff: backoffOf('create'), settings },
    claim?.retaken ?? false,
  );
  if (created.kind === 'failed') {
    const outcome = deadLetter(order, deps, created.reason, created.attempts, created.lastResponse);
    if (claim !== undefined) await settleFailedClaim(claim, created);
    return outcome;
  }

  const customer = await updateCustomerTotals(order, {
    client: deps.client,
    ...(deps.fencedClient && { fencedClient: deps.fencedClient }),
    ...(settings.customerLock && {
      mutex: deps.mutex ?? customerMutex(deps.store, clock, deps.random.fork('mutex'), settings),
    }),
    ...(deps.spawn && { spawn: deps.spawn }),
    shop: deps.shop,
    backoff: backoffOf('customer'),
    settings,
  });
  if (customer.kind === 'failed') {
    (deps.customerDeadLetters ?? deps.deadLetters).add({
      key: order.sourceOrderId,
      reason: customer.reason,
      attempts: customer.attempts,
      atMs: clock.nowMs(),
      payload: order,
      ...(customer.lastResponse && { lastResponse: customer.lastResponse }),
    });
  }
  if (claim !== undefined) {
    await completeClaim(claim, {
      ...(created.shopifyOrderId !== undefined && { shopifyOrderId: created.shopifyOrderId }),
      customer: customer.kind,
    });
  }
  return {
    kind: 'created',
    shopifyOrderId: created.shopifyOrderId,
    attempts: created.attempts,
    reconciled: created.reconciled,
    customer,
  };
}

type Claim =
  | { kind: 'held'; idempotency: Idempotency<ClaimRecord>; key: string; token: string; retaken: boolean }
  | { kind: 'yield'; state: 'done' | 'in-flight' }
  | { kind: 'unavailable'; reason: string };

/** Takes the order's claim, waiting for a holder elsewhere; never proceeds without it. */
async function claimOrder(order: PipelineOrder, deps: OrderWorkflowDeps): Promise<Claim> {
  const idempotency =
    deps.idempotency ??
    createIdempotency<ClaimRecord>(deps.store, deps.clock, deps.random.fork('idempotency'), {
      claimTtlMs: deps.settings.claimTtlMs,
    });
  const key = orderClaimKey(deps.shop, order.sourceOrderId);
  const { clock, settings } = deps;
  const deadlineMs = clock.nowMs() + settings.storeWaitMs;
  let backoff: BackoffState = { retries: 0 };
  // A claim that failed in the Store may still have taken the key (the outcome of a failed Store call is
  // unknown), so after one, a key found in flight may be this worker's own: it is never waited out.
  let uncertain = false;
  for (;;) {
    let outcome: ClaimOutcome<ClaimRecord>;
    let retaken = false;
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
      if (outcome.kind === 'in-flight') {
        outcome = await idempotency.waitForResult(key, { maxWaitMs: settings.claimWaitMs });
        retaken = outcome.kind === 'claimed';
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
      const [delayMs, next] = nextBackoff(backoff, deps.random, settings);
      backoff = next;
      await clock.sleep(Math.min(delayMs, leftMs));
      continue;
    }
    if (outcome.kind === 'claimed') return { kind: 'held', idempotency, key, token: outcome.token, retaken };
    return { kind: 'yield', state: outcome.kind };
  }
}

/**
 * After a give-up: a create known not to have happened frees the claim, so a replay may create the order;
 * one that may have happened completes it with a dead-lettered marker instead.
 */
async function settleFailedClaim(
  claim: Claim,
  created: Extract<CreateOutcome, { kind: 'failed' }>,
): Promise<void> {
  if (claim.kind !== 'held') return;
  if (created.mayHaveApplied) await completeClaim(claim, { deadLettered: true });
  else await storeStep(() => claim.idempotency.release(claim.key, claim.token));
}

async function completeClaim(claim: Claim, record: ClaimRecord): Promise<void> {
  if (claim.kind !== 'held') return;
  await storeStep(() => claim.idempotency.complete(claim.key, claim.token, record));
}

/**
 * A Store write after the side effect. When the Store is unavailable the claim stays in flight until
 * `claimTtlMs` ends it: later deliveries wait or yield in the meantime, which is safe — nothing is done
 * twice — so the outage is not the order's failure.
 */
async function storeStep(step: () => Promise<boolean>): Promise<void> {
  try {
    await step();
  } catch (error) {
    if (!isFunnelstormError(error, 'STORE_UNAVAILABLE')) throw error;
  }
}

function deadLetter(
  order: PipelineOrder,
  deps: OrderWorkflowDeps,
  reason: string,
  attempts: number,
  lastResponse?: DeadLetterResponse,
): OrderOutcome {
  deps.deadLetters.add({
    key: order.sourceOrderId,
    reason,
    attempts,
    atMs: deps.clock.nowMs(),
    payload: order,
    ...(lastResponse && { lastResponse }),
  });
  return { kind: 'dead-lettered', reason, attempts };
}
