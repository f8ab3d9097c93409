import { fail, ok, type Result } from '../../runtime/result.js';
import type { OrderView } from '../order-store.js';

/**
 * The orders a search selects, as store positions in ascending order (oldest first): every order, or a
 * list. `all` avoids materialising a million positions for an unfiltered page.
 */
export type OrderSelection = { kind: 'all'; count: number } | { kind: 'list'; positions: readonly number[] };

/** One `field:value` term, the value unquoted. */
interface SearchTerm {
  field: string;
  value: string;
}

const termPattern = /^([A-Za-z_]+):(?:"([^"]*)"|'([^']*)'|(\S+))/;

/**
 * Selects orders with Shopify's search syntax as the pipeline uses it to find its own earlier create
 * (SHOPIFY.md, "Orders"): `name:#1001` or `name:1001`, and `tag:fs-src-17` (exact, case-sensitive, like
 * the REST `tag` filter); values may be quoted; terms are joined by spaces or `AND` and all must match.
 *
 * Anything else (free text, other fields, `OR`, negation) fails with a message: Shopify would run a
 * full-text or field search the mock does not model, and a silently wrong answer to an "is my order
 * already there?" lookup turns into a duplicate or a lost order, so the mock says so loudly instead.
 */
export function searchOrders(
  store: OrderView,
  query: string | null | undefined,
): Result<OrderSelection, string> {
  const terms = parseTerms(query ?? '');
  if (!terms.ok) return terms;
  let positions: readonly number[] | undefined;
  for (const { field, value } of terms.value) {
    let matches: readonly number[];
    if (field === 'name') {
      const index = store.indexOfName(value);
      matches = index === -1 ? [] : [index];
    } else if (field === 'tag') matches = store.indexesByTag(value);
    else return fail(unsupported(`field "${field}"`));
    positions = positions === undefined ? matches : intersect(positions, matches);
  }
  return ok(positions === undefined ? { kind: 'all', count: store.count } : { kind: 'list', positions });
}

function parseTerms(query: string): Result<SearchTerm[], string> {
  const terms: SearchTerm[] = [];
  let rest = query.trim();
  while (rest !== '') {
    if (/^AND(?:\s|$)/.test(rest)) {
      rest = rest.slice(3).trimStart();
      continue;
    }
    const match = termPattern.exec(rest);
    const field = match?.[1];
    if (match === null || field === undefined) return fail(unsupported(`term "${rest.split(/\s/)[0]}"`));
    terms.push({ field: field.toLowerCase(), value: match[2] ?? match[3] ?? match[4] ?? '' });
    rest = rest.slice(match[0].length).trimStart();
  }
  return ok(terms);
}

/** Positions in both ascending lists, ascending. */
function intersect(a: readonly number[], b: readonly number[]): number[] {
  const inB = new Set(b);
  return a.filter((position) => inB.has(position));
}

function unsupported(what: string): string {
  return (
    `The funnelstorm mock does not support the search ${what}: orders(query:) understands ` +
    '`name:#1001` and `tag:<tag>`, joined by spaces or AND.'
  );
}
