import { checkMetafieldWrite } from '../metafield-input.js';
import type { MetafieldOwnerType, MetafieldRecord, MetafieldWrite } from '../metafield-store.js';
import type { GraphqlContext } from './graphql-context.js';
import { parseGid } from './gid.js';

/** `MetafieldsSetInput` as graphql-js hands it over (doc: input-objects/MetafieldsSetInput). */
export interface MetafieldsSetInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  value: string;
  type?: string | null;
}

/** A `Metafield` as the resolvers return it. */
export interface MetafieldNode {
  id: string;
  namespace: string;
  key: string;
  value: string;
  type: string;
  createdAt: string;
  updatedAt: string;
}

/** `MetafieldsSetUserError`: the input path, why, and a code (doc: MetafieldsSetUserErrorCode). */
export interface MetafieldsSetUserError {
  field: string[];
  message: string;
  code: string;
  elementIndex: number | null;
}

/** `MetafieldsSetPayload`. */
export interface MetafieldsSetPayload {
  metafields: MetafieldNode[] | null;
  userErrors: MetafieldsSetUserError[];
}

/** At most 25 metafields per call (doc: metafieldsSet, "sets up to 25 metafields at a time"). */
export const maxMetafieldsPerSet = 25;

/**
 * The namespace Shopify uses when `namespace` is left out: the app-reserved one (doc: "If omitted the
 * app-reserved namespace will be used"), `$app` in the API; the mock keeps one for every app.
 */
const appNamespace = 'app--mock';

const codeOfField: Readonly<Record<string, string>> = {
  namespace: 'INVALID',
  key: 'INVALID',
  type: 'INVALID_TYPE',
  value: 'INVALID_VALUE',
};

/**
 * `metafieldsSet(metafields:)` (shopify.dev/docs/api/admin-graphql/latest/mutations/metafieldsSet, doc):
 * creates or updates up to 25 metafields on customers and orders, **atomically** — every input is checked
 * first, and one bad input sets none (doc: "the mutation is atomic … if one fails, none are set"). Its
 * cost is a mutation's 10 points (query-cost.ts; SHOPIFY.md "GraphQL Admin API"). Errors are user errors
 * with the input path `["metafields", "<index>", "<field>"]` and a code (`INVALID_VALUE`, `INVALID_TYPE`,
 * `TAKEN`…); an owner that is not a customer or order of the shop is `INVALID` on `ownerId` (wording a
 * guess). Unlike REST, no fencing header reaches a resolver: fence REST writes instead.
 */
export function metafieldsSet(
  args: { metafields: MetafieldsSetInput[] },
  context: GraphqlContext,
): MetafieldsSetPayload {
  const userErrors: MetafieldsSetUserError[] = [];
  const error = (index: number, field: string, message: string, code: string) =>
    userErrors.push({ field: ['metafields', String(index), field], message, code, elementIndex: index });
  if (args.metafields.length > maxMetafieldsPerSet) {
    userErrors.push({
      field: ['metafields'],
      message: `Exceeded the maximum metafields input limit of ${maxMetafieldsPerSet}.`,
      code: 'LESS_THAN_OR_EQUAL_TO',
      elementIndex: null,
    });
    return { metafields: null, userErrors };
  }
  const writes: { owner: { type: MetafieldOwnerType; id: number }; write: MetafieldWrite }[] = [];
  args.metafields.forEach((input, index) => {
    const owner = ownerOf(input.ownerId, context);
    if (owner === undefined) error(index, 'ownerId', 'Owner does not exist.', 'INVALID');
    const existing =
      owner === undefined
        ? undefined
        : context.metafields.find(owner.type, owner.id, input.namespace ?? appNamespace, input.key);
    const checked = checkMetafieldWrite({
      namespace: input.namespace ?? appNamespace,
      key: input.key,
      value: input.value,
      type: input.type ?? existing?.type,
    });
    if (!checked.ok) {
      for (const [field, messages] of Object.entries(checked.reason)) {
        error(index, field, `${field} ${messages.join('; ')}`, codeOfField[field] ?? 'INVALID');
      }
    } else if (existing !== undefined && existing.type !== checked.value.type) {
      error(index, 'type', `type must stay ${existing.type}`, 'INVALID_TYPE');
    } else if (owner !== undefined) writes.push({ owner, write: checked.value });
  });
  if (userErrors.length > 0) return { metafields: [], userErrors };
  const set: MetafieldNode[] = [];
  for (const [index, { owner, write }] of writes.entries()) {
    const stored = context.metafields.set(owner.type, owner.id, write, context.nowMs, true);
    if (!stored.ok) {
      // Only the store's caps can refuse here (every input was checked above); the inputs before this one
      // stay set. The caps are guards far above what a workflow writes, so this is a partial set only for
      // a client flooding the model.
      error(index, 'value', JSON.stringify(stored.reason.errors), stored.reason.code);
      return { metafields: set, userErrors };
    }
    if (owner.type === 'Customer') context.customers.noteWrite(owner.id, context.nowMs);
    set.push(metafieldNode(stored.value.record));
  }
  return { metafields: set, userErrors };
}

function ownerOf(
  ownerId: string,
  context: GraphqlContext,
): { type: MetafieldOwnerType; id: number } | undefined {
  const gid = parseGid(ownerId);
  if (gid?.type === 'Customer' && context.customers.has(gid.id)) return { type: 'Customer', id: gid.id };
  if (gid?.type === 'Order' && context.orders.indexOfId(gid.id) !== -1) return { type: 'Order', id: gid.id };
  return undefined;
}

function metafieldNode(record: MetafieldRecord): MetafieldNode {
  return {
    id: `gid://shopify/Metafield/${record.id}`,
    namespace: record.namespace,
    key: record.key,
    value: record.value,
    type: record.type,
    createdAt: new Date(record.createdAtMs).toISOString(),
    updatedAt: new Date(record.updatedAtMs).toISOString(),
  };
}
