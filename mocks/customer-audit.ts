import { defaultAuditOptions, type AuditOptions } from './audit.js';
import type { CustomerView } from './customer-store.js';
import { CustomerTotals } from './customer-totals.js';
import type { FulfillmentView } from './fulfillments-api.js';
import { defaultLoyaltyTarget, readLoyaltyValue, type MetafieldTarget } from './loyalty-metafield.js';
import type { MetafieldView } from './metafield-store.js';
import type { OrderView } from './order-store.js';

/** One shop's state as the customer audit reads it (`model.shop(domain)` fits). */
export interface AuditedCustomerShop {
  readonly domain: string;
  readonly orders: OrderView;
  readonly customers: CustomerView;
  readonly metafields: MetafieldView;
  /** The shop's fulfillments, when the caller has them (the duplicate-side-effect audit reads them). */
  readonly fulfillments?: FulfillmentView;
}

/** The shops the customer audit reads: one shop, or every shop of a model. */
export type AuditedCustomerShops =
  | AuditedCustomerShop
  | { readonly shopDomains: readonly string[]; shop(domain: string): AuditedCustomerShop };

/** A customer whose loyalty metafield does not match that customer's orders: an update was lost (or doubled). */
export interface LostUpdate {
  /** The shop's domain. */
  shop: string;
  customerId: number;
  /** The sum of the customer's orders' totals, in cents: the points the metafield should hold. */
  expectedCents: number;
  /** The points the metafield holds (0 when it holds none). */
  actualCents: number;
  /** The number of the customer's orders. */
  expectedCount: number;
  /** The orders the metafield counts. */
  actualCount: number;
}

/** The verdict on customers' loyalty metafields (../shared/DESIGN.md, property 3: no lost updates). */
export interface CustomerAudit {
  /**
   * False when no customer of any audited shop carries the target metafield: the integration never wrote
   * it, so there is nothing to judge (and no alarm for each customer with orders).
   */
  audited: boolean;
  /** Customers checked: those with orders or carrying the metafield, in shops where someone wrote it. */
  customersChecked: number;
  /** Customers whose metafield differs from their orders' sum or count. */
  lostUpdates: number;
  /** The mismatches, shop by shop in the model's order, customer ids ascending; at most `listLimit`. */
  mismatches: LostUpdate[];
}

/** Settings of {@link auditCustomers}. */
export interface CustomerAuditOptions extends AuditOptions {
  /** The customer metafield judged. Defaults to {@link defaultLoyaltyTarget}, `funnelstorm.loyalty`. */
  target: MetafieldTarget;
}

/**
 * Audits each customer's loyalty metafield (a read-modify-write target an app may write; by default
 * `funnelstorm.loyalty`, see loyalty-metafield.ts) against the fold of that customer's created orders:
 * its `points` must equal the sum of their totals in cents and its `orders` their number; each difference
 * is a lost (or doubled) update. A shop where no customer carries the metafield is not audited (the
 * integration never wrote it). An order counts for a customer when its `customer.id` is a numeric id of
 * one of that shop's customers; other customer ids (guests, made-up strings) are ignored. Reads the shop's
 * final state only (../shared/STYLE.md rule 5).
 *
 * @example
 * const verdict = auditCustomers(model); // verdict.lostUpdates === 0 after a correct run
 */
export function auditCustomers(
  shops: AuditedCustomerShops,
  options: Partial<CustomerAuditOptions> = {},
): CustomerAudit {
  const { listLimit, target } = { ...defaultAuditOptions, target: defaultLoyaltyTarget, ...options };
  const each = 'orders' in shops ? [shops] : shops.shopDomains.map((domain) => shops.shop(domain));
  let audited = false;
  let customersChecked = 0;
  let lostUpdates = 0;
  const mismatches: LostUpdate[] = [];
  for (const shop of each) {
    // Both sides in columns (CustomerTotals), no object per customer: a million-order run audits hundreds
    // of thousands of customers at its end, where the run's memory peaks.
    const held = new CustomerTotals();
    shop.metafields.forEachNamed('Customer', target.namespace, target.key, (record) => {
      const value = readLoyaltyValue(record.value);
      held.set(record.ownerId, value?.points ?? 0, value?.orders ?? 0);
    });
    if (held.size === 0) continue;
    audited = true;
    const expected = expectedTotals(shop);
    // A flat array sorted natively: a million-order run has hundreds of thousands of customers, whose
    // 13-digit ids would each be a boxed number in a plain array.
    const heldOnly: number[] = [];
    for (const id of held.ids()) if (!expected.has(id)) heldOnly.push(id);
    const ids = new Float64Array(expected.size + heldOnly.length);
    let filled = 0;
    for (const id of expected.ids()) ids[filled++] = id;
    for (const id of heldOnly) ids[filled++] = id;
    ids.sort();
    customersChecked += ids.length;
    for (const customerId of ids) {
      const want = expected.get(customerId);
      const have = held.get(customerId);
      if (have.cents === want.cents && have.count === want.count) continue;
      lostUpdates++;
      if (mismatches.length < Math.max(0, listLimit)) {
        mismatches.push({
          shop: shop.domain,
          customerId,
          expectedCents: want.cents,
          actualCents: have.cents,
          expectedCount: want.count,
          actualCount: have.count,
        });
      }
    }
  }
  return { audited, customersChecked, lostUpdates, mismatches };
}

/** Sum and count of each of the shop's customers' orders, in one pass over the orders. */
function expectedTotals(shop: AuditedCustomerShop): CustomerTotals {
  const totals = new CustomerTotals();
  for (let index = 0; index < shop.orders.count; index++) {
    const id = shop.orders.customerNumberAt(index);
    if (Number.isNaN(id) || !shop.customers.has(id)) continue;
    totals.add(id, shop.orders.totalCentsAt(index));
  }
  return totals;
}
