import { headerValue, type HttpRequest, type HttpResponse } from '../../runtime/transport.js';
import type { ShopifyModel } from '../shopify-model.js';
import { formatCallLimit, formatRetryAfter, jsonResponse, throttledBody } from '../shopify-responses.js';
import type { FaultStatus } from './fault-plan.js';

/**
 * The reason phrase in each injected error's body, `{"errors":"<phrase>"}`: the REST error shape of
 * SHOPIFY.md's "Errors" table (doc: shopify.dev/docs/api/usage/response-codes). The wording is a guess —
 * Shopify publishes the codes, not these bodies — and 408 is not Shopify's at all (a proxy's; kept because
 * clients retry it, SHOPIFY.md).
 */
export const faultStatusPhrases: Readonly<Record<FaultStatus, string>> = {
  408: 'Request Timeout',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * An `X-Request-Id` for an answer the injector made, from its own counter. Shaped like the model's ids
 * (UUID-like, deterministic) but with the variant nibble `9` instead of `8`, so the two never collide.
 */
export function faultRequestId(counter: number): string {
  return `00000000-0000-4000-9000-${counter.toString(16).padStart(12, '0')}`;
}

/**
 * An injected 5xx or 408: the Shopify-ish body, JSON content type and a request id. No call-limit header:
 * such answers come from in front of the rate limiter, which never saw the request (a guess).
 */
export function faultStatusResponse(status: FaultStatus, id: string): HttpResponse {
  return jsonResponse(status, JSON.stringify({ errors: faultStatusPhrases[status] }), { 'x-request-id': id });
}

/** What a spurious 429 copies from the shop's real answers. */
export interface ThrottleFacts {
  /** `Retry-After`, in seconds (the model's setting; Shopify sends `2.0`, doc). */
  retryAfterSeconds: number;
  /** The version the model answers with, for `x-shopify-api-version`. */
  apiVersion: string;
}

/**
 * A spurious REST 429 exactly as the model's real one looks (SHOPIFY.md, "REST Admin API — leaky bucket"):
 * the `Exceeded N calls per second` body with the shop's leak rate, `Retry-After`, and the call-limit
 * header with the bucket's current level — read, never changed: the request was not counted. On the
 * GraphQL route (`graphql` true) it is the model's THROTTLED answer instead, when the model serves GraphQL.
 */
export function spuriousThrottleResponse(
  model: ShopifyModel,
  request: HttpRequest,
  shop: string,
  nowMs: number,
  facts: ThrottleFacts,
  id: string,
  graphql = false,
): HttpResponse {
  const token = headerValue(request.headers, 'x-shopify-access-token') ?? '';
  if (graphql) {
    // GraphQL's throttle is THROTTLED in a 200 (SHOPIFY.md, "GraphQL Admin API", seen), not a REST 429.
    const answer = model.graphqlThrottled(shop, token, request.body, nowMs);
    if (answer !== undefined) {
      return jsonResponse(answer.status, answer.body, {
        ...answer.headers,
        'x-request-id': id,
        'x-shopify-api-version': facts.apiVersion,
      });
    }
  }
  const { bucketSize, leakPerSecond } = model.limits;
  return jsonResponse(429, throttledBody(leakPerSecond), {
    'x-shopify-shop-api-call-limit': formatCallLimit(model.callsUsed(shop, token, nowMs), bucketSize),
    'retry-after': formatRetryAfter(facts.retryAfterSeconds),
    'x-request-id': id,
    'x-shopify-api-version': facts.apiVersion,
  });
}
