import type { Dispatch } from '../runtime/transport.js';
import { classifyOutcome } from './classify-outcome.js';
import { countedIncludes, withCounted } from './counted-orders.js';
import type { DeadLetterResponse } from './dead-letter-queue.js';
import { describeFailure } from './dispatch-result.js';
import type { Lease } from './lease.js';
import { isLeaseGuardRefusal } from './lease-guard.js';
import type { Mutex, Spawn } from './mutex.js';
import {
  countedOrdersWindow,
  defaultLoyaltyTarget,
  loyaltyOf,
  readLoyaltyRequest,
  writeLoyaltyRequest,
  type LoyaltyTarget,
} from './loyalty-requests.js';
import type { PipelineOrder, ShopTarget } from './shopify-requests.js';
import { isBudgetRefusal, type WorkflowBackoff } from './workflow-backoff.js';
import { stageFailure, stageSend, type StageRun } from './customer-stage-run.js';

/** What {@link updateCustomerTotals} needs. */
export interface CustomerUpdateContext {
  /** The composed Shopify client (retry, throttle, timeout). */
  client: Dispatch;
  /**
   * The client for a write under `lease`: the same chain with a lease check after the throttle
   * (lease-guard.ts). Defaults to `client`, with the lease checked only before the write is handed to it.
   */
  fencedClient?: (lease: Lease) => Dispatch;
  /** The per-customer lock; absent for the `no-mutex` baseline (no lock, no fencing token). */
  mutex?: Mutex;
  /** Runs the lease renewer beside the critical section; without it the lease is renewed cooperatively. */
  spawn?: Spawn;
  shop: ShopTarget;
  /** The customer metafield the stage adds each order to. Defaults to `funnelstorm.loyalty`. */
  target?: LoyaltyTarget;
  backoff: WorkflowBackoff;
  settings: {
    /**
     * Failed requests of this stage (reads and writes that got an error or no answer) before it gives up.
     * Successful reads do not count: a round that re-reads after a write the retry budget held back costs
     * a request, not a failure.
     */
    maxAttempts: number;
    /** The per-request timeout, in ms: a fenced write is sent only while the lease outlives it. */
    requestTimeoutMs: number;
  };
}

/** How the customer stage ended. */
export type CustomerUpdateOutcome =
  | { kind: 'counted'; attempts: number }
  | { kind: 'already-counted'; attempts: number }
  | { kind: 'skipped' }
  | { kind: 'failed'; reason: string; attempts: number; lastResponse?: DeadLetterResponse };

/** One read (and maybe one write) of the read-modify-write, under one lease or none. */
type Step =
  | { kind: 'done'; counted: boolean }
  | { kind: 'not-applied' }
  | { kind: 'retry' }
  | { kind: 'budget' }
  | { kind: 'lost-lock'; why: string }
  | { kind: 'fatal'; reason: string };

// The steps that carry no data, made once: a step is read and dropped, never changed (issue 12: an object
// per read and write of every order otherwise).
const budgetStep: Step = { kind: 'budget' };
const retryStep: Step = { kind: 'retry' };
const notAppliedStep: Step = { kind: 'not-applied' };
const countedStep: Step = { kind: 'done', counted: true };
const alreadyCountedStep: Step = { kind: 'done', counted: false };

/** The outcome for an order without a Shopify customer (a guest checkout): read only, so made once. */
export const skippedCustomer: CustomerUpdateOutcome = { kind: 'skipped' };

/** The Store key of a customer's lock: `{<shop>}:lock:customer:<id>`, hash-tagged like every key of the shop. */
export function customerLockKey(shop: ShopTarget, customerId: string): string {
  return `{${shop.domain}}:lock:customer:${customerId}`;
}

