import { executeSync, getOperationAST, isEnumType } from 'graphql';
import { FunnelstormError } from '../../runtime/errors.js';
import { adminSchema } from './admin-schema.js';
import { AppCostBuckets } from './app-cost-buckets.js';
import type { CostBucketLimits } from './cost-bucket.js';
import { checkCostLimits, resolveGraphqlApiOptions, type GraphqlApiOptions } from './graphql-api-options.js';
import { readGraphqlBody } from './graphql-body.js';
import type { GraphqlShop } from './graphql-context.js';
import {
  errorsBody,
  executedBody,
  maxCostExceededBody,
  throttledBody,
  type QueryCost,
  type ThrottleStatus,
} from './graphql-responses.js';
import { cachedDocumentPreparer } from './prepare-document.js';
import { actualQueryCost, requestedQueryCost } from './query-cost.js';
import { rootResolvers } from './root-resolvers.js';

/** How a request ended, for the lead's stats: THROTTLED is a 200, so the status alone does not say. */
export type GraphqlOutcome =
  'executed' | 'throttled' | 'max-cost-exceeded' | 'invalid-document' | 'bad-request';

/** One answer of {@link GraphqlApi.handle}. */
export interface GraphqlAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
  outcome: GraphqlOutcome;
}

/** The GraphQL Admin endpoint over one model's shops: synchronous, pure in time (the caller passes `nowMs`). */
export interface GraphqlApi {
  /**
   * Answers one `POST /admin/api/{version}/graphql.json` body arriving at `nowMs` (virtual ms). `appKey`
   * names the app on the shop (domain + token): buckets are per app per shop (SHOPIFY.md, doc). A bad body
   * is a Shopify-shaped 400, never an exception; a non-finite `nowMs` (a caller's bug) throws `INTERNAL`.
   */
  handle(appKey: string, shop: GraphqlShop, body: string | undefined, nowMs: number): GraphqlAnswer;
  /**
   * A THROTTLED answer to `body` although the bucket may have room — a fault injector's spurious
   * throttle: the body is checked as `handle` checks it (a bad one gets the same answer), then nothing
   * runs and nothing is charged; `extensions.cost` shows the requested cost and the bucket as it is.
   */
  throttled(appKey: string, body: string | undefined, nowMs: number): GraphqlAnswer;
  /**
   * Changes every bucket's limits from `nowMs` on (Shopify may lower limits temporarily, doc); time
   * before it restores at the old rate.
   */
  setLimits(limits: CostBucketLimits, nowMs: number): void;
  /** What `extensions.cost.throttleStatus` would show for `appKey` at `nowMs` (a new app: a full bucket). */
  throttleStatus(appKey: string, nowMs: number): ThrottleStatus;
}

/**
 * Creates the GraphQL Admin endpoint. Checks run in Shopify's order (SHOPIFY.md; the doc pages cited in
 * query-cost.ts and graphql-responses.ts): body (400) → parse and validate (200 with `errors[]`; free) →
 * requested cost over `maxQueryCost` (MAX_COST_EXCEEDED; free) → requested cost over the points available
 * (THROTTLED; free) → charge the requested cost, execute, refund `requested − actual`. Every answer that
 * reached the bucket carries `extensions.cost`.
 *
 * @throws FunnelstormError `SCENARIO_INVALID` when an option is out of range.
 * @example
 * const graphql = createGraphqlApi(costLimitsOfPlan(plans.plus));
 * const answer = graphql.handle('shop.myshopify.com\ntoken', { orders, customers }, body, clock.nowMs());
 */
