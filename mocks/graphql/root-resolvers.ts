import { GraphQLError } from 'graphql';
import type { ShopifyOrderJson } from '../shopify-order-json.js';
import { connection, type Connection } from './connection.js';
import { customerNode, type CustomerNode } from './customer-node.js';
import { customerUpdate } from './customer-update.js';
import type { GraphqlContext } from './graphql-context.js';
import { invalidGidMessage, parseGid } from './gid.js';
import { metafieldsSet } from './metafields-set.js';
import { orderCreate } from './order-create.js';
import { orderNode, type OrderNode } from './order-node.js';
import { searchOrders } from './order-search.js';
import type { PageArguments } from './paginate.js';

/**
 * The root value handed to graphql-js's `execute`: one function per root field of the Admin schema.
 * The default resolver calls each with `(args, context)`. Resolvers are synchronous, so `executeSync`
 * runs a whole request without a promise.
 */
export const rootResolvers = {
  orders(args: PageArguments & { query?: string | null }, context: GraphqlContext): Connection<OrderNode> {
    const { orders, currencyCode } = context;
    const selection = searchOrders(orders, args.query);
    if (!selection.ok) throw new GraphQLError(selection.reason);
    const found = selection.value;
    return connection<OrderNode>(
      {
        items:
          found.kind === 'all'
            ? { length: found.count, at: (k) => k }
            : { length: found.positions.length, at: (k) => found.positions[k] ?? -1 },
        node: (position) => orderNode(readOrder(context, position), currencyCode),
        idOf: (node) => Number(node.legacyResourceId),
        positionOfId: (id) => {
          const position = orders.indexOfId(id);
          return position === -1 ? undefined : position;
        },
      },
      args,
    );
  },

  order(args: { id: string }, context: GraphqlContext): OrderNode | null {
    const position = context.orders.indexOfId(idOf(args.id, 'Order'));
    return position === -1 ? null : orderNode(readOrder(context, position), context.currencyCode);
  },

  customer(args: { id: string }, context: GraphqlContext): CustomerNode | null {
    const record = context.customers.get(idOf(args.id, 'Customer'));
    return record === undefined ? null : customerNode(record, context.currencyCode);
  },

  orderCreate,
  customerUpdate,
  metafieldsSet,
};

/**
 * The numeric id of a GID of `type`; −1 (found nowhere) for a GID of another type. A string that is not
 * a GID at all is an error, as in Shopify ("Invalid global id", see gid.ts).
 */
function idOf(value: string, type: string): number {
  const gid = parseGid(value);
  if (gid === undefined) throw new GraphQLError(invalidGidMessage(value));
  return gid.type === type ? gid.id : -1;
}

function readOrder(context: GraphqlContext, position: number): ShopifyOrderJson {
  const json = context.orders.toJson(position);
  if (json === undefined) throw new RangeError(`order position ${position} is out of range`);
  return json;
}
