import { fail, ok, type Result } from '../runtime/result.js';
import type { HttpRequest, HttpResponse } from '../runtime/transport.js';
import { decodeUtf8 } from './http-request-body.js';
import { jsonResponse } from './shopify-responses.js';

/**
 * Turns the Fetch `Request` msw intercepted into the model's {@link HttpRequest}: the absolute URL as sent
 * (its host names the shop), header names lower-case (the Fetch `Headers` object already stores them so,
 * and joins repeats with `, ` as node:http does for the server face), and the body as UTF-8 text —
 * `undefined` when the request has none, as the server face passes it.
 *
 * Bytes that are not UTF-8 fail with the same Shopify-shaped 400 the node:http server sends
 * (mocks/http-request-body.ts), so the two faces answer alike.
 */
export async function toModelRequest(request: Request): Promise<Result<HttpRequest, HttpResponse>> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const modelRequest: HttpRequest = { method: request.method, url: request.url, headers };
  if (request.body === null) return ok(modelRequest);
  const text = decodeUtf8(new Uint8Array(await request.arrayBuffer()));
  if (!text.ok) {
    const message = 'The request body is not valid UTF-8: send JSON encoded as UTF-8.';
    return fail(jsonResponse(400, { errors: message }));
  }
  modelRequest.body = text.value;
  return ok(modelRequest);
}
