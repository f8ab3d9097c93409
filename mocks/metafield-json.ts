import { isoTime } from './iso-time.js';
import type { MetafieldOwnerType } from './metafield-record.js';

/** A metafield in Shopify's REST JSON shape (shopify.dev/docs/api/admin-rest — Metafield resource). */
export interface MetafieldJson {
  id: number;
  namespace: string;
  key: string;
  value: string;
  type: string;
  description: null;
  owner_id: number;
  owner_resource: 'customer' | 'order';
  /** ISO 8601, e.g. `1970-01-01T00:00:01.250Z`. */
  created_at: string;
  updated_at: string;
  admin_graphql_api_id: string;
}

/**
 * One metafield's REST JSON from its fields, written as one object literal of a fixed shape (the key
 * order is the answer's byte order).
 *
 * @param createdAtMs - Unix ms of the first write (the model's time origin already added); `updatedAtMs` of the last.
 */
export function metafieldJsonOf(
  id: number,
  namespace: string,
  key: string,
  value: string,
  type: string,
  ownerId: number,
  ownerType: MetafieldOwnerType,
  createdAtMs: number,
  updatedAtMs: number,
): MetafieldJson {
  return {
    id,
    namespace,
    key,
    value,
    type,
    description: null,
    owner_id: ownerId,
    owner_resource: ownerType === 'Customer' ? 'customer' : 'order',
    created_at: isoTime(createdAtMs),
    updated_at: isoTime(updatedAtMs),
    admin_graphql_api_id: `gid://shopify/Metafield/${id}`,
  };
}
