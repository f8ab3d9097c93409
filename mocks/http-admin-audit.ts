import { auditOrders, type OrderAudit } from './audit.js';
import { auditCustomers, type CustomerAudit, type LostUpdate } from './customer-audit.js';
import type { DuplicateCause } from './duplicate-causes.js';
import type { AdminAuditInput } from './http-admin-input.js';
import type { ShopifyModel } from './shopify-model.js';

/** One shop's audit as `GET /__admin/audit` shows it: what can be judged without the expected ids. */
export interface ShopAuditSummary {
  /** The shop's domain. */
  shop: string;
  /** Orders in the shop. */
  orders: number;
  /** Orders beyond the first for each source order id. */
  duplicates: number;
  /** The duplicated source ids, sorted, at most 100. */
  duplicateSourceIds: string[];
  /** Why each of those source orders has more than one order (duplicate-causes.ts), sorted, at most 100. */
  duplicateCauses: DuplicateCause[];
  /** Orders that carry no source order id. */
  unattributed: number;
  /** Customers whose totals differ from the sum of their orders. */
  lostUpdates: number;
  /** Those customers, ids ascending, at most 100. */
  lostUpdateCustomers: LostUpdate[];
}

/** The audit of every shop the model has, in the order the shops first had state. */
export function auditEachShop(model: ShopifyModel): ShopAuditSummary[] {
  return model.shopDomains.map((shop) => {
    const view = model.shop(shop);
    const audit = auditOrders(view, [], []);
    const customers = auditCustomers(view);
    return {
      shop,
      orders: view.orders.count,
      duplicates: audit.duplicates,
      duplicateSourceIds: audit.duplicateSourceIds,
      duplicateCauses: model.duplicateCauses(shop).slice(0, 100),
      unattributed: audit.unattributed,
      lostUpdates: customers.lostUpdates,
      lostUpdateCustomers: customers.mismatches,
    };
  });
}

/**
 * `POST /__admin/audit`: the full audit over all shops together — orders (missing ones included, given
 * the expected ids) and customers' totals — and per shop.
 */
export function auditWithExpected(
  model: ShopifyModel,
  input: AdminAuditInput,
): OrderAudit & { customers: CustomerAudit; shops: ShopAuditSummary[] } {
  return {
    ...auditOrders(model, input.expectedSourceIds, input.deadLetteredSourceIds),
    customers: auditCustomers(model),
    shops: auditEachShop(model),
  };
}