export function createGraphqlApi(options: CostBucketLimits & Partial<GraphqlApiOptions>): GraphqlApi {
  const settings = resolveGraphqlApiOptions(options);
  const currencyType = adminSchema.getType('CurrencyCode');
  if (!isEnumType(currencyType) || currencyType.getValue(settings.currencyCode) === undefined) {
    throw new FunnelstormError(
      'SCENARIO_INVALID',
      `Invalid GraphQL API options: currencyCode ${settings.currencyCode} is not in the mock's CurrencyCode enum.`,
    );
  }
  const buckets = new AppCostBuckets(settings);
  const prepared = cachedDocumentPreparer(adminSchema, settings.documentCacheSize);
  const answer = (status: number, body: string, outcome: GraphqlOutcome): GraphqlAnswer => ({
    status,
    body,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    outcome,
  });

  /**
   * The checks before the bucket, in Shopify's order: body (400), parse and validate (200 with `errors[]`),
   * requested cost over `maxQueryCost` (MAX_COST_EXCEEDED). All free. Either an answer, or the costed
   * operation and its requested cost.
   */
  const frontChecks = (body: string | undefined) => {
    const request = readGraphqlBody(body);
    if (!request.ok) return answer(request.reason.status, request.reason.body, 'bad-request');
    const { query, variables, operationName } = request.value;
    const document = prepared(query);
    if (!document.ok) return answer(200, document.reason, 'invalid-document');
    const operation = getOperationAST(document.value.document, operationName);
    if (!operation) {
      return answer(200, errorsBody([{ message: noOperation(operationName) }]), 'invalid-document');
    }
    const costed = { schema: adminSchema, operation, fragments: document.value.fragments, variables };
    const requested = requestedQueryCost(costed);
    if (requested > settings.maxQueryCost) {
      return answer(200, maxCostExceededBody(requested, settings.maxQueryCost), 'max-cost-exceeded');
    }
    return { costed, requested, document: document.value, variables, operationName };
  };
  /** THROTTLED for `requested` points, as Shopify sends it: nothing ran, nothing was charged. */
  const throttledAnswer = (appKey: string, nowMs: number, requested: number, retryAfterMs: number) => {
    const cost: QueryCost = {
      requestedQueryCost: requested,
      actualQueryCost: null,
      throttleStatus: buckets.status(appKey, nowMs),
    };
    const throttled = answer(settings.throttledStatus, throttledBody(cost), 'throttled');
    if (settings.throttledStatus === 429) throttled.headers['retry-after'] = retryAfter(retryAfterMs);
    return throttled;
  };

  return {
    handle(appKey, shop, body, nowMs) {
      checkTime(nowMs);
      const front = frontChecks(body);
      if ('outcome' in front) return front;
      const { costed, requested, document, variables, operationName } = front;
      const charge = buckets.charge(appKey, nowMs, requested);
      if (!charge.admitted) return throttledAnswer(appKey, nowMs, requested, charge.retryAfterMs);
      const result = executeSync({
        schema: adminSchema,
        document: document.document,
        rootValue: rootResolvers,
        contextValue: { ...shop, nowMs, currencyCode: settings.currencyCode },
        variableValues: variables,
        operationName,
      });
      // A request error (variables that do not coerce) has no `data`: nothing ran, all is refunded.
      const actual = 'data' in result ? Math.min(requested, actualQueryCost(costed, result.data)) : 0;
      buckets.refund(appKey, nowMs, requested - actual);
      const cost: QueryCost = {
        requestedQueryCost: requested,
        actualQueryCost: actual,
        throttleStatus: buckets.status(appKey, nowMs),
      };
      return answer(200, executedBody(result, cost), 'executed');
    },
    throttled(appKey, body, nowMs) {
      checkTime(nowMs);
      const front = frontChecks(body);
      if ('outcome' in front) return front;
      // A spurious THROTTLED says "wait": a second, the spacing a client restoring 1 s of points would use.
      return throttledAnswer(appKey, nowMs, front.requested, 1000);
    },
    setLimits(limits, nowMs) {
      checkCostLimits(limits);
      checkTime(nowMs);
      buckets.setLimits(limits, nowMs);
    },
    throttleStatus(appKey, nowMs) {
      checkTime(nowMs);
      return buckets.status(appKey, nowMs);
    },
  };
}

/** graphql-js's own wording for an operation it cannot pick. */
function noOperation(operationName: string | undefined): string {
  return operationName === undefined
    ? 'Must provide operation name if query contains multiple operations.'
    : `Unknown operation named "${operationName}".`;
}

/**
 * `Retry-After` for a 429 THROTTLED: the true wait in seconds, rounded up to a tenth (a guess; Shopify sends
 * 200). A query larger than the whole bucket can never fit; it gets 60 s, which a custom tiny bucket
 * smaller than `maxQueryCost` is the only way to reach.
 */
function retryAfter(retryAfterMs: number): string {
  return Number.isFinite(retryAfterMs) ? (Math.ceil(retryAfterMs / 100) / 10).toFixed(1) : '60.0';
}

function checkTime(nowMs: number): void {
  if (!Number.isFinite(nowMs)) {
    throw new FunnelstormError('INTERNAL', `GraphqlApi got nowMs=${nowMs}: pass the clock's time in ms.`);
  }
}
