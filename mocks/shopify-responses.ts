import type { HttpResponse } from '../runtime/transport.js';

/** The exact 401 body (SHOPIFY.md, "Errors", doc: shopify.dev/docs/api/usage/response-codes). */
export const invalidTokenBody =
  '{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}';

/** The exact 404 body, also sent for a malformed API version (SHOPIFY.md, "API versions", doc). */
export const notFoundBody = '{"errors":"Not Found"}';

/**
 * The 429 body of a development store's order-creation cap, exact (SHOPIFY.md, "Resource throttles",
 * seen: ShopifySharp issue 726). It comes without `Retry-After`, and the call-limit header shows a
 * healthy bucket.
 */
export const orderRateLimitBody =
  '{"errors":"Exceeded order API rate limit, please try again in a minute. Upgrade to a paid account to remove this limit."}';

/**
 * The 413 body for a request body over the model's size limit. Shopify's text is not published; the
 * shape is its REST error shape (SHOPIFY.md, "Errors").
 */
export function payloadTooLargeBody(limitBytes: number): string {
  return JSON.stringify({
    errors: `Request body is larger than ${limitBytes} bytes. Send a smaller request.`,
  });
}

/**
 * The 413 body for a request body with more structure than the model parses (json-complexity.ts). Not
 * Shopify's text (its limits on input are per list, doc); the shape is its REST error shape.
 */
export function tooComplexBody(maxTokens: number): string {
  return JSON.stringify({
    errors:
      `Request body has more than ${maxTokens} JSON keys, values and brackets; a create at Shopify's limits ` +
      '(250 items per list) has far fewer. Send a smaller request.',
  });
}

/**
 * The 429 body for REST throttling, with the shop's leak rate in calls per second (SHOPIFY.md, "REST Admin
 * API — leaky bucket", seen: `Exceeded 2 calls per second for api client. …` on a 2/s plan).
 */
export function throttledBody(leakPerSecond: number): string {
  return JSON.stringify({
    errors: `Exceeded ${leakPerSecond} calls per second for api client. Reduce request rates to resume uninterrupted service.`,
  });
}

/** `Retry-After` as Shopify writes it: seconds with one decimal, `2.0` (doc). */
export function formatRetryAfter(seconds: number): string {
  return seconds.toFixed(1);
}

// The text of the last bucket size: it is the same on every answer, and a large custom size (past 2^30)
// would otherwise cost a full number-to-text conversion on each.
let lastBucketSize = Number.NaN;
let lastBucketSizeText = '';

/** The call-limit texts of the last bucket size by calls used (0 … 4,095), made as needed. */
let callLimitTexts: string[] = [];
const keptCallLimits = 4096;

/** The `X-Shopify-Shop-Api-Call-Limit` value, `used/size` (doc: e.g. `39/40`). */
export function formatCallLimit(used: number, bucketSize: number): string {
  if (bucketSize !== lastBucketSize) {
    lastBucketSizeText = String(bucketSize);
    lastBucketSize = bucketSize;
    callLimitTexts = [];
  }
  // Every answer carries one, and a bucket holds a few hundred calls: each text is made once.
  if (Number.isInteger(used) && used >= 0 && used < keptCallLimits) {
    return (callLimitTexts[used] ??= `${used}/${lastBucketSizeText}`);
  }
  return `${used}/${lastBucketSizeText}`;
}

/** The request id text of the last counter / 4,096 (all but its last three hex digits). */
let lastIdHigh = Number.NaN;
let lastIdHighText = '';
/** `000` … `fff`, made as needed. */
const idLowTexts: string[] = [];

/**
 * A deterministic `X-Request-Id` from the model's response counter, shaped like the UUIDs Shopify sends
 * (never random: the same run gives the same ids): `00000000-0000-4000-8000-` and the counter in 12 hex
 * digits (more past 2^48). The text but its last three digits is made once per 4,096 counters.
 */
export function requestId(counter: number): string {
  if (!(Number.isSafeInteger(counter) && counter >= 0)) {
    return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
  }
  const low = counter % 4096;
  const high = (counter - low) / 4096;
  if (high !== lastIdHigh) {
    lastIdHighText = `00000000-0000-4000-8000-${high.toString(16).padStart(9, '0')}`;
    lastIdHigh = high;
  }
  return lastIdHighText + (idLowTexts[low] ??= low.toString(16).padStart(3, '0'));
}

/** A response with the given status and body (a string is sent as is, anything else is stringified). */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}
