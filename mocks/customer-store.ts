import { Float64Column } from './float64-column.js';
import { Int32Column } from './int32-column.js';
import { SparseIndex } from './sparse-index.js';

/** Settings of one shop's {@link CustomerStore}. */
export interface CustomerStoreOptions {
  /** How many customers the shop has; ids run `firstCustomerId … firstCustomerId + count − 1`. Defaults to 10,000. */
  count: number;
  /** The first customer id. Defaults to 7 000 000 000 001: above 2³² like real ids, so 32-bit bugs show. */
  firstCustomerId: number;
  /** The Unix time, in ms, of the model's time 0 (the customers' `created_at`). Defaults to 0. */
  timeOriginMs: number;
  /**
   * The sum (cents) and number of a customer's orders, which Shopify computes and the record shows as
   * `totalSpentCents` and `ordersCount`. Defaults to none (0 and 0).
   */
  totalsOf: ((customerId: number) => { cents: number; count: number }) | undefined;
}

/** Defaults of {@link CustomerStoreOptions}. */
export const defaultCustomerStoreOptions: Readonly<CustomerStoreOptions> = {
  count: 10_000,
  firstCustomerId: 7_000_000_000_001,
  timeOriginMs: 0,
  totalsOf: undefined,
};

/** One customer as the mock keeps it. Money is in integer cents, so sums are exact. */
export interface CustomerRecord {
  readonly id: number;
  /**
   * The sum of the customer's orders, in cents: Shopify's `total_spent` (GraphQL `amountSpent`), a
   * statistic Shopify computes from the orders and no app can write (../shared/SHOPIFY.md, "Customers and
   * what apps may write"). The mock computes it from the shop's orders on every read; a write of it is
   * ignored (customer-input.ts says why).
   */
  totalSpentCents: number;
  /** The number of the customer's orders: Shopify's `orders_count` (GraphQL `numberOfOrders`), computed. */
  ordersCount: number;
  /** Comma-and-space separated tags, as Shopify stores them. */
  tags: string;
  note: string | null;
  /** Unix ms when the shop's customers came to be: the model's time 0 (`timeOriginMs`). */
  createdAtMs: number;
  /** Virtual ms of the last update (or 0, the shop's creation, for a customer never written). */
  updatedAtMs: number;
  /** Writes accepted so far. */
  updates: number;
  /**
   * The highest fencing token a write has carried, or −1. Issue 4's fenced mutex: a write whose token is
   * older than this one is refused when the model checks fencing.
   */
  highestFencingToken: number;
}

/** A change to a customer; fields left undefined stay as they are. The computed totals are not writable. */
export interface CustomerPatch {
  tags?: string;
  note?: string | null;
}

/** Read access to a shop's customers, for the audit and the reports. */
export interface CustomerView {
  /** The number of customers the shop has. */
  readonly count: number;
  /** True when the shop has a customer with this id. */
  has(id: number): boolean;
  /** The customer with this id (a blank record when never written), or undefined when there is none. */
  get(id: number): Readonly<CustomerRecord> | undefined;
  /** The writes accepted so far for customer `id` (its record's `updates`) without making the record; 0 when none. */
  updatesOf(id: number): number;
  /** Calls `visit` for every customer written at least once, in the order of their first write. */
  forEachWritten(visit: (record: Readonly<CustomerRecord>) => void): void;
}

/**
 * One shop's customers. They exist from the start (ids from `firstCustomerId`, `count` of them) but a
 * record is only allocated when first written, so a shop of a million customers costs little until
 * used (a page table of 8 bytes per 8,192 customers).
 *
 * A written customer is a slot in flat columns (issue 12, bounded memory: about 50 bytes per written
 * customer where a map of record objects keyed by the customer's id cost about 200), found by its
 * position (`id − firstCustomerId`) in a {@link SparseIndex}: 4 bytes per customer of a page in use, where
 * a map entry per written customer cost about 30; tags and notes other than the blank ones sit in maps of
 * their own. A {@link CustomerRecord} is made when asked for.
 */
export class CustomerStore implements CustomerView {
  private readonly options: CustomerStoreOptions;
  /** Position (`id − firstCustomerId`) → slot, for customers written at least once; slots in first-write order. */
  private readonly slots: SparseIndex;
  private readonly positions = new Int32Column(-1, 16);
  private readonly updatedAtMs = new Float64Column(16);
  private readonly updates = new Int32Column(-1, 16);
  private readonly highestFencingToken = new Float64Column(16);
  /** Slot → tags, for customers whose tags are not blank. */
  private readonly tags = new Map<number, string>();
  /** Slot → note, for customers whose note is not null. */
  private readonly notes = new Map<number, string>();

  /** @param options - Partial settings; the rest from {@link defaultCustomerStoreOptions}. */
  constructor(options: Partial<CustomerStoreOptions> = {}) {
    this.options = { ...defaultCustomerStoreOptions, ...options };
    this.slots = new SparseIndex(this.options.count);
  }

  /** The number of customers the shop has. */
  get count(): number {
    return this.options.count;
  }

  /** The id of the customer at position `index` (`0 … count − 1`). */
  idAt(index: number): number {
    return this.options.firstCustomerId + index;
  }

  /** True when the shop has a customer with this id. */
  has(id: number): boolean {
    const index = id - this.options.firstCustomerId;
    return Number.isInteger(index) && index >= 0 && index < this.options.count;
  }

