import type { CustomerRecord } from '../customer-store.js';
import { toGid } from './gid.js';
import { moneyV2, type MoneyV2 } from './money.js';

/** A `Customer` as the resolvers return it (field names of the Admin schema). */
export interface CustomerNode {
  id: string;
  legacyResourceId: string;
  email: string;
  firstName: string;
  lastName: string;
  numberOfOrders: string;
  amountSpent: MoneyV2;
  tags: string[];
  note: string | null;
  updatedAt: string;
}

/**
 * The GraphQL view of a customer record. `numberOfOrders` and `amountSpent` are the record's running
 * totals (read-only in GraphQL, as in Shopify: `CustomerInput` has no such fields); `numberOfOrders` is an
 * `UnsignedInt64`, which Shopify sends as a string. The store keeps no names or e-mail addresses, so
 * these are synthetic and stable: `Customer`, the id, `customer-<id>@example.com`.
 */
export function customerNode(record: Readonly<CustomerRecord>, currencyCode: string): CustomerNode {
  return {
    id: toGid('Customer', record.id),
    legacyResourceId: String(record.id),
    email: `customer-${record.id}@example.com`,
    firstName: 'Customer',
    lastName: String(record.id),
    numberOfOrders: String(record.ordersCount),
    amountSpent: moneyV2(record.totalSpentCents, currencyCode),
    tags: splitTags(record.tags),
    note: record.note,
    updatedAt: new Date(record.updatedAtMs).toISOString(),
  };
}

/** Shopify's comma-and-space tag string as the GraphQL `[String!]!` list. */
export function splitTags(tags: string): string[] {
  return tags === '' ? [] : tags.split(', ');
}
