import type { ShopifyLineItemJson, ShopifyOrderJson } from '../shopify-order-json.js';
import { connection, type Connection } from './connection.js';
import { customerNode, splitTags, type CustomerNode } from './customer-node.js';
import type { GraphqlContext } from './graphql-context.js';
import { centsOf, moneyV2, type MoneyV2 } from './money.js';
import type { PageArguments } from './paginate.js';

/** A `LineItem` as the resolvers return it; `legacyId` is the numeric id its cursor carries. */
export interface LineItemNode {
  id: string;
  legacyId: number;
  title: string;
  quantity: number;
  originalUnitPriceSet: { shopMoney: MoneyV2 };
}

/**
 * An `Order` as the resolvers return it. Plain fields are read by graphql-js's default resolver; the two
 * fields with arguments or a lookup are methods, which the default resolver calls with
 * `(args, context)`, so they cost nothing unless selected.
 */
export interface OrderNode {
  id: string;
  legacyResourceId: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  tags: string[];
  customAttributes: { key: string; value: string }[];
  totalPriceSet: { shopMoney: MoneyV2 };
  customer(args: unknown, context: GraphqlContext): CustomerNode | null;
  lineItems(args: PageArguments): Connection<LineItemNode>;
}

/**
 * The GraphQL view of an order, built from the model's REST JSON so that both APIs show one order the
 * same way: note attributes are `customAttributes` (`name` ↔ `key`), the tag string is a list, the GID is
 * the REST `admin_graphql_api_id`.
 */
export function orderNode(order: ShopifyOrderJson, currencyCode: string): OrderNode {
  const customerId = order.customer?.id;
  return {
    id: order.admin_graphql_api_id,
    legacyResourceId: String(order.id),
    name: order.name,
    createdAt: order.created_at,
    updatedAt: order.updated_at,
    tags: splitTags(order.tags),
    customAttributes: order.note_attributes.map((attribute) => ({
      key: attribute.name,
      value: attribute.value,
    })),
    totalPriceSet: { shopMoney: moneyV2(centsOf(order.total_price), currencyCode) },
    customer(_args, context) {
      const record = typeof customerId === 'number' ? context.customers.get(customerId) : undefined;
      return record === undefined ? null : customerNode(record, context.currencyCode);
    },
    lineItems(args) {
      const lines = order.line_items;
      const firstId = lines[0]?.id ?? 0;
      return connection<LineItemNode>(
        {
          items: { length: lines.length, at: (k) => k },
          node: (position) => lineItemNode(lines[position], currencyCode),
          idOf: (node) => node.legacyId,
          // Line item ids of one order are consecutive (order-store.ts flattens them), so an id maps to a
          // position by subtraction, and a cursor from elsewhere still compares in id order.
          positionOfId: (id) => id - firstId,
        },
        args,
      );
    },
  };
}

function lineItemNode(line: ShopifyLineItemJson | undefined, currencyCode: string): LineItemNode {
  if (line === undefined) throw new RangeError('line item position out of range');
  return {
    id: line.admin_graphql_api_id,
    legacyId: line.id,
    title: line.title,
    quantity: line.quantity,
    originalUnitPriceSet: { shopMoney: moneyV2(centsOf(line.price), currencyCode) },
  };
}