  /** The customer with this id (a fresh, never-written record when it was never written), or undefined. */
  get(id: number): Readonly<CustomerRecord> | undefined {
    if (!this.has(id)) return undefined;
    return this.withTotals(this.record(id, this.slots.get(id - this.options.firstCustomerId)));
  }

  /** The record with the totals Shopify computes from the orders (see `totalsOf`). */
  private withTotals(record: CustomerRecord): CustomerRecord {
    const totals = this.options.totalsOf?.(record.id);
    if (totals === undefined) return record;
    record.totalSpentCents = totals.cents;
    record.ordersCount = totals.count;
    return record;
  }

  /** Applies `patch` to the customer at `nowMs` (virtual ms); undefined when there is no such customer. */
  update(
    id: number,
    patch: CustomerPatch,
    nowMs: number,
    fencingToken?: number,
  ): Readonly<CustomerRecord> | undefined {
    if (!this.has(id)) return undefined;
    return this.withTotals(this.record(id, this.apply(id, patch, nowMs, fencingToken)));
  }

  /**
   * Counts a write of the customer at `nowMs` (virtual ms) that changes none of its fields — a write of
   * one of its metafields — with its fencing token: {@link CustomerStore.update} with an empty patch, without
   * making the record nobody reads (and the order totals it shows). False when there is no such customer.
   */
  noteWrite(id: number, nowMs: number, fencingToken?: number): boolean {
    if (!this.has(id)) return false;
    this.apply(id, noChange, nowMs, fencingToken);
    return true;
  }

  /** The highest fencing token a write or fenced read of the customer has carried; −1 when none or no such customer. */
  highestFencingTokenOf(id: number): number {
    if (!this.has(id)) return -1;
    const slot = this.slots.get(id - this.options.firstCustomerId);
    return slot === -1 ? -1 : this.highestFencingToken.at(slot);
  }

  /** The writes accepted so far for the customer (its record's `updates`); 0 when none or no such customer. */
  updatesOf(id: number): number {
    if (!this.has(id)) return 0;
    const slot = this.slots.get(id - this.options.firstCustomerId);
    return slot === -1 ? 0 : this.updates.at(slot);
  }

  /** Applies a write to customer `id` (an existing one) and returns its slot. */
  private apply(id: number, patch: CustomerPatch, nowMs: number, fencingToken: number | undefined): number {
    const slot = this.slotOf(id);
    if (patch.tags !== undefined) {
      if (patch.tags === '') this.tags.delete(slot);
      else this.tags.set(slot, patch.tags);
    }
    if (patch.note !== undefined) {
      if (patch.note === null) this.notes.delete(slot);
      else this.notes.set(slot, patch.note);
    }
    this.updatedAtMs.set(slot, this.options.timeOriginMs + nowMs);
    this.updates.set(slot, this.updates.at(slot) + 1);
    if (fencingToken !== undefined && fencingToken > this.highestFencingToken.at(slot))
      this.highestFencingToken.set(slot, fencingToken);
    return slot;
  }

  /**
   * Raises the highest fencing token the customer has seen to `fencingToken` without changing the record
   * (a fenced read: the new holder's read shuts out older holders' writes). False when there is no such
   * customer.
   */
  noteFencingToken(id: number, fencingToken: number): boolean {
    if (!this.has(id)) return false;
    const known = this.slots.get(id - this.options.firstCustomerId);
    if (known !== -1 && fencingToken <= this.highestFencingToken.at(known)) return true;
    // As before the columns, a token that raises nothing leaves a never-written customer unallocated.
    if (known === -1 && fencingToken <= -1) return true;
    this.highestFencingToken.set(known === -1 ? this.slotOf(id) : known, fencingToken);
    return true;
  }

  /** Calls `visit` for every customer written at least once, in the order of their first write. */
  forEachWritten(visit: (record: Readonly<CustomerRecord>) => void): void {
    for (let slot = 0; slot < this.positions.length; slot++)
      visit(this.withTotals(this.record(this.idAt(this.positions.at(slot)), slot)));
  }

  /** The customer's slot, allocated (as a blank record) when it has none. */
  private slotOf(id: number): number {
    const position = id - this.options.firstCustomerId;
    const known = this.slots.get(position);
    if (known !== -1) return known;
    const slot = this.positions.push(position);
    this.slots.set(position, slot);
    this.updatedAtMs.push(this.options.timeOriginMs);
    this.updates.push(0);
    this.highestFencingToken.push(-1);
    return slot;
  }

  /** The record of customer `id` from its slot, or a blank one when it has none (−1). */
  private record(id: number, slot: number): CustomerRecord {
    if (slot === -1) return blankCustomer(id, this.options.timeOriginMs);
    return {
      id,
      totalSpentCents: 0,
      ordersCount: 0,
      tags: this.tags.get(slot) ?? '',
      note: this.notes.get(slot) ?? null,
      createdAtMs: this.options.timeOriginMs,
      updatedAtMs: this.updatedAtMs.at(slot),
      updates: this.updates.at(slot),
      highestFencingToken: this.highestFencingToken.at(slot),
    };
  }
}

/** The patch of a write that changes no field. */
const noChange: CustomerPatch = {};

function blankCustomer(id: number, createdAtMs: number): CustomerRecord {
  return {
    id,
    totalSpentCents: 0,
    ordersCount: 0,
    tags: '',
    note: null,
    createdAtMs,
    updatedAtMs: createdAtMs,
    updates: 0,
    highestFencingToken: -1,
  };
}
