import { fail, ok, type Result } from '../runtime/result.js';
import { Float64Column } from './float64-column.js';
import { Int32Column } from './int32-column.js';
import {
  defaultMetafieldStoreOptions,
  type MetafieldOwnerType,
  type MetafieldRecord,
  type MetafieldRefusal,
  type MetafieldStoreOptions,
  type MetafieldView,
  type MetafieldWrite,
} from './metafield-record.js';
import { metafieldJsonOf, type MetafieldJson } from './metafield-json.js';
import { MetafieldFirstSlots } from './metafield-first-slots.js';

// The store's types live in metafield-record.ts; `MetafieldView` and the records are read from there.
export type {
  MetafieldOwnerType,
  MetafieldRecord,
  MetafieldView,
  MetafieldWrite,
} from './metafield-record.js';

/** Owner types as stored in the owner-type column. */
const ownerTypes: readonly MetafieldOwnerType[] = ['Customer', 'Order'];

/**
 * One shop's metafields, keyed by owner and `namespace.key` (one metafield per key per resource, as on
 * Shopify). Writes go through {@link MetafieldStore.set}; the caps of {@link MetafieldStoreOptions}
 * bound its size.
 *
 * Stored column-wise (issue 12, bounded memory: a run of 1,000,000 orders has a loyalty metafield on each
 * of ~400,000 customers): slot `i` is metafield id `firstId + i` (ids are never reused, so no id index),
 * numbers in flat columns, namespace, key and type as indexes into a table of the distinct ones, and
 * each owner's metafields as a chain of slots from its first: a shop's customer's by position in a
 * sparse index (`customerIds`), any other owner's from a map keyed by its numeric id. A
 * {@link MetafieldRecord} is made when asked for; it is a snapshot, as the records of the map of objects
 * this replaced were (about 670 bytes per customer, then about 120 plus the value, now about 80).
 */
export class MetafieldStore implements MetafieldView {
  private readonly options: MetafieldStoreOptions;
  /** Each owner's first slot (metafield-first-slots.ts). */
  private readonly firstSlots: MetafieldFirstSlots;
  /** Slot → the next slot of the same owner, or −1. */
  private readonly nextOfOwner = new Int32Column(-1, 16);
  private readonly ownerType = new Int32Column(-1, 16);
  private readonly ownerId = new Float64Column(16);
  private readonly namespace = new Int32Column(-1, 16);
  private readonly key = new Int32Column(-1, 16);
  private readonly type = new Int32Column(-1, 16);
  private readonly values: string[] = [];
  private readonly createdAtMs = new Float64Column(16);
  private readonly updatedAtMs = new Float64Column(16);
  private readonly writes = new Int32Column(-1, 16);
  /** Namespaces, keys and types, each distinct string once: `names[id]`, `nameIds.get(name)`. */
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();

  constructor(options: Partial<MetafieldStoreOptions> = {}) {
    this.options = { ...defaultMetafieldStoreOptions, ...options };
    this.firstSlots = new MetafieldFirstSlots(this.options.customerIds);
  }

  /** How many metafields the shop holds. */
  get count(): number {
    return this.values.length;
  }

  /** The metafields of one resource, oldest first (optionally only one namespace, or one key). */
  list(ownerType: MetafieldOwnerType, ownerId: number, filter: { namespace?: string; key?: string } = {}) {
    return this.listed(ownerType, ownerId, filter, Number.NaN) as MetafieldRecord[];
  }

  /**
   * The metafields {@link MetafieldStore.list} finds, in Shopify's REST JSON shape (metafield-json.ts),
   * written from the columns with no record in between: every loyalty read answers with them.
   *
   * @param timeOriginMs - The Unix time, in ms, of the model's time 0.
   */
  listJson(
    ownerType: MetafieldOwnerType,
    ownerId: number,
    filter: { namespace?: string | undefined; key?: string | undefined },
    timeOriginMs: number,
  ): MetafieldJson[] {
    return this.listed(ownerType, ownerId, filter, timeOriginMs) as MetafieldJson[];
  }

