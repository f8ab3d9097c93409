import type { HttpRequest } from '../runtime/transport.js';
import { fail, ok, type Result } from '../runtime/result.js';
import { isRecord } from './is-record.js';
import { contentTypeProblem } from './request-body.js';
import type { RouteAnswer } from './route-answer.js';

/**
 * The object under `root` in a REST write's JSON body (`{"order": {...}}`), or the 400 answer Shopify's REST
 * API gives: a `Content-Type` that is present and not JSON (SHOPIFY.md, "Errors"), a body that is not
 * JSON, or no `root` object (Rails' "Required parameter missing or invalid", a guess at the text).
 */
export function readJsonRoot(
  request: HttpRequest,
  root: string,
): Result<Record<string, unknown>, RouteAnswer> {
  const wrongType = contentTypeProblem(request);
  if (wrongType !== undefined) return fail({ status: 400, body: { errors: wrongType } });
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body ?? '');
  } catch {
    return fail({ status: 400, body: { errors: `Request body is not valid JSON: send {"${root}": {...}}` } });
  }
  const value = isRecord(parsed) ? parsed[root] : undefined;
  if (!isRecord(value))
    return fail({ status: 400, body: { errors: { [root]: 'Required parameter missing or invalid' } } });
  return ok(value);
}
