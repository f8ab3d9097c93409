import type { Clock } from '../runtime/clock.js';
import type { Random } from '../runtime/random.js';
import type { Dispatch } from '../runtime/transport.js';
import type { BackoffOptions } from './backoff.js';
import { createOrFindOrder } from './create-order.js';
import { skippedCustomer, updateCustomerTotals, type CustomerUpdateOutcome } from './customer-update.js';
import type { DeadLetterQueue, DeadLetterResponse } from './dead-letter-queue.js';
import type { Idempotency } from './idempotency.js';
import type { Lease } from './lease.js';
import { createMutex, type Mutex, type Spawn } from './mutex.js';
import type { PipelineGuarantees } from './pipeline-variants.js';
import type { PipelineOrder, ShopTarget } from './shopify-requests.js';
import type { Store } from './store.js';
import { claimOrder, completeClaim, settleFailedClaim, type ClaimRecord } from './order-claim.js';
import { WorkflowBackoff } from './workflow-backoff.js';
import { runOrderSideEffect } from './workflow-side-effects.js';
import { defaultWorkflow, type WorkflowStep } from './workflow-steps.js';

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
   * The process taking the claims, written into each (idempotency.ts `owner`). When set, a claim in flight
   * whose owner's heartbeat is gone (claim-owner.ts) is taken over, with a lookup first, instead of
   * yielding. Live workers set it; unset (the default), claims carry no owner.
   */
  claimOwner?: string;
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
  /**
   * Where a customer update (or another step after the create) the pipeline gave up on goes (the order
   * exists). Defaults to `deadLetters`.
   */
  customerDeadLetters?: DeadLetterQueue<PipelineOrder>;
  /**
   * The steps each order costs, in order, the first a `create-order` (a scenario's `workflow:`).
   * Defaults to {@link defaultWorkflow}: the create, then the customer's `funnelstorm.loyalty` metafield.
   */
  workflow?: readonly WorkflowStep[];
  settings: OrderWorkflowSettings;
}

export { orderClaimKey, type ClaimRecord } from './order-claim.js';

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

/**
 * One order's way through the pipeline (../shared/DESIGN.md, "One order's way through"):
 *
 * 1. **Claim** the order's idempotency key (`{shop}:order:<source id>`) in the Store (idempotency.ts,
 *    after Stripe's idempotency keys). A key in flight elsewhere: wait for its result (at most
 *    `claimWaitMs`), then yield; a key done: nothing to do.
 * 2. **Create** it, looking it up after an ambiguous failure before creating it again (create-order.ts).
 * 3. **Run the workflow's other steps** in order (`deps.workflow`; by default one: count the order in the
 *    customer's `funnelstorm.loyalty` metafield under the customer's fenced mutex, customer-update.ts),
 *    each with its own protection (workflow-steps.ts).
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
 * An order marked `lookUpFirst` (a dead letter's replay) starts with the lookup too.
 */
export async function processOrder(order: PipelineOrder, deps: OrderWorkflowDeps): Promise<OrderOutcome> {
  const { clock, settings } = deps;
  // Each stage's stream is forked by its label at its first wait, if any (workflow-backoff.ts). The
  // settings carry the backoff's options themselves: no options object and no closure per order.

  const claim = settings.claim ? await claimOrder(order, deps) : undefined;
  if (claim?.kind === 'yield') return { kind: 'already-claimed', state: claim.state };
  if (claim?.kind === 'unavailable') return deadLetter(order, deps, claim.reason, 0);

  const created = await createOrFindOrder(
    order,
    {
      client: deps.client,
      shop: deps.shop,
      backoff: new WorkflowBackoff(clock, deps.random, settings, 'create'),
      settings,
    },
    (claim?.retaken ?? false) || order.lookUpFirst === true,
  );
  if (created.kind === 'failed') {
    const outcome = deadLetter(order, deps, created.reason, created.attempts, created.lastResponse);
    if (claim !== undefined) await settleFailedClaim(claim, created);
    return outcome;
  }

  // The steps after the create, in the declared order, each with its own protection (workflow-steps.ts).
  // A step given up on is dead-lettered with the reason (the order exists), and the next steps still run.
  let customer: CustomerUpdateOutcome = skippedCustomer;
  for (const step of deps.workflow ?? defaultWorkflow) {
    if (step.kind === 'create-order') continue;
    const backoff = new WorkflowBackoff(clock, deps.random, settings, step.name);
    if (step.kind === 'update-customer') {
      // Plain fields, absent ones undefined: conditional spreads cost an object each, per order.
      const outcome = await updateCustomerTotals(order, {
        client: deps.client,
        fencedClient: deps.fencedClient,
        mutex: settings.customerLock
          ? (deps.mutex ?? customerMutex(deps.store, clock, deps.random.fork('mutex'), settings))
          : undefined,
        spawn: deps.spawn,
        shop: deps.shop,
        target: { namespace: step.namespace, key: step.key },
        backoff,
        settings,
      });
      if (customer.kind === 'skipped') customer = outcome;
      if (outcome.kind === 'failed')
        stepDeadLetter(order, deps, outcome.reason, outcome.attempts, outcome.lastResponse);
      continue;
    }
    if (created.shopifyOrderId === undefined) {
      stepDeadLetter(order, deps, `${step.name}: the create's answer carried no order id to act on`, 0);
      continue;
    }
    const outcome = await runOrderSideEffect(step, order.sourceOrderId, created.shopifyOrderId, {
      client: deps.client,
      shop: deps.shop,
      backoff,
      settings,
    });
    if (outcome.kind === 'failed')
      stepDeadLetter(order, deps, outcome.reason, outcome.attempts, outcome.lastResponse);
  }
  if (claim !== undefined) {
    // Two literals, not a conditional spread (an object more per order); the fields in the same order.
    await completeClaim(
      claim,
      created.shopifyOrderId !== undefined
        ? { shopifyOrderId: created.shopifyOrderId, customer: customer.kind }
        : { customer: customer.kind },
    );
  }
  return {
    kind: 'created',
    shopifyOrderId: created.shopifyOrderId,
    attempts: created.attempts,
    reconciled: created.reconciled,
    customer,
  };
}

/** Dead-letters a step after the create (the order exists) into the customer dead letters. */
function stepDeadLetter(
  order: PipelineOrder,
  deps: OrderWorkflowDeps,
  reason: string,
  attempts: number,
  lastResponse?: DeadLetterResponse,
): void {
  addDeadLetter(deps.customerDeadLetters ?? deps.deadLetters, order, deps, reason, attempts, lastResponse);
}

function deadLetter(
  order: PipelineOrder,
  deps: OrderWorkflowDeps,
  reason: string,
  attempts: number,
  lastResponse?: DeadLetterResponse,
): OrderOutcome {
  addDeadLetter(deps.deadLetters, order, deps, reason, attempts, lastResponse);
  return { kind: 'dead-lettered', reason, attempts };
}

function addDeadLetter(
  queue: DeadLetterQueue<PipelineOrder>,
  order: PipelineOrder,
  deps: OrderWorkflowDeps,
  reason: string,
  attempts: number,
  lastResponse: DeadLetterResponse | undefined,
): void {
  queue.add({
    key: order.sourceOrderId,
    reason,
    attempts,
    atMs: deps.clock.nowMs(),
    payload: order,
    ...(lastResponse && { lastResponse }),
  });
}