/**
 * Adds one created order to its customer's running totals, exactly once: a read-modify-write of the
 * customer's loyalty metafield (`funnelstorm.loyalty`, a `json` value of points, orders counted, and which
 * orders those are; loyalty-requests.ts) under the customer's fenced mutex (../shared/DESIGN.md, "One
 * order's way through"). A metafield, because it is a field apps may write: the customer's own
 * `total_spent` and `orders_count` are statistics Shopify computes and ignores writes of.
 *
 * - The value remembers which orders it counts: the write adds the source order id to `counted` with the
 *   new points, in one value, so a read that finds the id knows the order is already counted. It keeps the
 *   newest {@link countedOrdersWindow} ids, so the value stays under Shopify's 128 KB `json` limit.
 * - The lock (`{shop}:lock:customer:<id>`) keeps two workers from reading the same totals and each writing
 *   its own sum. The write carries the lease's fencing token and is sent only while the lease outlives the
 *   request's timeout; the shop refuses (409) a token older than one it has seen (Kleppmann, "How to do
 *   distributed locking"). A 409 means this holder lost the lock: take a new lease and redo the
 *   read-modify-write — never dead-letter on it.
 * - After an ambiguous write (a timeout, a reset, a 5xx) the next round reads the record again: the tag
 *   says whether the write was applied.
 *
 * The stage gives up (the caller dead-letters the update; the order itself stays created) on a fatal
 * answer (404: no such customer; 422), when the lock stays held by others for the mutex's `maxWaitMs`,
 * after `maxAttempts` failed requests, or when the retry budget stays spent for the backoff's `budgetWaitMs`.
 * Customer ids that are not Shopify's numeric ids (a guest checkout) are skipped.
 */
export async function updateCustomerTotals(
  order: PipelineOrder,
  context: CustomerUpdateContext,
): Promise<CustomerUpdateOutcome> {
  const customerId = order.customerId;
  if (!/^\d{1,15}$/.test(customerId)) return skippedCustomer;
  const { mutex, backoff, settings } = context;
  const run: StageRun = {
    attempts: 0,
    failures: 0,
    reads: 0,
    writes: 0,
    writeMaybeApplied: false,
    finalCheck: false,
    last: undefined,
    lastReason: '',
  };
  const lockKey = customerLockKey(context.shop, customerId);

  for (;;) {
    let step: Step;
    if (mutex === undefined) {
      step = await readModifyWrite(order, context, run, undefined);
    } else {
      // The context is the lock's options too (its `spawn`; it has no `signal`): no object per round.
      const held = await mutex.withLock(
        lockKey,
        (lease) => readModifyWrite(order, context, run, lease),
        context,
      );
      if (!held.ok) {
        const waitedS = Math.round(mutex.options.maxWaitMs / 1000);
        return stageFailure(
          run,
          held.reason.kind === 'busy'
            ? `could not get the lock on customer ${customerId} within ${waitedS} s`
            : `could not get the lock on customer ${customerId}: ${held.reason.message}`,
        );
      }
      step = held.value;
    }
    switch (step.kind) {
      case 'done':
        return { kind: step.counted ? 'counted' : 'already-counted', attempts: run.attempts };
      case 'not-applied':
        return stageFailure(
          run,
          `gave up on customer ${customerId} after ${run.failures} failed attempts (a last read shows the ` +
            `update was not applied); last: ${run.lastReason}`,
        );
      case 'fatal':
        return stageFailure(run, step.reason);
      case 'budget':
        if (!(await backoff.waitForBudget())) {
          const waitedS = Math.round(backoff.waitedForBudgetMs / 1000);
          return stageFailure(
            run,
            `the retry budget stayed spent for ${waitedS} s; last: ${run.lastReason || 'none'}`,
          );
        }
        continue;
      case 'lost-lock':
        run.lastReason = step.why;
        break;
      case 'retry':
        break;
    }
    if (run.failures >= settings.maxAttempts) {
      const gaveUp = `gave up on customer ${customerId} after ${run.failures} failed attempts; last: ${run.lastReason}`;
      // The last write may have been applied: read once more to find out instead of dead-lettering an
      // update that happened. That read writes nothing (`finalCheck`).
      if (!run.writeMaybeApplied || run.finalCheck) return stageFailure(run, gaveUp);
      run.finalCheck = true;
    }
    // A lost lock is taken again at once (the mutex's own jittered waits space the tries); any other
    // failure backs off before the next read.
    if (step.kind === 'retry') await backoff.pause();
  }
}

