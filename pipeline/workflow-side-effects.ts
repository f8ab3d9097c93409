import type { Dispatch, DispatchResult, HttpRequest } from '../runtime/transport.js';
import { classifyOutcome } from './classify-outcome.js';
import type { DeadLetterResponse } from './dead-letter-queue.js';
import { describeFailure, jsonBody, lastResponseOf } from './dispatch-result.js';
import { adminBaseUrl, sourceOrderHeader, sourceTag, type ShopTarget } from './shopify-requests.js';
import type { WorkflowStep } from './workflow-steps.js';
import { isBudgetRefusal, type WorkflowBackoff } from './workflow-backoff.js';

/** The steps after the create that are one side effect on the order (not the customer read-modify-write). */
export type OrderSideEffectStep = Extract<
  WorkflowStep,
  { kind: 'order-update' | 'metafields-set' | 'fulfil' }
>;

/** What {@link runOrderSideEffect} needs. */
export interface SideEffectContext {
  /** The composed Shopify client (retry, throttle, timeout). */
  client: Dispatch;
  shop: ShopTarget;
  backoff: WorkflowBackoff;
  settings: {
    /** Requests of the step (lookups included) before it gives up. */
    maxAttempts: number;
    /** Look up after an ambiguous failure before repeating a non-idempotent step (`no-reconcile`: false). */
    reconcile: boolean;
  };
}

/** How a side-effect step ended. */
export type SideEffectOutcome =
  | {
      kind: 'done';
      attempts: number;
      /** True when a lookup found an earlier attempt's effect. */ found: boolean;
    }
  | { kind: 'failed'; reason: string; attempts: number; lastResponse?: DeadLetterResponse };

/** The tag that marks an order as having been through step `name`: `fs-<name>`. */
export function stepTag(name: string): string {
  return `fs-${name}`;
}

/** The tracking number a `fulfil` step's fulfillment carries: the source order and the step, for the lookup. */
export function fulfilmentMarker(sourceOrderId: string, name: string): string {
  return `fs-${sourceOrderId}-${name}`;
}

function headersOf(shop: ShopTarget, sourceOrderId: string): Record<string, string> {
  return {
    'x-shopify-access-token': shop.accessToken,
    'content-type': 'application/json',
    accept: 'application/json',
    [sourceOrderHeader]: sourceOrderId,
  };
}

/**
 * Runs one side effect of an order's workflow (after the create), with the protection its kind needs
 * (workflow-steps.ts):
 *
 * - `order-update` and `metafields-set` are absolute writes (the order's whole tag list; an upsert of one
 *   metafield), so repeating one after an ambiguous failure cannot apply it twice: the step retries it.
 * - `fulfil` makes a new fulfillment per POST, so after an ambiguous failure it first lists the order's
 *   fulfillments and stops if one carries its marker (`idempotent-by: lookup`); without `reconcile` it
 *   posts again blindly — the naive baselines' duplicate.
 *
 * Every request counts against `maxAttempts`; a retry the retry budget refuses waits for the budget. A
 * fatal answer (4xx other than 429) or a GraphQL user error ends the step at once.
 */
export async function runOrderSideEffect(
  step: OrderSideEffectStep,
  sourceOrderId: string,
  shopifyOrderId: number,
  context: SideEffectContext,
): Promise<SideEffectOutcome> {
  const { client, shop, settings, backoff } = context;
  const stats = { attempts: 0 };
  let last: DispatchResult | undefined;
  let lastReason = 'no attempt made';
  let mustLookUp = false;
  const failed = (reason: string): SideEffectOutcome => {
    const lastResponse = lastResponseOf(last);
    return {
      kind: 'failed',
      reason: `${step.name}: ${reason}`,
      attempts: stats.attempts,
      ...(lastResponse && { lastResponse }),
    };
  };
  while (stats.attempts < settings.maxAttempts) {
    if (mustLookUp) {
      const lookup = await client(listFulfillmentsRequest(shop, shopifyOrderId, sourceOrderId), { stats });
      if (isBudgetRefusal(lookup)) {
        if (!(await backoff.waitForBudget())) return failed('the retry budget stayed spent');
        continue;
      }
      const found = hasFulfilment(lookup, fulfilmentMarker(sourceOrderId, step.name));
      if (found === undefined) {
        last = lookup;
        lastReason = `lookup after an ambiguous fulfilment failed: ${describeFailure(lookup, classifyOutcome(lookup).reason)}`;
        await backoff.pause();
        continue;
      }
      if (found) return { kind: 'done', attempts: stats.attempts, found: true };
      mustLookUp = false;
      continue;
    }
    const result = await client(requestOf(step, shop, sourceOrderId, shopifyOrderId), { stats });
    if (isBudgetRefusal(result)) {
      if (!(await backoff.waitForBudget())) return failed('the retry budget stayed spent');
      continue;
    }
    const verdict = classifyOutcome(result);
    if (verdict.kind === 'success') {
      const graphqlProblem = step.kind === 'metafields-set' ? graphqlProblemOf(result) : undefined;
      if (graphqlProblem === undefined) return { kind: 'done', attempts: stats.attempts, found: false };
      last = result;
      lastReason = graphqlProblem.reason;
      if (!graphqlProblem.retry) return failed(`Shopify rejected it: ${lastReason}`);
      await backoff.pause();
      continue;
    }
    last = result;
    lastReason = describeFailure(result, verdict.reason);
    if (verdict.kind === 'fatal') return failed(`Shopify rejected it: ${lastReason}`);
    if (verdict.maybeApplied && step.kind === 'fulfil' && settings.reconcile) mustLookUp = true;
    await backoff.pause();
  }
  return failed(`gave up after ${stats.attempts} attempts; last: ${lastReason}`);
}

