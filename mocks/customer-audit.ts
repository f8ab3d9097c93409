import { defaultAuditOptions, type AuditOptions } from './audit.js';
import type { CustomerView } from './customer-store.js';
import type { OrderView } from './order-store.js';

/** One shop's state as the customer audit reads it (`model.shop(domain)` fits). */
export interface AuditedCustomerShop {
  readonly domain: string;
  readonly orders: OrderView;
  readonly customers: CustomerView;
}

/** The shops the customer audit reads: one shop, or every shop of a model. */
export type AuditedCustomerShops =
  | AuditedCustomerShop
  | { readonly shopDomains: readonly string[]; shop(domain: string): AuditedCustomerShop };

/** A customer whose running totals do not match that customer's orders: an update was lost (or doubled). */
export interface LostUpdate {
  /** The shop's domain. */
  shop: string;
  customerId: number;
  /** The sum of the customer's orders' totals, in cents. */
  expectedCents: number;
  /** The customer's `total_spent`, in cents. */
  actualCents: number;
  /** The number of the customer's orders. */
  expectedCount: number;
  /** The customer's `orders_count`. */
  actualCount: number;
}

/** The verdict on customers' totals (../shared/DESIGN.md, property 3: no lost updates). */
export interface CustomerAudit {
  /** Customers checked: those with orders or written at least once. */
  customersChecked: number;
  /** Customers whose totals differ from their orders' sum or count. */
  lostUpdates: number;
  /** The mismatches, shop by shop in the model's order, customer ids ascending; at most `listLimit`. */
  mismatches: LostUpdate[];
}

/**
 * Audits customers' running totals against their orders: for each customer that has orders or was
 * written, `total_spent` must equal the sum of the totals of the orders that name the customer, and
 * `orders_count` their number; each difference is a lost (or doubled) update. An order counts for a
 * customer when its `customer.id` is a numeric id of one of that shop's customers; other customer ids
 * (guests, made-up strings) are ignored. Reads the shop's final state only (../shared/STYLE.md rule 5).
 *
 * @example
 * const verdict = auditCustomers(model); // verdict.lostUpdates === 0 after a correct run
 */
export function auditCustomers(
  shops: AuditedCustomerShops,
  options: Partial<AuditOptions> = {},
): CustomerAudit {
  const { listLimit } = { ...defaultAuditOptions, ...options };
  const each = 'orders' in shops ? [shops] : shops.shopDomains.map((domain) => shops.shop(domain));
  let customersChecked = 0;
  let lostUpdates = 0;
  const mismatches: LostUpdate[] = [];
  for (const shop of each) {
    const expected = expectedTotals(shop);
    shop.customers.forEachWritten((record) => {
      if (!expected.has(record.id)) expected.set(record.id, { cents: 0, count: 0 });
    });
    const ids = [...expected.keys()].sort((a, b) => a - b);
    customersChecked += ids.length;
    for (const customerId of ids) {
      const want = expected.get(customerId) ?? { cents: 0, count: 0 };
      const record = shop.customers.get(customerId);
      const actualCents = record?.totalSpentCents ?? 0;
      const actualCount = record?.ordersCount ?? 0;
      if (actualCents === want.cents && actualCount === want.count) continue;
      lostUpdates++;
      if (mismatches.length < Math.max(0, listLimit)) {
        mismatches.push({
          shop: shop.domain,
          customerId,
          expectedCents: want.cents,
          actualCents,
          expectedCount: want.count,
          actualCount,
        });
      }
    }
  }
  return { customersChecked, lostUpdates, mismatches };
}

/** Sum and count of each of the shop's customers' orders, in one pass over the orders. */
function expectedTotals(shop: AuditedCustomerShop): Map<number, { cents: number; count: number }> {
  const totals = new Map<number, { cents: number; count: number }>();
  for (let index = 0; index < shop.orders.count; index++) {
    const id = shop.orders.customerNumberAt(index);
    if (Number.isNaN(id) || !shop.customers.has(id)) continue;
    const sum = totals.get(id) ?? { cents: 0, count: 0 };
    sum.cents += shop.orders.totalCentsAt(index);
    sum.count++;
    totals.set(id, sum);
  }
  return totals;
}