/** Reads the customer; if the order is not counted yet, writes the new totals (fenced when leased). */
async function readModifyWrite(
  order: PipelineOrder,
  context: CustomerUpdateContext,
  run: StageRun,
  lease: Lease | undefined,
): Promise<Step> {
  const { shop, settings } = context;
  const customerId = order.customerId;
  const target = context.target ?? defaultLoyaltyTarget;
  const read = await stageSend(
    context.client,
    readLoyaltyRequest(shop, customerId, target, order.sourceOrderId, lease?.fencingToken),
    run,
    run.reads++ === 0,
  );
  if (isBudgetRefusal(read)) return budgetStep;
  const readVerdict = classifyOutcome(read);
  if (readVerdict.kind !== 'success') {
    run.last = read;
    run.lastReason = `reading customer ${customerId}: ${describeFailure(read, readVerdict.reason)}`;
    return readVerdict.kind === 'fatal' ? { kind: 'fatal', reason: run.lastReason } : retryStep;
  }
  const current = loyaltyOf(read, target);
  if (current === undefined) {
    run.last = read;
    run.lastReason = `reading customer ${customerId}: the answer carries no readable ${target.namespace}.${target.key} metafield`;
    return retryStep;
  }
  if (countedIncludes(current.value.counted, order.sourceOrderId)) return alreadyCountedStep;
  if (run.finalCheck) return notAppliedStep;
  // Whatever earlier writes did is settled now: the record does not count the order.
  run.writeMaybeApplied = false;

  if (
    lease !== undefined &&
    context.fencedClient === undefined &&
    !lease.isValid(settings.requestTimeoutMs)
  ) {
    // Counted as a failure, so a lease too short for any write cannot keep the stage going round.
    run.failures++;
    run.lastReason = `the lease on customer ${customerId} ran short before the write`;
    return { kind: 'lost-lock', why: run.lastReason };
  }
  if (lease !== undefined && context.spawn === undefined) await lease.renewIfDue();
  const next = {
    metafieldId: current.metafieldId,
    value: {
      points: current.value.points + order.totalCents,
      orders: current.value.orders + 1,
      // The newest ids only: the value stays under Shopify's json metafield limit (countedOrdersWindow).
      counted: withCounted(current.value.counted, order.sourceOrderId, countedOrdersWindow),
    },
  };
  const client = lease !== undefined && context.fencedClient ? context.fencedClient(lease) : context.client;
  const request = writeLoyaltyRequest(
    shop,
    customerId,
    target,
    next,
    lease?.fencingToken,
    order.sourceOrderId,
  );
  const write = await stageSend(client, request, run, run.writes++ === 0);
  if (isBudgetRefusal(write)) return budgetStep;
  if (isLeaseGuardRefusal(write)) {
    run.lastReason = `the lease on customer ${customerId} ran short before the write left`;
    return { kind: 'lost-lock', why: run.lastReason };
  }
  const verdict = classifyOutcome(write);
  if (verdict.kind === 'success') return countedStep;
  run.writeMaybeApplied = verdict.maybeApplied;
  run.last = write;
  run.lastReason = `writing customer ${customerId}: ${describeFailure(write, verdict.reason)}`;
  if (write.ok && write.response.status === 409) return { kind: 'lost-lock', why: run.lastReason };
  // A create refused because the metafield now exists (422, `must be unique`): another writer made it
  // since the read — read again and update it instead.
  if (write.ok && write.response.status === 422 && next.metafieldId === undefined) return retryStep;
  // After an ambiguous write the next round reads again: the counted tag says whether it was applied.
  return verdict.kind === 'fatal' ? { kind: 'fatal', reason: run.lastReason } : retryStep;
}
