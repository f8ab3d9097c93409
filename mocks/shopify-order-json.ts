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
  const createdAt = isoTime(order.createdAtMs);
  return {
    id: order.id,
    admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
    name: `#${order.orderNumber}`,
    order_number: order.orderNumber,
    created_at: createdAt,
    updated_at: createdAt,
    total_price: formatCents(order.totalCents),
    line_items: order.lineItems.map((item) => ({
      id: item.id,
      admin_graphql_api_id: `gid://shopify/LineItem/${item.id}`,
      title: item.title,
      price: formatCents(item.priceCents),
      quantity: item.quantity,
    })),
    note_attributes: order.noteAttributes,
    tags: order.tags,
    customer: order.customerId === undefined ? null : { id: customerIdJson(order.customerId) },
  };
}

/** Cents as Shopify's decimal money string: 1999 → `"19.99"`, 500 → `"5.00"`. */
export function formatCents(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** A numeric id is sent back as a JSON number (as Shopify's ids are), anything else as given. */
function customerIdJson(id: string): number | string {
  return /^\d{1,15}$/.test(id) ? Number(id) : id;
}
