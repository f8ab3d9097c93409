import type { CustomerRecord } from './customer-store.js';
import { formatCents } from './shopify-order-json.js';

/** A customer in Shopify's REST JSON shape (the fields the model keeps). */
export interface ShopifyCustomerJson {
  id: number;
  admin_graphql_api_id: string;
  email: string;
  first_name: string;
  last_name: string;
  orders_count: number;
  /** A decimal string, e.g. `"39.98"`, as Shopify sends money in REST. */
  total_spent: string;
  /** Comma-and-space separated. */
  tags: string;
  note: string | null;
  /** The shop's currency, e.g. `USD`. */
  currency: string;
  /** ISO 8601 from the model's clock. */
  created_at: string;
  updated_at: string;
  /** Account state; `disabled` (no customer account), Shopify's value for a customer who never signed up. */
  state: 'disabled';
  verified_email: boolean;
}

/**
 * Builds the REST JSON of a customer (field names from Shopify's REST Customer resource,
 * shopify.dev/docs/api/admin-rest — customer). The store keeps no names or e-mail addresses, so these
 * are synthetic and stable, the same as the GraphQL surface shows: `Customer`, the id,
 * `customer-<id>@example.com`. Every customer exists from the shop's start, time 0.
 */
export function customerJson(record: Readonly<CustomerRecord>, currency: string): ShopifyCustomerJson {
  return {
    id: record.id,
    admin_graphql_api_id: `gid://shopify/Customer/${record.id}`,
    email: `customer-${record.id}@example.com`,
    first_name: 'Customer',
    last_name: String(record.id),
    orders_count: record.ordersCount,
    total_spent: formatCents(record.totalSpentCents),
    tags: record.tags,
    note: record.note,
    currency,
    created_at: new Date(record.createdAtMs).toISOString(),
    updated_at: new Date(record.updatedAtMs).toISOString(),
    state: 'disabled',
    verified_email: true,
  };
}
