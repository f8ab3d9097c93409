import type { OrderView } from './order-store.js';
import { SourceIdSet } from './source-id-set.js';

/** The shop state the audit reads: one shop (`model.shop(domain)`), or every shop of a model. */
export type AuditedShops =
  | { readonly orders: OrderView }
  | { readonly shopDomains: readonly string[]; shop(domain: string): { readonly orders: OrderView } };

/** The verdict on a run's orders (../shared/DESIGN.md, properties 1 and 2). */
export interface OrderAudit {
  /** Distinct source order ids present in the shop. */
  created: number;
  /** Orders beyond the first for each source order id: two creates of one source order count 1. */
  duplicates: number;
  /** Expected source order ids that are neither in the shop nor dead-lettered. */
  missing: number;
  /** Source order ids in the shop that nobody expected (a pipeline inventing or mangling ids). */
  unexpected: number;
  /** Orders that carry no source order id at all. */
  unattributed: number;
  /** The duplicated source ids, sorted by UTF-16 code units, at most `listLimit` of them. */
  duplicateSourceIds: string[];
  /** The missing source ids, sorted by UTF-16 code units, at most `listLimit` of them. */
  missingSourceIds: string[];
}

/** Settings of {@link auditOrders}. */
export interface AuditOptions {
  /** The most ids each list keeps, so reports stay small; the counts are always complete. Defaults to 100. */
  listLimit: number;
}

/** Defaults of {@link AuditOptions}. */
export const defaultAuditOptions: Readonly<AuditOptions> = { listLimit: 100 };

/**
 * Audits the orders of a run against what was sent. It reads the shop's final state and the ids it is
 * given, and nothing of the pipeline it judges (../shared/STYLE.md rule 5). Given a whole model, the
 * orders of all its shops are counted together: one source order created in two shops is a duplicate.
 *
 * @param expectedSourceIds - Every source order id the traffic sent (repeats are counted once).
 * @param deadLetteredSourceIds - The source order ids the pipeline gave up on, with a reason.
 * @example
 * const audit = auditOrders(model.shop('launch.myshopify.com'), sentIds, deadLetters.map((d) => d.key));
 */
export function auditOrders(
  shop: AuditedShops,
  expectedSourceIds: Iterable<string>,
  deadLetteredSourceIds: Iterable<string>,
  options: Partial<AuditOptions> = {},
): OrderAudit {
  const { listLimit } = { ...defaultAuditOptions, ...options };
  const views = 'orders' in shop ? [shop.orders] : shop.shopDomains.map((domain) => shop.shop(domain).orders);
  const countOf = (sourceId: string): number =>
    views.reduce((n, view) => n + view.countBySourceId(sourceId), 0);
  // Bits per order number, not a Set of strings (issue 12: a million-order run audits at its end).
  const expected = new SourceIdSet();
  for (const sourceId of expectedSourceIds) expected.add(sourceId);
  const deadLettered = new Set(deadLetteredSourceIds);

  const seen = new SourceIdSet();
  let duplicates = 0;
  let unexpected = 0;
  const duplicateSourceIds: string[] = [];
  for (const view of views) {
    view.forEachSourceId((sourceId) => {
      if (seen.has(sourceId)) return;
      seen.add(sourceId);
      const count = countOf(sourceId);
      if (count > 1) {
        duplicates += count - 1;
        duplicateSourceIds.push(sourceId);
      }
      if (!expected.has(sourceId)) unexpected++;
    });
  }
  const missingSourceIds: string[] = [];
  for (const sourceId of expected.values()) {
    if (!seen.has(sourceId) && !deadLettered.has(sourceId)) missingSourceIds.push(sourceId);
  }
  return {
    created: seen.size,
    duplicates,
    missing: missingSourceIds.length,
    unexpected,
    unattributed: views.reduce((n, view) => n + view.unattributedCount, 0),
    duplicateSourceIds: firstSorted(duplicateSourceIds, listLimit),
    missingSourceIds: firstSorted(missingSourceIds, listLimit),
  };
}

function firstSorted(ids: string[], limit: number): string[] {
  return ids.sort().slice(0, Math.max(0, limit));
}
