import { parseOrderInput } from '../order-input.js';
import type { GraphqlContext } from './graphql-context.js';
import { parseGid } from './gid.js';
import { orderNode, type OrderNode } from './order-node.js';

/** `OrderCreateOrderInput` as graphql-js hands it over, after coercion (only what the mock reads). */
export interface OrderCreateOrderInput {
  lineItems?:
    | { title?: string | null; quantity: number; priceSet?: { shopMoney: { amount: unknown } } | null }[]
    | null;
  customAttributes?: { key: string; value: string }[] | null;
  tags?: string[] | null;
  customer?: { toAssociate?: { id: string } | null } | null;
  customerId?: string | null;
}

/** A user error: the input path of the field at fault, and why. */
export interface UserError {
  field: string[] | null;
  message: string;
}

/** `OrderCreatePayload`. */
export interface OrderCreatePayload {
  order: OrderNode | null;
  userErrors: UserError[];
}

/** The REST keys of order-input.ts's errors, as the GraphQL input fields they come from. */
const inputFieldOf: Readonly<Record<string, string>> = {
  line_items: 'lineItems',
  note_attributes: 'customAttributes',
  order: 'order',
};

/**
 * `orderCreate(order:)` (shopify.dev/docs/api/admin-graphql/latest/mutations/orderCreate, doc): stores the
 * order in the shop's `OrderStore`, so REST lookups see it and GraphQL lookups see REST-created orders.
 * Order creation takes **no idempotency key** (SHOPIFY.md, "GraphQL Admin API", doc): the same input twice
 * makes two orders.
 *
 * The customer is associated with `customer: {toAssociate: {id}}`, the current shape (the doc lists
 * `customerId` as deprecated; it is accepted too). Custom attributes become the order's note attributes,
 * so the source-id attribute the audit reads works through either API. Validation is the REST model's
 * (order-input.ts), so both APIs accept and refuse the same orders; its messages come back as
 * `userErrors` with the GraphQL field path. Products and variants are not modelled: every line item is a
 * custom one and needs a title and a price. An unknown customer is a user error "Customer does not
 * exist" (wording a guess).
 */
export function orderCreate(
  args: { order: OrderCreateOrderInput },
  context: GraphqlContext,
): OrderCreatePayload {
  const input = args.order;
  const customerGid = input.customer?.toAssociate?.id ?? input.customerId ?? undefined;
  let customerId: number | undefined;
  if (customerGid !== undefined) {
    const gid = parseGid(customerGid);
    if (gid?.type !== 'Customer' || !context.customers.has(gid.id)) {
      const field =
        input.customerId === customerGid
          ? ['order', 'customerId']
          : ['order', 'customer', 'toAssociate', 'id'];
      return { order: null, userErrors: [{ field, message: 'Customer does not exist' }] };
    }
    customerId = gid.id;
  }
  // Through the REST validator, so that both APIs validate alike. The JSON round trip costs a few µs.
  const restBody = {
    order: {
      line_items: input.lineItems?.map((line) => ({
        title: line.title ?? undefined,
        price: line.priceSet?.shopMoney.amount,
        quantity: line.quantity,
      })),
      note_attributes: input.customAttributes?.map((attribute) => ({
        name: attribute.key,
        value: attribute.value,
      })),
      tags: input.tags ?? [],
      customer: customerId === undefined ? undefined : { id: customerId },
    },
  };
  const parsed = parseOrderInput(JSON.stringify(restBody));
  if (!parsed.ok) return { order: null, userErrors: userErrorsOf(parsed.reason.errors) };
  const index = context.orders.add(parsed.value, context.nowMs);
  const json = context.orders.toJson(index);
  if (json === undefined) throw new RangeError(`order ${index} was just added but cannot be read`);
  return { order: orderNode(json, context.currencyCode), userErrors: [] };
}

function userErrorsOf(errors: string | Record<string, string | string[]>): UserError[] {
  if (typeof errors === 'string') return [{ field: null, message: errors }];
  const userErrors: UserError[] = [];
  for (const [key, messages] of Object.entries(errors)) {
    const field = key === 'order' ? ['order'] : ['order', inputFieldOf[key] ?? key];
    for (const message of Array.isArray(messages) ? messages : [messages]) {
      userErrors.push({ field, message });
    }
  }
  return userErrors;
}
