import { headerValue, type HttpRequest } from '../runtime/transport.js';

/**
 * Whether the UTF-8 size of `body` is over `limitBytes`, without encoding it: the length alone settles
 * most bodies (the check runs on every request, before anything else).
 */
export function bodyExceeds(body: string | undefined, limitBytes: number): boolean {
  if (body === undefined) return false;
  // A UTF-16 code unit is 1 to 3 UTF-8 bytes (a surrogate pair, two units, is 4): decide cheaply when the
  // length alone settles it, and count only in between.
  if (body.length > limitBytes) return true;
  if (body.length * 3 <= limitBytes) return false;
  // In between, node's native count: a JavaScript loop over a megabyte of text took milliseconds of the
  // one event loop (issue 16).
  return Buffer.byteLength(body, 'utf8') > limitBytes;
}

/**
 * The reason a request's body cannot be read as JSON because of its `Content-Type`, or undefined when it
 * can. A missing `Content-Type` is tolerated, as simulated callers may not set it; one that is present
 * and not JSON is a 400 (SHOPIFY.md, "Errors": 400 for a wrong content type).
 */
export function contentTypeProblem(request: HttpRequest): string | undefined {
  const contentType = headerValue(request.headers, 'content-type');
  if (contentType === undefined || /json/i.test(contentType)) return undefined;
  return `Content-Type must be application/json, got ${contentType}`;
}
