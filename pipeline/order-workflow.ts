import type { Clock } from '../runtime/clock.js';
import type { Random } from '../runtime/random.js';
import type { Dispatch, DispatchResult } from '../runtime/transport.js';
import { nextBackoff, type BackoffOptions, type BackoffState } from './backoff.js';
import { classifyOutcome } from './classify-outcome.js';
import type { DeadLetterQueue } from './dead-letter-queue.js';
import {
  createOrderRequest,
  findOrderRequest,
  sourceTag,
  type PipelineOrder,
  type ShopTarget,
} from './shopify-requests.js';
import type { Store } from './store.js';

/** Settings of {@link processOrder}. */
export interface OrderWorkflowSettings extends BackoffOptions {
  /** Requests per order, lookups included, before it is dead-lettered. */
  maxAttempts: number;
  /** The note attribute that carries the source order id. */
  sourceIdAttribute: string;
  /**
   * How long an idempotency claim lives, in ms. At least Shopify's webhook retry horizon (4 hours, doc),
   * so a late redelivery still finds it.
   */
  claimTtlMs: number;
}

/** What {@link processOrder} needs. `client` is the composed Shopify client (retry, throttle, timeout). */
export interface OrderWorkflowDeps {
  clock: Clock;
  random: Random;
  client: Dispatch;
  store: Store;
  shop: ShopTarget;
  deadLetters: DeadLetterQueue<PipelineOrder>;
  settings: OrderWorkflowSettings;
}

/** How one order ended. */
export type OrderOutcome =
  | { kind: 'created'; shopifyOrderId: number | undefined; attempts: number; reconciled: boolean }
  | { kind: 'dead-lettered'; reason: string; attempts: number }
  | { kind: 'already-claimed' };

/**
 * Creates one order in Shopify exactly once, or dead-letters it with a reason.
 *
 * 1. Claim the order's idempotency key (its source id) in the Store; a second delivery finds the claim
 *    and does nothing (Stripe's idempotency keys; the IETF Idempotency-Key draft).
 * 2. Create it. The client retries what is safe to retry (429s: the shop applied nothing).
 * 3. After an **ambiguous** failure (timeout, reset, 5xx: the create may have happened), look the order up
 *    by its source tag before creating it again — the only guard against duplicates when the API takes no
 *    idempotency key.
 * 4. Record the result under the claim; or dead-letter with the reason (a fatal answer, or attempts spent).
 */
export async function processOrder(order: PipelineOrder, deps: OrderWorkflowDeps): Promise<OrderOutcome> {
  const { client, store, shop, settings } = deps;
  const claimKey = `claim:${order.sourceOrderId}`;
  if (!(await store.setIfAbsent(claimKey, 'in-flight', settings.claimTtlMs)))
    return { kind: 'already-claimed' };

  const stats = { attempts: 0 };
  let backoff: BackoffState = { retries: 0 };
  let mustLookUp = false;
  let lastReason = 'no attempt made';
  const pause = async (): Promise<void> => {
    const [delayMs, next] = nextBackoff(backoff, deps.random, settings);
    backoff = next;
    await deps.clock.sleep(delayMs);
  };

  // Every request, lookup or create, is checked against the order's attempt budget before it is sent.
  while (stats.attempts < settings.maxAttempts) {
    if (mustLookUp) {
      const lookup = await client(findOrderRequest(shop, order.sourceOrderId), { stats });
      const found = foundOrderId(lookup, order.sourceOrderId);
      if (found === 'failed') {
        lastReason = `lookup after an ambiguous create failed: ${classifyOutcome(lookup).reason}`;
        await pause();
      } else if (found === 'absent') {
        mustLookUp = false;
      } else {
        return complete(deps, claimKey, found, stats.attempts, true);
      }
      continue;
    }
    const result = await client(createOrderRequest(shop, order, settings.sourceIdAttribute), { stats });
    const verdict = classifyOutcome(result);
    if (verdict.kind === 'success')
      return complete(deps, claimKey, createdOrderId(result), stats.attempts, false);
    lastReason = describeFailure(result, verdict.reason);
    if (verdict.kind === 'fatal')
      return deadLetter(order, deps, claimKey, `Shopify rejected the order: ${lastReason}`, stats.attempts);
    if (!verdict.maybeApplied) break; // the client already retried this kind of failure as far as it may
    mustLookUp = true;
    await pause();
  }
  return deadLetter(
    order,
    deps,
    claimKey,
    `gave up after ${stats.attempts} attempts; last: ${lastReason}`,
    stats.attempts,
  );
}

async function complete(
  deps: OrderWorkflowDeps,
  claimKey: string,
  shopifyOrderId: number | undefined,
  attempts: number,
  reconciled: boolean,
): Promise<OrderOutcome> {
  await deps.store.set(claimKey, `created:${shopifyOrderId ?? 'unknown'}`, deps.settings.claimTtlMs);
  return { kind: 'created', shopifyOrderId, attempts, reconciled };
}

async function deadLetter(
  order: PipelineOrder,
  deps: OrderWorkflowDeps,
  claimKey: string,
  reason: string,
  attempts: number,
): Promise<OrderOutcome> {
  deps.deadLetters.add({
    key: order.sourceOrderId,
    reason,
    attempts,
    atMs: deps.clock.nowMs(),
    payload: order,
  });
  await deps.store.set(claimKey, 'dead-lettered', deps.settings.claimTtlMs);
  return { kind: 'dead-lettered', reason, attempts };
}

function createdOrderId(result: DispatchResult): number | undefined {
  if (!result.ok) return undefined;
  const id = (parseJson(result.response.body) as { order?: { id?: unknown } } | undefined)?.order?.id;
  return typeof id === 'number' ? id : undefined;
}

/** The id of an order carrying the source tag, 'absent' when the shop has none, 'failed' when unknown. */
function foundOrderId(result: DispatchResult, sourceOrderId: string): number | 'absent' | 'failed' {
  if (classifyOutcome(result).kind !== 'success' || !result.ok) return 'failed';
  const orders = (
    parseJson(result.response.body) as { orders?: { id?: unknown; tags?: unknown }[] } | undefined
  )?.orders;
  if (!Array.isArray(orders)) return 'failed';
  const tag = sourceTag(sourceOrderId);
  const match = orders.find((o) => typeof o.tags === 'string' && o.tags.split(/,\s*/).includes(tag));
  return match && typeof match.id === 'number' ? match.id : 'absent';
}

function describeFailure(result: DispatchResult, reason: string): string {
  if (!result.ok) return `${reason} (${result.error.message})`;
  const body =
    result.response.body.length > 200 ? `${result.response.body.slice(0, 200)}…` : result.response.body;
  return `${reason} ${body}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
