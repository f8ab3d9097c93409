/** The most source order ids a verdict names ({@link PropertyVerdict.orderIds}). */
export const maxListedOrderIds = 20;

/**
 * The source order ids a verdict names: distinct, sorted by UTF-16 code units (so `so-000002` comes before
 * `so-000010`, as the ids are zero-padded), at most {@link maxListedOrderIds}.
 */
export function orderIdList(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort().slice(0, maxListedOrderIds);
}

/**
 * The first `count` items of a list for a one-line detail, with "…" when there are more:
 * `"so-000003 (2 orders), so-000007 (3 orders), …"`.
 */
export function firstFew(items: readonly string[], count = 5): string {
  const shown = items.slice(0, count).join(', ');
  return items.length > count ? `${shown}, …` : shown;
}
