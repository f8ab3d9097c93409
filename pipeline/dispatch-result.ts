import { responseJson } from '../runtime/json-response.js';
import type { DispatchResult } from '../runtime/transport.js';
import { deadLetterResponse, type DeadLetterResponse } from './dead-letter-queue.js';

/** A failed exchange for a log line or a dead letter: the verdict's reason and the start of the body. */
export function describeFailure(result: DispatchResult, reason: string): string {
  if (!result.ok) return `${reason} (${result.error.message})`;
  const body =
    result.response.body.length > 200 ? `${result.response.body.slice(0, 200)}…` : result.response.body;
  return `${reason} ${body}`;
}

/**
 * The response body as a JSON value (the shop's own value when the simulated shop handed one over,
 * json-response.ts: read it, never change it); undefined for a network failure or a body that is not JSON.
 */
export function jsonBody(result: DispatchResult): unknown {
  if (!result.ok) return undefined;
  try {
    return responseJson(result.response);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Shopify's answer as a dead letter keeps it; undefined for a network failure (no answer). */
export function lastResponseOf(result: DispatchResult | undefined): DeadLetterResponse | undefined {
  return result?.ok ? deadLetterResponse(result.response) : undefined;
}
