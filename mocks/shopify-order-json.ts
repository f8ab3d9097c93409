import { isoTime } from './iso-time.js';
import type { NoteAttribute } from './order-input.js';

/** A line item in Shopify's REST JSON shape. */
export interface ShopifyLineItemJson {
  id: number;
  admin_graphql_api_id: string;
  title: string;
  /** Unit price as a decimal string, e.g. `"19.99"`. */
  price: string;
  quantity: number;
}

/** An order in Shopify's REST JSON shape (the fields the model keeps; SHOPIFY.md, "Orders"). */
export interface ShopifyOrderJson {
  id: number;
  admin_graphql_api_id: string;
  name: string;
  order_number: number;
  /** ISO 8601 from the virtual clock, e.g. `1970-01-01T00:00:01.250Z`. */
  created_at: string;
  updated_at: string;
  /** The sum of price × quantity over the line items, as a decimal string. */
  total_price: string;
  line_items: ShopifyLineItemJson[];
  note_attributes: NoteAttribute[];
  tags: string;
  /** `{id}` when the order was created with a customer id, else null. */
  customer: { id: number | string } | null;
}

/** What {@link shopifyOrderJson} builds an order from. */
export interface OrderFields {
  id: number;
  orderNumber: number;
  /** Virtual ms. */
  createdAtMs: number;
  totalCents: number;
  customerId: string | undefined;
  tags: string;
  lineItems: { id: number; title: string; priceCents: number; quantity: number }[];
  noteAttributes: NoteAttribute[];
}

/**
 * Builds the REST JSON of one order. Timestamps keep milliseconds (Shopify sends whole seconds with an
 * offset) so that virtual times near 0 stay distinguishable; any ISO 8601 parser reads both.
 */
export function shopifyOrderJson(order: OrderFields): ShopifyOrderJson {
  const lineItems = order.lineItems.map((item) =>
    shopifyLineItemJson(item.id, item.title, item.priceCents, item.quantity),
  );
  const customer = order.customerId === undefined ? undefined : customerIdJson(order.customerId);
  return orderJsonOf(
    order.id,
    order.orderNumber,
    order.createdAtMs,
    order.totalCents,
    lineItems,
    order.noteAttributes,
    order.tags,
    customer,
  );
}

/**
 * The REST JSON of one order from its fields and its line items already in JSON shape: the same object
 * as {@link shopifyOrderJson}, for a caller that keeps the fields in columns (order-store.ts) and would
 * otherwise build an {@link OrderFields} and an object per line item only for them to be copied.
 *
 * @param createdAtMs - Virtual ms.
 * @param customer - The customer id as JSON sends it ({@link customerIdJson}), or undefined for none.
 */
export function orderJsonOf(
  id: number,
  orderNumber: number,
  createdAtMs: number,
  totalCents: number,
  lineItems: ShopifyLineItemJson[],
  noteAttributes: NoteAttribute[],
  tags: string,
  customer: number | string | undefined,
): ShopifyOrderJson {
  const createdAt = isoTime(createdAtMs);
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${orderNumber}`,
    order_number: orderNumber,
    created_at: createdAt,
    updated_at: createdAt,
    total_price: formatCents(totalCents),
    line_items: lineItems,
    note_attributes: noteAttributes,
    tags,
    customer: customer === undefined ? null : { id: customer },
  };
}

/** One line item in Shopify's REST JSON shape; `priceCents` is the unit price in cents. */
export function shopifyLineItemJson(
  id: number,
  title: string,
  priceCents: number,
  quantity: number,
): ShopifyLineItemJson {
  return {
    id,
    admin_graphql_api_id: `gid://shopify/LineItem/${id}`,
    title,
    price: formatCents(priceCents),
    quantity,
  };
}

/** Cents as Shopify's decimal money string: 1999 → `"19.99"`, 500 → `"5.00"`. */
export function formatCents(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** A numeric id is sent back as a JSON number (as Shopify's ids are), anything else as given. */
export function customerIdJson(id: string): number | string {
  return /^\d{1,15}$/.test(id) ? Number(id) : id;
}
