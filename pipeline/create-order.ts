import type { Dispatch, DispatchResult } from '../runtime/transport.js';
import { classifyOutcome } from './classify-outcome.js';
import type { DeadLetterResponse } from './dead-letter-queue.js';
import { describeFailure, jsonBody, lastResponseOf } from './dispatch-result.js';
import {
  createOrderRequest,
  findOrderRequest,
  sourceTag,
  type PipelineOrder,
  type ShopTarget,
} from './shopify-requests.js';
import { isBudgetRefusal, type WorkflowBackoff } from './workflow-backoff.js';

/** What {@link createOrFindOrder} needs. */
export interface CreateOrderContext {
  /** The composed Shopify client (retry, throttle, timeout). */
  client: Dispatch;
  shop: ShopTarget;
  backoff: WorkflowBackoff;
  settings: {
    /** Requests for the order (creates and lookups, retries included) before giving up. */
    maxAttempts: number;
    /** The note attribute that carries the source order id. */
    sourceIdAttribute: string;
    /** Look the order up after an ambiguous create before creating it again (`no-reconcile`: false). */
    reconcile: boolean;
  };
}

/** How the create stage ended. */
export type CreateOutcome =
  | {
      kind: 'created';
      /** Shopify's order id, when the answer carried one. */
      shopifyOrderId: number | undefined;
      /** True when the order was found by the lookup after an ambiguous create (not created by this try). */
      reconciled: boolean;
      attempts: number;
    }
  | {
      kind: 'failed';
      reason: string;
      attempts: number;
      /** True when some attempt may have created the order (an ambiguous failure no lookup ruled out). */
      mayHaveApplied: boolean;
      lastResponse?: DeadLetterResponse;
    };

/**
 * Creates one order in Shopify, or finds that an earlier ambiguous attempt did.
 *
 * The client retries what is safe to retry (429s: the shop applied nothing). After an **ambiguous**
 * failure (timeout, reset, 5xx: the create may have happened) the stage looks the order up by its source
 * tag before creating it again — the only guard against duplicates when the API takes no idempotency key
 * (SHOPIFY.md, "Orders"). Every request counts against `maxAttempts`; a retry the retry budget refuses is
 * not sent and costs no attempt, and the stage waits for the budget (bounded by the backoff's
 * `budgetWaitMs`) instead of giving up at once.
 *
 * @param lookUpFirst - Look the order up before the first create: the claim was taken over from a holder
 *   that may have created the order before its claim ended.
 */
export async function createOrFindOrder(
  order: PipelineOrder,
  context: CreateOrderContext,
  lookUpFirst = false,
): Promise<CreateOutcome> {
  const { client, shop, settings, backoff } = context;
  const stats = { attempts: 0 };
  let mustLookUp = lookUpFirst && settings.reconcile;
  let mayHaveApplied = lookUpFirst;
  let last: DispatchResult | undefined;
  let lastReason = 'no attempt made';
  // The give-ups below are module functions, not closures over these locals: two closures per order
  // for paths few orders take (issue 12).

  while (stats.attempts < settings.maxAttempts) {
    if (mustLookUp) {
      const lookup = await client(findOrderRequest(shop, order.sourceOrderId), { stats });
      if (isBudgetRefusal(lookup)) {
        if (!(await backoff.waitForBudget())) {
          return budgetSpent(backoff, stats.attempts, mayHaveApplied, last, lastReason);
        }
        continue;
      }
      const found = foundOrderId(lookup, order.sourceOrderId);
      if (found === 'failed') {
        last = lookup;
        lastReason = `lookup after an ambiguous create failed: ${describeFailure(lookup, classifyOutcome(lookup).reason)}`;
        await backoff.pause();
      } else if (found === 'absent') {
        // The earlier attempts are known not to have created it: creating now cannot duplicate it.
        mustLookUp = false;
        mayHaveApplied = false;
      } else {
        return { kind: 'created', shopifyOrderId: found.id, reconciled: true, attempts: stats.attempts };
      }
      continue;
    }
    const result = await client(createOrderRequest(shop, order, settings.sourceIdAttribute), { stats });
    if (isBudgetRefusal(result)) {
      if (!(await backoff.waitForBudget())) {
        return budgetSpent(backoff, stats.attempts, mayHaveApplied, last, lastReason);
      }
      continue;
    }
    const verdict = classifyOutcome(result);
    if (verdict.kind === 'success') {
      return {
        kind: 'created',
        shopifyOrderId: createdOrderId(result),
        reconciled: false,
        attempts: stats.attempts,
      };
    }
    last = result;
    lastReason = describeFailure(result, verdict.reason);
    if (verdict.maybeApplied) mayHaveApplied = true;
    if (verdict.kind === 'fatal') {
      return failed(`Shopify rejected the order: ${lastReason}`, stats.attempts, mayHaveApplied, last);
    }
    if (verdict.maybeApplied && settings.reconcile) mustLookUp = true;
    await backoff.pause();
  }
  return failed(
    `gave up after ${stats.attempts} attempts; last: ${lastReason}`,
    stats.attempts,
    mayHaveApplied,
    last,
  );
}

function failed(
  reason: string,
  attempts: number,
  mayHaveApplied: boolean,
  last: DispatchResult | undefined,
): CreateOutcome {
  const lastResponse = lastResponseOf(last);
  return {
    kind: 'failed',
    reason,
    attempts,
    mayHaveApplied,
    ...(lastResponse && { lastResponse }),
  };
}

function budgetSpent(
  backoff: WorkflowBackoff,
  attempts: number,
  mayHaveApplied: boolean,
  last: DispatchResult | undefined,
  lastReason: string,
): CreateOutcome {
  return failed(
    `the retry budget stayed spent for ${Math.round(backoff.waitedForBudgetMs / 1000)} s after ` +
      `${attempts} attempt${attempts === 1 ? '' : 's'}; last: ${lastReason}`,
    attempts,
    mayHaveApplied,
    last,
  );
}

function createdOrderId(result: DispatchResult): number | undefined {
  const id = (jsonBody(result) as { order?: { id?: unknown } } | undefined)?.order?.id;
  return typeof id === 'number' ? id : undefined;
}

/** The order carrying the source tag (its id when readable), 'absent' when the shop has none, 'failed' when unknown. */
function foundOrderId(
  result: DispatchResult,
  sourceOrderId: string,
): { id: number | undefined } | 'absent' | 'failed' {
  if (classifyOutcome(result).kind !== 'success') return 'failed';
  const orders = (jsonBody(result) as { orders?: { id?: unknown; tags?: unknown }[] } | undefined)?.orders;
  if (!Array.isArray(orders)) return 'failed';
  const tag = sourceTag(sourceOrderId);
  const match = orders.find((o) => typeof o.tags === 'string' && o.tags.split(/,\s*/).includes(tag));
  if (match === undefined) return 'absent';
  return { id: typeof match.id === 'number' ? match.id : undefined };
}
