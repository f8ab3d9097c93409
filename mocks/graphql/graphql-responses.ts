import type { ExecutionResult } from 'graphql';

/** The bodies of the GraphQL Admin API's answers. */

/** `extensions.cost` (SHOPIFY.md, "GraphQL Admin API — calculated cost", doc). */
export interface QueryCost {
  requestedQueryCost: number;
  /** Null when the query did not run (THROTTLED, seen). */
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

/** `extensions.cost.throttleStatus`: the bucket maximum, the points available and the restore rate. */
export interface ThrottleStatus {
  /** The bucket maximum, in points. */
  maximumAvailable: number;
  /** Points available now, rounded down to a whole point (as Shopify shows them: 997, 1990). */
  currentlyAvailable: number;
  /** Points restored per second. */
  restoreRate: number;
}

/**
 * The THROTTLED answer: no `data`, one error, and the cost with `actualQueryCost: null` (SHOPIFY.md, seen;
 * the code is documented at shopify.dev/docs/api/admin-graphql, "Status and error codes").
 */
export function throttledBody(cost: QueryCost): string {
  return JSON.stringify({
    errors: [
      {
        message: 'Throttled',
        extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
      },
    ],
    extensions: { cost },
  });
}

/**
 * The MAX_COST_EXCEEDED answer to a query whose requested cost is over the single-query limit, exactly
 * as the doc's sample (shopify.dev/docs/api/admin-graphql/latest, "Sample 200 error responses"): HTTP 200,
 * one error with the cost and the limit, and no `extensions.cost` — the query never reached the bucket.
 */
export function maxCostExceededBody(requestedCost: number, maxCost: number): string {
  const message =
    `Query cost is ${requestedCost}, which exceeds the single query max cost limit (${maxCost}).\n\n` +
    'See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n' +
    'cost of a query is calculated.\n\n' +
    'To query larger amounts of data with fewer limits, bulk operations should be used instead.\n' +
    'See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n';
  return JSON.stringify({
    errors: [
      {
        message,
        extensions: {
          code: 'MAX_COST_EXCEEDED',
          cost: requestedCost,
          maxCost,
          documentation: 'https://shopify.dev/api/usage/limits#rate-limits',
        },
      },
    ],
  });
}

/**
 * The 400 for a body without a `query` string, as the doc's sample (shopify.dev/docs/api/admin-graphql,
 * "Sample error codes": `{"errors": {"query": "Required parameter missing or invalid"}}`).
 */
export const missingQueryBody = '{"errors":{"query":"Required parameter missing or invalid"}}';

/** A 400 with a reason, in the REST shape `{"errors": "..."}` (SHOPIFY.md, "Errors"; wording a guess). */
export function badRequestBody(reason: string): string {
  return JSON.stringify({ errors: reason });
}

/** An executed operation's answer: graphql-js's `errors` (when any) and `data`, plus `extensions.cost`. */
export function executedBody(result: ExecutionResult, cost: QueryCost): string {
  const { errors, data } = result;
  return JSON.stringify(
    errors === undefined ? { data, extensions: { cost } } : { errors, data, extensions: { cost } },
  );
}

/** `{"errors": [...]}` alone, for documents that do not parse, validate or name an operation. */
export function errorsBody(errors: readonly { message: string }[]): string {
  return JSON.stringify({ errors });
}
