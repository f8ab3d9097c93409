/** Settings of one shop's {@link CustomerStore}. */
export interface CustomerStoreOptions {
  /** How many customers the shop has; ids run `firstCustomerId … firstCustomerId + count − 1`. Defaults to 10,000. */
  count: number;
  /** The first customer id. Defaults to 7 000 000 000 001: above 2³² like real ids, so 32-bit bugs show. */
  firstCustomerId: number;
  /** The Unix time, in ms, of the model's time 0 (the customers' `created_at`). Defaults to 0. */
  timeOriginMs: number;
}

/** Defaults of {@link CustomerStoreOptions}. */
export const defaultCustomerStoreOptions: Readonly<CustomerStoreOptions> = {
  count: 10_000,
  firstCustomerId: 7_000_000_000_001,
  timeOriginMs: 0,
};

/** One customer as the mock keeps it. Money is in integer cents, so sums are exact. */
export interface CustomerRecord {
  readonly id: number;
  /**
   * The integration's running total of the customer's orders, in cents. In Shopify `total_spent` and
   * `orders_count` are computed by Shopify itself; the mock makes them writable so that the
   * read-modify-write an integration does on a customer (a loyalty balance, a metafield) can be raced
   * and audited: after a run each must equal the sum over that customer's orders, or an update was lost.
   */
  totalSpentCents: number;
  /** The integration's running count of the customer's orders (see `totalSpentCents`). */
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

/** A change to a customer; fields left undefined stay as they are. */
export interface CustomerPatch {
  totalSpentCents?: number;
  ordersCount?: number;
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
  /** Calls `visit` for every customer written at least once, in the order of their first write. */
  forEachWritten(visit: (record: Readonly<CustomerRecord>) => void): void;
}

/**
 * One shop's customers. They exist from the start (ids from `firstCustomerId`, `count` of them) but a
 * record is only allocated when first written, so a shop of a million customers costs nothing until
 * used.
 */
export class CustomerStore implements CustomerView {
  private readonly options: CustomerStoreOptions;
  private readonly records = new Map<number, CustomerRecord>();

  /** @param options - Partial settings; the rest from {@link defaultCustomerStoreOptions}. */
  constructor(options: Partial<CustomerStoreOptions> = {}) {
    this.options = { ...defaultCustomerStoreOptions, ...options };
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
    return this.records.get(id) ?? blankCustomer(id, this.options.timeOriginMs);
  }

  /** Applies `patch` to the customer at `nowMs` (virtual ms); undefined when there is no such customer. */
  update(
    id: number,
    patch: CustomerPatch,
    nowMs: number,
    fencingToken?: number,
  ): Readonly<CustomerRecord> | undefined {
    if (!this.has(id)) return undefined;
    const record = this.records.get(id) ?? blankCustomer(id, this.options.timeOriginMs);
    const next: CustomerRecord = {
      ...record,
      totalSpentCents: patch.totalSpentCents ?? record.totalSpentCents,
      ordersCount: patch.ordersCount ?? record.ordersCount,
      tags: patch.tags ?? record.tags,
      note: patch.note === undefined ? record.note : patch.note,
      updatedAtMs: this.options.timeOriginMs + nowMs,
      updates: record.updates + 1,
      highestFencingToken: Math.max(record.highestFencingToken, fencingToken ?? -1),
    };
    this.records.set(id, next);
    return next;
  }

  /**
   * Raises the highest fencing token the customer has seen to `fencingToken` without changing the record
   * (a fenced read: the new holder's read shuts out older holders' writes). False when there is no such
   * customer.
   */
  noteFencingToken(id: number, fencingToken: number): boolean {
    if (!this.has(id)) return false;
    const record = this.records.get(id) ?? blankCustomer(id, this.options.timeOriginMs);
    if (fencingToken > record.highestFencingToken)
      this.records.set(id, { ...record, highestFencingToken: fencingToken });
    return true;
  }

  /** Calls `visit` for every customer written at least once, in the order of their first write. */
  forEachWritten(visit: (record: Readonly<CustomerRecord>) => void): void {
    for (const record of this.records.values()) visit(record);
  }
}

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
