import { normaliseTags } from '../order-input.js';
import type { CustomerPatch } from '../customer-store.js';
import { customerNode, type CustomerNode } from './customer-node.js';
import type { GraphqlContext } from './graphql-context.js';
import { parseGid } from './gid.js';
import type { UserError } from './order-create.js';

/** `CustomerInput` as graphql-js hands it over: an absent field is left as it is, null clears it. */
export interface CustomerInput {
  id?: string | null;
  tags?: string[] | null;
  note?: string | null;
}

/** `CustomerUpdatePayload`. */
export interface CustomerUpdatePayload {
  customer: CustomerNode | null;
  userErrors: UserError[];
}

/**
 * `customerUpdate(input:)` (shopify.dev/docs/api/admin-graphql/latest/mutations/customerUpdate, doc):
 * replaces the customer's tags and note. Order totals are read-only in GraphQL, as in Shopify, where they
 * are computed from the orders (`CustomerInput` has no such fields); the REST model is where a pipeline
 * writes its running totals. A missing or unknown id is a user error "Customer does not exist" on `id`
 * (wording a guess).
 */
export function customerUpdate(
  args: { input: CustomerInput },
  context: GraphqlContext,
): CustomerUpdatePayload {
  const { id, tags, note } = args.input;
  const gid = typeof id === 'string' ? parseGid(id) : undefined;
  if (gid?.type !== 'Customer' || !context.customers.has(gid.id)) {
    return { customer: null, userErrors: [{ field: ['id'], message: 'Customer does not exist' }] };
  }
  const patch: CustomerPatch = {};
  if (tags !== undefined) patch.tags = normaliseTags(tags ?? []);
  if (note !== undefined) patch.note = note;
  const record = context.customers.update(gid.id, patch, context.nowMs);
  if (record === undefined) throw new RangeError(`customer ${gid.id} exists but could not be updated`);
  return { customer: customerNode(record, context.currencyCode), userErrors: [] };
}
