/**
 * Bodies up to this many characters are parsed without a count: small enough that any shape parses in
 * well under a millisecond, and every usual request (an order create is under 1 KB) skips the scan.
 */
export const uncountedBodyChars = 16 * 1024;

/**
 * The most structural JSON tokens — `{`, `[`, `,` and `:` outside strings — a request body may have. The
 * cost of `JSON.parse` follows them more than the bytes: a 289 KB object of 30,000 distinct keys takes
 * 33 ms to parse here, 30,000 line items 19 ms, 80,000 GraphQL tags almost 100 ms once coerced — each on
 * the one event loop every client shares (issue 16). A create at Shopify's limits (250 line items, 250
 * note attributes, 250 tags, doc: shopify.dev/docs/api/usage/limits) has about 3,500 through REST and
 * 5,000 through GraphQL, so 10,000 refuses no valid request.
 */
export const maxJsonTokens = 10_000;

/**
 * True when `text` has more than `limit` structural JSON tokens (see {@link maxJsonTokens}), counted in one
 * pass that stops at the limit; false at once for a body of at most {@link uncountedBodyChars}. Text that
 * is not JSON is counted the same way; the parser then refuses it.
 */
export function jsonTooComplex(text: string | undefined, limit = maxJsonTokens): boolean {
  if (text === undefined || text.length <= uncountedBodyChars) return false;
  let tokens = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22 /* " */) {
      // Skip the string with native searches: to the next quote not escaped by an odd run of backslashes.
      let end = text.indexOf('"', i + 1);
      while (end !== -1 && escaped(text, end)) end = text.indexOf('"', end + 1);
      if (end === -1) return false;
      i = end;
    } else if (code === 0x2c || code === 0x3a || code === 0x7b || code === 0x5b) {
      if (++tokens > limit) return true;
    }
  }
  return false;
}

/** True when the quote at `at` is escaped: an odd number of backslashes right before it. */
function escaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; i >= 0 && text.charCodeAt(i) === 0x5c; i--) backslashes++;
  return backslashes % 2 === 1;
}
