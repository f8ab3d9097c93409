import { fail, ok, type Result } from '../runtime/result.js';

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
}

/** Defaults of {@link MetafieldStoreOptions}. */
export const defaultMetafieldStoreOptions: Readonly<MetafieldStoreOptions> = {
  maxPerOwner: 250,
  maxPerShop: 1_000_000,
  firstId: 9_000_000_000_001,
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

/**
 * One shop's metafields, keyed by owner and `namespace.key` (one metafield per key per resource, as on
 * Shopify). Writes go through {@link MetafieldStore.set}; the caps of {@link MetafieldStoreOptions}
 * bound its size.
 */
export class MetafieldStore implements MetafieldView {
  private readonly options: MetafieldStoreOptions;
  private readonly byOwner = new Map<string, Map<string, MetafieldRecord>>();
  private readonly byId = new Map<number, MetafieldRecord>();
  private nextId: number;

  constructor(options: Partial<MetafieldStoreOptions> = {}) {
    this.options = { ...defaultMetafieldStoreOptions, ...options };
    this.nextId = this.options.firstId;
  }

  /** How many metafields the shop holds. */
  get count(): number {
    return this.byId.size;
  }

  /** The metafields of one resource, oldest first (optionally only one namespace, or one key). */
  list(ownerType: MetafieldOwnerType, ownerId: number, filter: { namespace?: string; key?: string } = {}) {
    // One metafield asked by namespace and key (a read-modify-write's read): a map lookup, no scan.
    if (filter.namespace !== undefined && filter.key !== undefined) {
      const found = this.find(ownerType, ownerId, filter.namespace, filter.key);
      return found === undefined ? [] : [found];
    }
    const all = [...(this.byOwner.get(ownerKey(ownerType, ownerId))?.values() ?? [])];
    return all.filter(
      (m) =>
        (filter.namespace === undefined || m.namespace === filter.namespace) &&
        (filter.key === undefined || m.key === filter.key),
    );
  }

  /** The metafield `namespace.key` of one resource, or undefined. */
  find(ownerType: MetafieldOwnerType, ownerId: number, namespace: string, key: string) {
    return this.byOwner.get(ownerKey(ownerType, ownerId))?.get(`${namespace}.${key}`);
  }

  /** The metafield with this id, or undefined. */
  get(id: number): MetafieldRecord | undefined {
    return this.byId.get(id);
  }

  /**
   * Creates `namespace.key` on the resource, or (with `upsert`, as `metafieldsSet` does) overwrites it.
   * Without `upsert` an existing key is refused with Shopify's uniqueness error (seen:
   * Shopify/shopify-api-ruby issue 813, `key: must be unique within this namespace on this resource`).
   * A value whose type changes on an existing metafield is refused too (doc: a metafield's type is fixed
   * once set; `metafieldsSet` answers `INVALID_TYPE`).
   */
  set(
    ownerType: MetafieldOwnerType,
    ownerId: number,
    write: MetafieldWrite,
    nowMs: number,
    upsert: boolean,
  ): Result<{ record: MetafieldRecord; created: boolean }, MetafieldRefusal> {
    const key = ownerKey(ownerType, ownerId);
    const owned = this.byOwner.get(key);
    const current = owned?.get(`${write.namespace}.${write.key}`);
    if (current !== undefined) {
      if (!upsert) {
        return fail({
          status: 422,
          errors: { key: ['must be unique within this namespace on this resource'] },
          code: 'TAKEN',
        });
      }
      return this.update(current.id, write.value, write.type, nowMs).ok
        ? ok({ record: this.byId.get(current.id) as MetafieldRecord, created: false })
        : fail(typeChanged(current.type));
    }
    if ((owned?.size ?? 0) >= this.options.maxPerOwner) {
      const errors = `a ${ownerType.toLowerCase()} may carry at most ${this.options.maxPerOwner} metafields in the mock; delete some first`;
      return fail({ status: 422, errors: { base: [errors] }, code: 'LESS_THAN' });
    }
    if (this.byId.size >= this.options.maxPerShop) {
      const errors = `the shop holds the mock's limit of ${this.options.maxPerShop} metafields`;
      return fail({ status: 422, errors: { base: [errors] }, code: 'LESS_THAN' });
    }
    const record: MetafieldRecord = {
      id: this.nextId++,
      ownerType,
      ownerId,
      ...write,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
      writes: 1,
    };
    const map = owned ?? new Map<string, MetafieldRecord>();
    map.set(`${write.namespace}.${write.key}`, record);
    this.byOwner.set(key, map);
    this.byId.set(record.id, record);
    return ok({ record, created: true });
  }

  /** Replaces the value of metafield `id` (its type may be restated, not changed). */
  update(
    id: number,
    value: string,
    type: string | undefined,
    nowMs: number,
  ): Result<MetafieldRecord, MetafieldRefusal> {
    const current = this.byId.get(id);
    if (current === undefined) return fail({ status: 404, errors: 'Not Found', code: 'NOT_FOUND' });
    if (type !== undefined && type !== current.type) return fail(typeChanged(current.type));
    const next: MetafieldRecord = { ...current, value, updatedAtMs: nowMs, writes: current.writes + 1 };
    this.byId.set(id, next);
    this.byOwner
      .get(ownerKey(current.ownerType, current.ownerId))
      ?.set(`${current.namespace}.${current.key}`, next);
    return ok(next);
  }

  /** Calls `visit` for every metafield named `namespace.key`, on any resource of `ownerType`. */
  forEachNamed(
    ownerType: MetafieldOwnerType,
    namespace: string,
    key: string,
    visit: (record: MetafieldRecord) => void,
  ): void {
    for (const record of this.byId.values()) {
      if (record.ownerType === ownerType && record.namespace === namespace && record.key === key)
        visit(record);
    }
  }
}

function ownerKey(ownerType: MetafieldOwnerType, ownerId: number): string {
  return `${ownerType}/${ownerId}`;
}

function typeChanged(type: string): MetafieldRefusal {
  return {
    status: 422,
    errors: { type: [`must stay ${type}: a metafield's type cannot change`] },
    code: 'INVALID_TYPE',
  };
}