  /** {@link MetafieldStore.list}'s records when `timeOriginMs` is NaN, else {@link MetafieldStore.listJson}'s JSON. */
  private listed(
    ownerType: MetafieldOwnerType,
    ownerId: number,
    filter: { namespace?: string | undefined; key?: string | undefined },
    timeOriginMs: number,
  ): (MetafieldRecord | MetafieldJson)[] {
    const namespace = filter.namespace === undefined ? -1 : this.nameIds.get(filter.namespace);
    const key = filter.key === undefined ? -1 : this.nameIds.get(filter.key);
    const found: (MetafieldRecord | MetafieldJson)[] = [];
    if (namespace === undefined || key === undefined) return found;
    const json = !Number.isNaN(timeOriginMs);
    for (let slot = this.firstSlots.get(ownerType, ownerId); slot !== -1; slot = this.nextOfOwner.at(slot)) {
      if (namespace !== -1 && this.namespace.at(slot) !== namespace) continue;
      if (key === -1 || this.key.at(slot) === key) {
        found.push(json ? this.jsonOfSlot(slot, timeOriginMs) : this.record(slot));
      }
    }
    return found;
  }

  /** The metafield with this id in Shopify's REST JSON shape (see {@link MetafieldStore.listJson}), or undefined. */
  json(id: number, timeOriginMs: number): MetafieldJson | undefined {
    const slot = id - this.options.firstId;
    return Number.isInteger(slot) && slot >= 0 && slot < this.count
      ? this.jsonOfSlot(slot, timeOriginMs)
      : undefined;
  }

  /** The metafield `namespace.key` of one resource, or undefined. */
  find(ownerType: MetafieldOwnerType, ownerId: number, namespace: string, key: string) {
    const slot = this.slotOf(ownerType, ownerId, namespace, key);
    return slot === -1 ? undefined : this.record(slot);
  }

  /** The metafield with this id, or undefined. */
  get(id: number): MetafieldRecord | undefined {
    const slot = id - this.options.firstId;
    return Number.isInteger(slot) && slot >= 0 && slot < this.count ? this.record(slot) : undefined;
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
    const current = this.slotOf(ownerType, ownerId, write.namespace, write.key);
    if (current !== -1) {
      if (!upsert) {
        return fail({
          status: 422,
          errors: { key: ['must be unique within this namespace on this resource'] },
          code: 'TAKEN',
        });
      }
      const updated = this.update(this.options.firstId + current, write.value, write.type, nowMs);
      return updated.ok ? ok({ record: updated.value, created: false }) : fail(updated.reason);
    }
    let owned = 0;
    let last = -1;
    for (let slot = this.firstSlots.get(ownerType, ownerId); slot !== -1; slot = this.nextOfOwner.at(slot)) {
      owned++;
      last = slot;
    }
    if (owned >= this.options.maxPerOwner) {
      const errors = `a ${ownerType.toLowerCase()} may carry at most ${this.options.maxPerOwner} metafields in the mock; delete some first`;
      return fail({ status: 422, errors: { base: [errors] }, code: 'LESS_THAN' });
    }
    if (this.count >= this.options.maxPerShop) {
      const errors = `the shop holds the mock's limit of ${this.options.maxPerShop} metafields`;
      return fail({ status: 422, errors: { base: [errors] }, code: 'LESS_THAN' });
    }
    const slot = this.values.push(write.value) - 1;
    this.nextOfOwner.push(-1);
    if (last === -1) this.firstSlots.set(ownerType, ownerId, slot);
    else this.nextOfOwner.set(last, slot);
    this.ownerType.push(ownerTypes.indexOf(ownerType));
    this.ownerId.push(ownerId);
    this.namespace.push(this.nameId(write.namespace));
    this.key.push(this.nameId(write.key));
    this.type.push(this.nameId(write.type));
    this.createdAtMs.push(nowMs);
    this.updatedAtMs.push(nowMs);
    this.writes.push(1);
    return ok({ record: this.record(slot), created: true });
  }

