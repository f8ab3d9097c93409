import { PagedArray } from '../mocks/paged-array.js';
import { NumberedIds } from '../mocks/numbered-ids.js';
import { CompactNumberColumn } from './compact-number-column.js';
import type { OperationKind, OperationType } from './history.js';

/** The operation kinds by their code in {@link HistoryColumns.kind}. */
export const kinds: readonly OperationKind[] = [
  'order.create',
  'order.lookup',
  'customer.read',
  'customer.write',
  'other',
];
/** The client's outcomes by their code in {@link HistoryColumns.type}; index 0 is "not completed yet". */
export const types: readonly (OperationType | undefined)[] = [undefined, 'ok', 'fail', 'info'];

/** Float64Array pages: times, NaN when absent. */
const float64Pages = (length: number): Float64Array => new Float64Array(length);
const uint8Pages = (length: number): Uint8Array => new Uint8Array(length);

/**
 * A history's fields as columns, one row per operation, in pages that never copy (mocks/paged-array.ts):
 * numbers in typed arrays (an absent time or token is NaN, an absent status 0), source order and customer
 * ids as numbers that give them back (issue 12: a few bytes per request).
 */
export class HistoryColumns {
  /** Rows in use. */
  length = 0;
  readonly kind = new PagedArray(uint8Pages);
  readonly type = new PagedArray(uint8Pages);
  readonly applied = new PagedArray(uint8Pages);
  readonly status = new PagedArray((length) => new Uint16Array(length));
  /** Tokens, source order codes and customer codes are integers near one another: 4 bytes a row. */
  readonly fencingToken = new CompactNumberColumn();
  readonly invokeMs = new PagedArray(float64Pages);
  readonly shopMs = new PagedArray(float64Pages);
  readonly completeMs = new PagedArray(float64Pages);
  /** Each row's source order id as a code of {@link HistoryColumns.sourceOrderIds}; NaN when none. */
  readonly sourceOrder = new CompactNumberColumn();
  /** The codes of source order ids: `so-000123` as 123, so the history keeps no string per order. */
  readonly sourceOrderIds = new NumberedIds('so-');
  /**
   * Each row's customer id: the number a shop id in decimal digits reads as (`7000000000001`), so a run
   * with a million customers keeps no string per customer; else −1 − its position in `otherCustomerIds`;
   * NaN when the operation names no customer.
   */
  readonly customer = new CompactNumberColumn();
  private readonly otherCustomerIds: string[] = [];
  private readonly otherCustomerIndex = new Map<string, number>();

  /** Adds an invoked operation; returns its row. */
  add(
    kind: OperationKind,
    sourceOrderId: string | undefined,
    customerId: string | undefined,
    fencingToken: number | undefined,
    invokeMs: number,
  ): number {
    const row = this.length++;
    // Every column grows with `kind`, a page at a time: one test per row, not a list of columns per row.
    if (row >= this.kind.capacity) this.reserve(row + 1);
    this.kind.put(row, kinds.indexOf(kind));
    this.type.put(row, 0);
    this.applied.put(row, 0);
    this.status.put(row, 0);
    this.fencingToken.put(row, fencingToken ?? Number.NaN);
    this.invokeMs.put(row, invokeMs);
    this.shopMs.put(row, Number.NaN);
    this.completeMs.put(row, Number.NaN);
    this.sourceOrder.put(
      row,
      sourceOrderId === undefined ? Number.NaN : this.sourceOrderIds.code(sourceOrderId),
    );
    this.customer.put(row, customerId === undefined ? Number.NaN : this.customerCode(customerId));
    return row;
  }

  /** The source order id of `row`; undefined when the request named none. */
  sourceOrderId(row: number): string | undefined {
    const code = this.sourceOrder.get(row);
    return Number.isNaN(code) ? undefined : this.sourceOrderIds.id(code);
  }

  /** The customer id of `row`, as the request named it; undefined when it named none. */
  customerId(row: number): string | undefined {
    const code = this.customer.get(row);
    if (Number.isNaN(code)) return undefined;
    return code >= 0 ? String(code) : this.otherCustomerIds[-1 - code];
  }

  /** The shop decided `row` at `shopMs`; `applied` as {@link HistoryOperation.applied}. */
  decide(row: number, shopMs: number, applied: boolean): void {
    this.shopMs.put(row, shopMs);
    this.applied.put(row, applied ? 1 : 0);
  }

  /** The client got the result of `row` (`status` 0 for a network error). */
  complete(row: number, completeMs: number, type: OperationType, status: number): void {
    this.completeMs.put(row, completeMs);
    this.type.put(row, types.indexOf(type));
    this.status.put(row, status);
  }

  /** A customer id as a number that gives it back exactly: its digits, or a position in the table. */
  private customerCode(customerId: string): number {
    if (/^(0|[1-9]\d{0,14})$/.test(customerId)) return Number(customerId);
    let index = this.otherCustomerIndex.get(customerId);
    if (index === undefined) {
      index = this.otherCustomerIds.push(customerId) - 1;
      this.otherCustomerIndex.set(customerId, index);
    }
    return -1 - index;
  }

  private reserve(rows: number): void {
    for (const column of [
      this.kind,
      this.type,
      this.applied,
      this.status,
      this.fencingToken,
      this.invokeMs,
      this.shopMs,
      this.completeMs,
      this.customer,
      this.sourceOrder,
    ])
      column.reserve(rows);
  }
}
