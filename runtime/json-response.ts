import { JsonBody } from './json-body.js';
import type { HttpRequest, HttpResponse } from './transport.js';

/**
 * A response whose body is the JSON of `value`, its text made only when someone reads `body` (the HTTP
 * face writing it, a log line); a reader in the same process takes the value instead of parsing the text
 * ({@link responseJson}). Undefined when `value` is not plain JSON data (json-body.ts): the caller then
 * sends text. `headers` is kept as given.
 *
 * @param plain - True when the maker vouches `value` is plain JSON data ({@link JsonBody.ofPlain}): it is
 *   then not checked. Defaults to false.
 */
export function jsonValueResponse(
  status: number,
  headers: Record<string, string>,
  value: object,
  plain = false,
): HttpResponse | undefined {
  const json = plain ? JsonBody.ofPlain(value) : JsonBody.of(value);
  if (json === undefined) return undefined;
  const response = { status, headers, bodyValue: json };
  // An own, enumerable `body` (a spread copy reads it, as before) whose getter is one function shared by
  // every answer: an object literal's `get body()` made a closure and a map of its own per answer, about
  // four times the cost of this (issue 12).
  Object.defineProperty(response, 'body', lazyBody);
  return response as HttpResponse;
}

/** The `body` of a {@link jsonValueResponse}: its value's text, made on first read. */
const lazyBody: PropertyDescriptor = {
  get(this: { bodyValue: JsonBody }): string {
    return this.bodyValue.text;
  },
  enumerable: true,
  configurable: true,
};

/**
 * A response's body as a JSON value: the value it was made from when it carries one whose text is its body
 * (equal to what parsing gives; read-only), else `JSON.parse(body)`. Throws the parser's SyntaxError for a
 * body that is not JSON.
 */
export function responseJson(response: HttpResponse): unknown {
  const { bodyValue: json } = response;
  // Text not made yet: the answer's own lazy body (a copy of the response would have read it).
  if (json instanceof JsonBody && (!json.textMade || json.text === response.body)) return json.value;
  return JSON.parse(response.body);
}

/**
 * The value a request's sender made its body from ({@link requestBody}; read-only), when `bodyValue` is
 * one whose text is `body`; undefined otherwise — the receiver then parses `body`, as it does for a
 * request from any other client (the HTTP face, a pipeline module sending text).
 */
export function handedValue(bodyValue: JsonBody | undefined, body: string | undefined): object | undefined {
  return bodyValue instanceof JsonBody && bodyValue.text === body ? bodyValue.value : undefined;
}

/**
 * A request body made from `value`: its text, and the value with it when it is plain JSON data, for a
 * receiver in the same process to read instead of the text. The sender must not change `value` afterwards.
 *
 * @example
 * const request: HttpRequest = { method: 'POST', url, headers, ...requestBody({ order }) };
 */
export function requestBody(value: object): { body: string; bodyValue?: JsonBody } {
  const body = JSON.stringify(value);
  const json = JsonBody.of(value, body);
  return json === undefined ? { body } : { body, bodyValue: json };
}

/**
 * A request whose body is made from `value` as {@link requestBody} makes it, with its fields written in
 * the same order (method, url, headers, body, bodyValue) but without the spread of a `requestBody`
 * object: the pipeline builds one per create and per customer write (issue 12).
 */
export function jsonRequest(
  method: string,
  url: string,
  headers: Record<string, string>,
  value: object,
): HttpRequest {
  const body = JSON.stringify(value);
  const json = JsonBody.of(value, body);
  return json === undefined
    ? { method, url, headers, body }
    : { method, url, headers, body, bodyValue: json };
}
