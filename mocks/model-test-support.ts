import type { HttpRequest, HttpResponse } from '../runtime/transport.js';
import type { ShopifyModel } from './shopify-model.js';

// Test helpers for the model's unit tests: requests to one shop, and their JSON answers. Not part of the
// mock's API (index.ts does not export them).

/** The shop every helper request goes to. */
export const testShop = 'launch.myshopify.com';
/** The Admin API base URL of {@link testShop}, version 2026-01. */
export const testBaseUrl = `https://${testShop}/admin/api/2026-01`;
/** An app's access token and a JSON content type. */
export const testHeaders: Readonly<Record<string, string>> = {
  'x-shopify-access-token': 'shpat_app',
  'content-type': 'application/json',
};

/** A request to `path` under the test shop's Admin API. */
export function testRequest(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): HttpRequest {
  const request: HttpRequest = {
    method,
    url: `${testBaseUrl}/${path}`,
    headers: { ...testHeaders, ...headers },
  };
  if (body !== undefined) request.body = typeof body === 'string' ? body : JSON.stringify(body);
  return request;
}

/** An order-create payload for a source order, with a customer id and a price. */
export function testOrder(sourceId: string, customerId?: number | string, price = '10.00'): unknown {
  return {
    order: {
      line_items: [{ title: 'Funnel order', price, quantity: 1 }],
      note_attributes: [{ name: 'source_order_id', value: sourceId }],
      tags: `funnelstorm, fs-src-${sourceId}`,
      ...(customerId === undefined ? {} : { customer: { id: customerId } }),
    },
  };
}

/** Sends a request and parses the answer's JSON body (undefined when it is not JSON). */
export function send(model: ShopifyModel, request: HttpRequest, nowMs = 0): HttpResponse & { json: unknown } {
  const response = model.handle(request, nowMs);
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    json = undefined;
  }
  return { ...response, json };
}