function requestOf(
  step: OrderSideEffectStep,
  shop: ShopTarget,
  sourceOrderId: string,
  shopifyOrderId: number,
): HttpRequest {
  const headers = headersOf(shop, sourceOrderId);
  switch (step.kind) {
    case 'order-update':
      // The whole tag list the create wrote, plus this step's marker: an absolute write.
      return {
        method: 'PUT',
        url: `${adminBaseUrl(shop)}/orders/${shopifyOrderId}.json`,
        headers,
        body: JSON.stringify({
          order: {
            id: shopifyOrderId,
            tags: `funnelstorm, ${sourceTag(sourceOrderId)}, ${stepTag(step.name)}`,
          },
        }),
      };
    case 'metafields-set':
      return {
        method: 'POST',
        url: `${adminBaseUrl(shop)}/graphql.json`,
        headers,
        body: JSON.stringify({
          query:
            'mutation set($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { field message code } } }',
          variables: {
            m: [
              {
                ownerId: `gid://shopify/Order/${shopifyOrderId}`,
                namespace: 'funnelstorm',
                key: step.name
                  .replace(/[^A-Za-z0-9_-]/g, '_')
                  .padEnd(2, '_')
                  .slice(0, 64),
                type: 'single_line_text_field',
                value: sourceOrderId,
              },
            ],
          },
        }),
      };
    case 'fulfil':
      return {
        method: 'POST',
        url: `${adminBaseUrl(shop)}/orders/${shopifyOrderId}/fulfillments.json`,
        headers,
        body: JSON.stringify({
          fulfillment: {
            tracking_number: fulfilmentMarker(sourceOrderId, step.name),
            tracking_company: 'funnelstorm',
          },
        }),
      };
  }
}

function listFulfillmentsRequest(
  shop: ShopTarget,
  shopifyOrderId: number,
  sourceOrderId: string,
): HttpRequest {
  return {
    method: 'GET',
    url: `${adminBaseUrl(shop)}/orders/${shopifyOrderId}/fulfillments.json`,
    headers: headersOf(shop, sourceOrderId),
  };
}

/** True when a fulfillment carries `marker`, false when none does, undefined when the answer is unreadable. */
function hasFulfilment(result: DispatchResult, marker: string): boolean | undefined {
  if (classifyOutcome(result).kind !== 'success') return undefined;
  const list = (jsonBody(result) as { fulfillments?: { tracking_number?: unknown }[] } | undefined)
    ?.fulfillments;
  if (!Array.isArray(list)) return undefined;
  return list.some((f) => f.tracking_number === marker);
}

/**
 * What is wrong with a 200 GraphQL answer: THROTTLED (retry after a pause: SHOPIFY.md, a throttled query
 * comes back as 200 with the THROTTLED code and charges nothing), other top-level errors or user errors
 * (not retried); undefined when the mutation ran cleanly.
 */
function graphqlProblemOf(result: DispatchResult): { reason: string; retry: boolean } | undefined {
  const body = jsonBody(result) as
    | {
        errors?: { message?: string; extensions?: { code?: string } }[];
        data?: { metafieldsSet?: { userErrors?: { message?: string }[] } };
      }
    | undefined;
  if (body === undefined) return { reason: 'the GraphQL answer is not JSON', retry: true };
  const errors = body.errors ?? [];
  if (errors.some((e) => e.extensions?.code === 'THROTTLED'))
    return { reason: 'GraphQL THROTTLED', retry: true };
  if (errors.length > 0) return { reason: `GraphQL error: ${errors[0]?.message ?? 'unknown'}`, retry: false };
  const userErrors = body.data?.metafieldsSet?.userErrors ?? [];
  if (userErrors.length > 0)
    return { reason: `user error: ${userErrors[0]?.message ?? 'unknown'}`, retry: false };
  return undefined;
}
