import { fail, ok, type Result } from '../../runtime/result.js';
import { badRequestBody, missingQueryBody } from './graphql-responses.js';

/** A GraphQL-over-HTTP request body, read. */
export interface GraphqlRequestBody {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | undefined;
}

/** A refused body: always a Shopify-shaped 400. */
export interface BadGraphqlBody {
  status: 400;
  body: string;
}

/**
 * Reads `{"query": "...", "variables": {...}, "operationName": "..."}`. A body that is not JSON, not an
 * object, or has variables that are not an object is a 400 `{"errors": "..."}`; one without a `query`
 * string is the doc's 400 `{"errors": {"query": "Required parameter missing or invalid"}}` (see
 * graphql-responses.ts). `variables` may also be a JSON string holding an object, which Rails'
 * graphql-ruby controllers accept (a guess for Shopify). Never throws.
 */
export function readGraphqlBody(body: string | undefined): Result<GraphqlRequestBody, BadGraphqlBody> {
  if (body === undefined || body.trim() === '') return fail({ status: 400, body: missingQueryBody });
  const parsed = parseJson(body);
  if (!parsed.ok) {
    return fail({ status: 400, body: badRequestBody(`Request body is not valid JSON: ${parsed.reason}`) });
  }
  if (!isRecord(parsed.value)) {
    return fail({
      status: 400,
      body: badRequestBody('Request body must be a JSON object with a "query" string'),
    });
  }
  const { query, variables, operationName } = parsed.value;
  if (typeof query !== 'string' || query.trim() === '') return fail({ status: 400, body: missingQueryBody });
  const vars = readVariables(variables);
  if (vars === undefined) {
    return fail({ status: 400, body: badRequestBody('"variables" must be a JSON object') });
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return fail({ status: 400, body: badRequestBody('"operationName" must be a string') });
  }
  return ok({ query, variables: vars, operationName: operationName ?? undefined });
}

function readVariables(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null || value === '') return {};
  if (isRecord(value)) return value;
  if (typeof value !== 'string') return undefined;
  const parsed = parseJson(value);
  return parsed.ok && isRecord(parsed.value) ? parsed.value : undefined;
}

function parseJson(text: string): Result<unknown, string> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
