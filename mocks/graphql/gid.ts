/**
 * Shopify global ids: `gid://shopify/<Type>/<numeric id>` (shopify.dev/docs/api/usage/gids, doc). The REST
 * JSON carries the same string as `admin_graphql_api_id`.
 */

/** The resource types the mock names in GIDs. */
export type GidType = 'Order' | 'Customer' | 'LineItem';

/** `gid://shopify/Order/5000000000001` from a type and a numeric id. */
export function toGid(type: GidType, id: number): string {
  return `gid://shopify/${type}/${id}`;
}

const gidPattern = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d{1,16})(?:\?.*)?$/;

/** What {@link parseGid} read: the type and numeric id, or undefined when `value` is not a GID. */
export function parseGid(value: string): { type: string; id: number } | undefined {
  const match = gidPattern.exec(value);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  const id = Number(match[2]);
  return Number.isSafeInteger(id) ? { type: match[1], id } : undefined;
}

/**
 * The message Shopify answers for an `ID` argument that is not a global id, e.g. `order(id: "123")`
 * (seen in client reports: "Invalid global id '123'").
 */
export function invalidGidMessage(value: string): string {
  return `Invalid global id '${value}'`;
}