  /** Replaces the value of metafield `id` (its type may be restated, not changed). */
  update(
    id: number,
    value: string,
    type: string | undefined,
    nowMs: number,
  ): Result<MetafieldRecord, MetafieldRefusal> {
    const refused = this.updateValue(id, value, type, nowMs);
    return refused === undefined ? ok(this.record(id - this.options.firstId)) : fail(refused);
  }

  /**
   * {@link MetafieldStore.update} without the record of the result: undefined when applied, else why not.
   * The REST update answers with the metafield's JSON ({@link MetafieldStore.json}).
   */
  updateValue(
    id: number,
    value: string,
    type: string | undefined,
    nowMs: number,
  ): MetafieldRefusal | undefined {
    const slot = id - this.options.firstId;
    if (!(Number.isInteger(slot) && slot >= 0 && slot < this.count))
      return { status: 404, errors: 'Not Found', code: 'NOT_FOUND' };
    const currentType = this.names[this.type.at(slot)] ?? '';
    if (type !== undefined && type !== currentType) return typeChanged(currentType);
    this.values[slot] = value;
    this.updatedAtMs.set(slot, nowMs);
    this.writes.set(slot, this.writes.at(slot) + 1);
    return undefined;
  }

  /** Calls `visit` for every metafield named `namespace.key`, on any resource of `ownerType`, oldest first. */
  forEachNamed(
    ownerType: MetafieldOwnerType,
    namespace: string,
    key: string,
    visit: (record: MetafieldRecord) => void,
  ): void {
    const type = ownerTypes.indexOf(ownerType);
    const namespaceId = this.nameIds.get(namespace);
    const keyId = this.nameIds.get(key);
    if (namespaceId === undefined || keyId === undefined) return;
    for (let slot = 0; slot < this.count; slot++) {
      if (
        this.ownerType.at(slot) === type &&
        this.namespace.at(slot) === namespaceId &&
        this.key.at(slot) === keyId
      )
        visit(this.record(slot));
    }
  }

  /** The slot of the owner's `namespace.key`, or −1. */
  private slotOf(ownerType: MetafieldOwnerType, ownerId: number, namespace: string, key: string): number {
    const namespaceId = this.nameIds.get(namespace);
    const keyId = this.nameIds.get(key);
    if (namespaceId === undefined || keyId === undefined) return -1;
    for (let slot = this.firstSlots.get(ownerType, ownerId); slot !== -1; slot = this.nextOfOwner.at(slot))
      if (this.namespace.at(slot) === namespaceId && this.key.at(slot) === keyId) return slot;
    return -1;
  }

  private jsonOfSlot(slot: number, timeOriginMs: number): MetafieldJson {
    return metafieldJsonOf(
      this.options.firstId + slot,
      this.names[this.namespace.at(slot)] ?? '',
      this.names[this.key.at(slot)] ?? '',
      this.values[slot] ?? '',
      this.names[this.type.at(slot)] ?? '',
      this.ownerId.at(slot),
      ownerTypes[this.ownerType.at(slot)] ?? 'Customer',
      timeOriginMs + this.createdAtMs.at(slot),
      timeOriginMs + this.updatedAtMs.at(slot),
    );
  }

  private nameId(name: string): number {
    const known = this.nameIds.get(name);
    if (known !== undefined) return known;
    const id = this.names.push(name) - 1;
    this.nameIds.set(name, id);
    return id;
  }

  private record(slot: number): MetafieldRecord {
    return {
      id: this.options.firstId + slot,
      ownerType: ownerTypes[this.ownerType.at(slot)] ?? 'Customer',
      ownerId: this.ownerId.at(slot),
      namespace: this.names[this.namespace.at(slot)] ?? '',
      key: this.names[this.key.at(slot)] ?? '',
      value: this.values[slot] ?? '',
      type: this.names[this.type.at(slot)] ?? '',
      createdAtMs: this.createdAtMs.at(slot),
      updatedAtMs: this.updatedAtMs.at(slot),
      writes: this.writes.at(slot),
    };
  }
}

function typeChanged(type: string): MetafieldRefusal {
  return {
    status: 422,
    errors: { type: [`must stay ${type}: a metafield's type cannot change`] },
    code: 'INVALID_TYPE',
  };
}
