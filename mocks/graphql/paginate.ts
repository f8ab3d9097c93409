import { fail, ok, type Result } from '../../runtime/result.js';

/** Relay connection arguments (shopify.dev/docs/api/usage/pagination-graphql, doc). */
export interface PageArguments {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  /** Newest first instead of oldest first. Defaults to false. */
  reverse?: boolean | null;
}

/** Items in ascending id order: `at(k)` is the id-ordered position of the k-th item. */
export interface SortedItems {
  readonly length: number;
  at(k: number): number;
}

/** One page: the items' positions in page order, and whether items lie beyond it either way. */
export interface Page {
  positions: number[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** The largest page, as in Shopify (SHOPIFY.md, "Orders": 250 max; doc). */
export const maxPageSize = 250;

/**
 * Cuts one page out of `items`. `positionOf(cursor)` turns a cursor back into a position, or undefined
 * when it is not one. A cursor names an item by its sort value, so it also works when that item is not
 * in this selection (the page starts after where it would be), as Shopify's `last_value` cursors do.
 *
 * Errors: no `first` or `last` → "you must provide one of first or last" (seen: Shopify's answer quoted
 * in gnikyt/Basic-Shopify-API issue 22); a size outside 0…250 or a bad cursor → a message (wording a guess).
 */
export function paginate(
  items: SortedItems,
  args: PageArguments,
  positionOf: (cursor: string) => number | undefined,
): Result<Page, string> {
  const { first, last } = args;
  if ((first ?? null) === null && (last ?? null) === null) {
    return fail('you must provide one of first or last');
  }
  for (const [name, size] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (size !== null && size !== undefined && (size < 0 || size > maxPageSize)) {
      return fail(`${name} must be between 0 and ${maxPageSize}, got ${size}`);
    }
  }
  const reverse = args.reverse === true;
  // The k-th item in page order, and whether it comes before `position` in page order.
  const at = (k: number): number => (reverse ? items.at(items.length - 1 - k) : items.at(k));
  const before = (position: number, k: number): boolean => (reverse ? at(k) > position : at(k) < position);
  let start = 0;
  let end = items.length;
  for (const [cursor, isAfter] of [
    [args.after, true],
    [args.before, false],
  ] as const) {
    if (cursor === null || cursor === undefined) continue;
    const position = positionOf(cursor);
    if (position === undefined) return fail('Invalid cursor for current pagination sort.');
    const bound = lowerBound(items.length, (k) => before(position, k) || (isAfter && at(k) === position));
    if (isAfter) start = Math.max(start, bound);
    else end = Math.min(end, bound);
  }
  end = Math.max(start, end);
  let from = start;
  let to = end;
  if (first !== null && first !== undefined) to = Math.min(to, from + first);
  if (last !== null && last !== undefined) from = Math.max(from, to - last);
  const positions: number[] = [];
  for (let k = from; k < to; k++) positions.push(at(k));
  return ok({ positions, hasNextPage: to < items.length, hasPreviousPage: from > 0 });
}

/** The first k in 0…length for which `isBelow(k)` is false; `isBelow` must be true then false. */
function lowerBound(length: number, isBelow: (k: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isBelow(middle)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * An opaque cursor naming an item by id, shaped like Shopify's: base64 of
 * `{"last_id":5000000000001,"last_value":"5000000000001"}` (seen in Shopify responses).
 */
export function encodeCursor(id: number): string {
  return Buffer.from(`{"last_id":${id},"last_value":"${id}"}`).toString('base64');
}

/** The id a cursor from {@link encodeCursor} names, or undefined for anything else. */
export function decodeCursor(cursor: string): number | undefined {
  const match = /^\{"last_id":(\d{1,16}),/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
