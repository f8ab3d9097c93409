import { fail, ok, type Result } from '../runtime/result.js';
import { isRecord } from './is-record.js';

/** The filters of a list request, which a cursor carries so that later pages keep them. */
export interface OrderFilters {
  name?: string;
  tag?: string;
  /** `open` (Shopify's default), `any`, `closed` or `cancelled`. */
  status: string;
}

/**
 * Where a page starts: after the order at position `position` (`next`), or just before it (`previous`),
 * under the first request's filters.
 */
export interface PageCursor {
  direction: 'next' | 'previous';
  /** An order position in the shop (0-based); the page holds positions above it or below it. */
  position: number;
  filters: OrderFilters;
}

/** The longest `page_info` accepted, in characters; real ones are well under 200 (a guess, a bound). */
const maxCursorLength = 2048;

/**
 * Encodes a cursor as Shopify's `page_info`: an opaque token. Shopify's own format is not published (doc:
 * "page_info … can't be modified and must be used exactly as it appears in the link header URL",
 * shopify.dev/docs/api/admin-rest/usage/pagination); here it is base64url of a small JSON, which a test can
 * read but a client must not rely on.
 */
export function encodePageCursor(cursor: PageCursor): string {
  const { name, tag, status } = cursor.filters;
  const json = JSON.stringify({
    d: cursor.direction === 'next' ? 'n' : 'p',
    p: cursor.position,
    s: status,
    name,
    tag,
  });
  return base64UrlOf(new TextEncoder().encode(json));
}

/**
 * Decodes `page_info`. Anything that is not a cursor this model made — bad base64, bad UTF-8, bad JSON,
 * a missing or mistyped field — fails, and the caller answers 400 (never throws).
 */
export function decodePageCursor(pageInfo: string): Result<PageCursor, 'invalid'> {
  if (pageInfo.length === 0 || pageInfo.length > maxCursorLength || !/^[A-Za-z0-9_-]+$/.test(pageInfo)) {
    return fail('invalid');
  }
  let parsed: unknown;
  try {
    const binary = atob(pageInfo.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    // Not base64, not UTF-8 or not JSON: a tampered or truncated cursor.
    return fail('invalid');
  }
  if (!isRecord(parsed)) return fail('invalid');
  const { d, p, s, name, tag } = parsed;
  if ((d !== 'n' && d !== 'p') || typeof p !== 'number' || !Number.isSafeInteger(p) || p < 0) {
    return fail('invalid');
  }
  if (typeof s !== 'string' || !isOptionalString(name) || !isOptionalString(tag)) return fail('invalid');
  const filters: OrderFilters = { status: s };
  if (name !== undefined) filters.name = name;
  if (tag !== undefined) filters.tag = tag;
  return ok({ direction: d === 'n' ? 'next' : 'previous', position: p, filters });
}

function isOptionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

function base64UrlOf(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
