/**
 * What a shop's metafields are made of, as {@link MetafieldStore} (metafield-store.ts) keeps, takes and
 * refuses them: its records, writes, refusals and settings.
 */

/** The resources a metafield can hang on in the model. */
export type MetafieldOwnerType = 'Customer' | 'Order';

/** One metafield as the mock keeps it (shopify.dev/docs/api/admin-rest — Metafield resource). */
export interface MetafieldRecord {
  readonly id: number;
  readonly ownerType: MetafieldOwnerType;
  readonly ownerId: number;
  readonly namespace: string;
  readonly key: string;
  /** The value as Shopify stores it: always a string, whatever the type. */
  readonly value: string;
  /** The metafield type, e.g. `json`, `number_integer`, `single_line_text_field`. */
  readonly type: string;
  /** Virtual ms of the first and last write. */
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  /** Writes accepted so far (the create counts as one). */
  readonly writes: number;
}

/** A validated write of one metafield: what a create, an update or a `metafieldsSet` input carries. */
export interface MetafieldWrite {
  namespace: string;
  key: string;
  value: string;
  type: string;
}

/** Settings of one shop's {@link MetafieldStore}: caps, so no client can grow the model without bound. */
export interface MetafieldStoreOptions {
  /** The most metafields one resource may carry. Shopify publishes no cap; a guard. Defaults to 250. */
  maxPerOwner: number;
  /** The most metafields the shop may hold. A guard. Defaults to 1,000,000. */
  maxPerShop: number;
  /** The first metafield id. Defaults to 9 000 000 000 001 (above 2³², as real ids are). */
  firstId: number;
  /**
   * The ids the shop's customers have (`firstId … firstId + count − 1`, as the customer store gives
   * them), whose metafields are found through a {@link SparseIndex} by position rather than a map keyed
   * by id; other owner ids still work. Defaults to none.
   */
  customerIds: { firstId: number; count: number } | undefined;
}

/** Defaults of {@link MetafieldStoreOptions}. */
export const defaultMetafieldStoreOptions: Readonly<MetafieldStoreOptions> = {
  maxPerOwner: 250,
  maxPerShop: 1_000_000,
  firstId: 9_000_000_000_001,
  customerIds: undefined,
};

/** Why a write was refused: the HTTP status (REST) and Shopify's `errors` value. */
export interface MetafieldRefusal {
  status: 422 | 404;
  errors: Record<string, string[]> | string;
  /** The `metafieldsSet` user error code this refusal maps to (doc: MetafieldsSetUserErrorCode). */
  code: 'INVALID_VALUE' | 'INVALID_TYPE' | 'TAKEN' | 'LESS_THAN' | 'TOO_LONG' | 'BLANK' | 'NOT_FOUND';
}

/** Read access to a shop's metafields, for the audit and the reports. */
export interface MetafieldView {
  readonly count: number;
  find(
    ownerType: MetafieldOwnerType,
    ownerId: number,
    namespace: string,
    key: string,
  ): MetafieldRecord | undefined;
  forEachNamed(
    ownerType: MetafieldOwnerType,
    namespace: string,
    key: string,
    visit: (record: MetafieldRecord) => void,
  ): void;
}
