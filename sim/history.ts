import { fencingTokenHeader } from '../mocks/customers-api.js';
import type { Clock } from '../runtime/clock.js';
import { headerValue, type Dispatch, type DispatchResult, type HttpRequest } from '../runtime/transport.js';
import { sourceOrderHeader } from '../pipeline/shopify-requests.js';
import { PagedArray } from '../mocks/paged-array.js';
import { CompactNumberColumn } from './compact-number-column.js';
import { createSourceOrderId } from './create-source-id.js';
import { NumberedIds } from '../mocks/numbered-ids.js';
import type { ShopifyOutcome } from '../mocks/shopify-service.js';
import type { NetworkRecorder, ServerHandler } from './sim-network.js';

/** What an operation was, read from its method and path. */
export type OperationKind = 'order.create' | 'order.lookup' | 'customer.read' | 'customer.write' | 'other';

/**
 * How an operation ended as the client saw it, in Jepsen's terms: `ok` — it happened (a 2xx); `fail` — it
 * did not (an answer that says so: a 4xx, 429 and 409 among them); `info` — unknown (a 5xx, a reset, a
 * timeout: the write may have happened). An `info` write must be treated as possibly applied.
 */
export type OperationType = 'ok' | 'fail' | 'info';

/**
 * One request of a run, as the history records it: invoked by the client, decided by the shop, completed
 * at the client. Times are virtual ms.
 */
export interface HistoryOperation {
  /** Position in invoke order, from 0. */
  index: number;
  kind: OperationKind;
  /**
   * The source order the request worked for: for an order create, the one its body names in the note
   * attribute the shop stores (sim/create-source-id.ts); otherwise, or when the body names none, the
   * pipeline's `x-funnelstorm-order` header. Absent when neither names one.
   */
  sourceOrderId?: string;
  /** The customer id of a `customer.*` operation, as in the path. */
  customerId?: string;
  /** The fencing token the request carried (`x-funnelstorm-fencing-token`); absent when none. */
  fencingToken?: number;
  /** When the client sent it. */
  invokeMs: number;
  /** When it reached the shop and the shop decided it; absent when it never reached the shop. */
  shopMs?: number;
  /**
   * Whether the shop's state changed when it decided the request: an order was created (`order.create`) or
   * the customer record was written (`customer.write`). Always false for reads. Known to the history even
   * when the client was told the request failed (an ambiguous commit).
   */
  applied: boolean;
  /** When the client got the result; absent when the run ended first. */
  completeMs?: number;
  /** The client's view of the outcome; absent when the run ended first. */
  type?: OperationType;
  /** The HTTP status the client got; absent for a network error. */
  status?: number;
}

/**
 * A run's history as the checkers read it: every operation in invoke order, one pass at a time, or by its
 * row (its position, 0 …) — so a checker can keep row numbers instead of operations (issue 12). An array
 * of operations is one.
 */
export interface HistoryOperations extends Iterable<HistoryOperation> {
  /** Operations recorded. */
  readonly length: number;
  /** The operation at `row` (0 … length − 1), as it stands; undefined outside. */
  at(row: number): HistoryOperation | undefined;
}

/**
 * Counts that change when the shop applies an operation (its orders of a source id, a customer's writes);
 * the history compares the value before and after the shop decides a request.
 */
export type AppliedProbe = (operation: HistoryOperation) => number;

/** The client's view of a result, in Jepsen's terms (see {@link OperationType}). */
export function operationType(result: DispatchResult): OperationType {
  if (result.ok) {
    const { status } = result.response;
    if (status >= 200 && status < 300) return 'ok';
    return status >= 500 ? 'info' : 'fail';
  }
  // A refused request never left the client; every other network error may follow an applied write.
  return result.error.kind === 'refused' ? 'fail' : 'info';
}

const pathPattern = /\/admin\/api\/[^/]+\/(orders|customers\/([^/?#]+))\.json(?:[?#]|$)/;
/** A customer's metafields: the loyalty read-modify-write's list (read), create and update (writes). */
const customerMetafieldPattern =
  /\/admin\/api\/[^/]+\/customers\/([^/?#]+)\/metafields(\/[^/?#]+)?\.json(?:[?#]|$)/;

/** The kind of operation a request is, and its customer id, from its method and URL. */
export function classifyRequest(request: HttpRequest): { kind: OperationKind; customerId?: string } {
  const kind = requestKind(request);
  const customerId = classified.customerId;
  return customerId === undefined ? { kind } : { kind, customerId };
}

/**
 * The customer id the last {@link requestKind} read (undefined when the request named none): a field the
 * recorder reads back rather than an object per request (issue 12).
 */
const classified: { customerId: string | undefined } = { customerId: undefined };

/** {@link classifyRequest}'s kind, its customer id left in `classified`. */
function requestKind(request: HttpRequest): OperationKind {
  classified.customerId = undefined;
  const { url, method } = request;
  // Most requests name no metafield: a substring test spares them the pattern.
  const metafield = url.includes('/metafields') ? customerMetafieldPattern.exec(url) : null;
  if (metafield !== null) {
    const customerId = decodedSegment(metafield[1] ?? '');
    if (method === 'GET') return customerKind('customer.read', customerId);
    const write = metafield[2] === undefined ? method === 'POST' : method === 'PUT';
    return write ? customerKind('customer.write', customerId) : 'other';
  }
  const match = pathPattern.exec(url);
  if (match === null) return 'other';
  if (match[1] === 'orders') {
    if (method === 'POST') return 'order.create';
    return method === 'GET' ? 'order.lookup' : 'other';
  }
  const customerId = decodedSegment(match[2] ?? '');
  if (method === 'GET') return customerKind('customer.read', customerId);
  return method === 'PUT' ? customerKind('customer.write', customerId) : 'other';
}

function customerKind(kind: OperationKind, customerId: string): OperationKind {
  classified.customerId = customerId;
  return kind;
}

/** A path segment decoded; one without an escape is its own decoding, and is not copied. */
const decodedSegment = (segment: string): string =>
  segment.includes('%') ? decodeURIComponent(segment) : segment;

/**
 * Records a run's history in the style of Jepsen (../shared/DESIGN.md, "Properties"): one
 * {@link HistoryOperation} per request the client sends, with the shop's side of it. It sits on both ends
 * of the simulated network — as the network's `recorder` (sim-network.ts), or with
 * {@link HistoryRecorder.client} wrapping the transport the pipeline is given and
 * {@link HistoryRecorder.server} the shop's handler — and never looks inside the pipeline.
 *
 * The operations' fields live in typed-array columns ({@link HistoryColumns}); each operation that
 * `operations` yields is a fresh view of its row, made as it is read and kept only by a reader that keeps
 * it (issue 12: about 41 bytes per request instead of ~180 for an object per request, and no object per
 * request when the checkers read it).
 *
 * @example
 * const history = new HistoryRecorder(sim, probe);
 * const transport = createSimNetwork(sim, handler, random, { recorder: history });
 */
export class HistoryRecorder implements NetworkRecorder {
  private readonly columns = new HistoryColumns();
  /** A view the shop side moves from row to row, to probe an operation without a view per request. */
  private readonly cursor: OperationRow;
  private readonly inFlight = new WeakMap<HttpRequest, number>();

  /**
   * @param clock - The run's clock (invoke and completion times).
   * @param probe - Reads the count that an operation's application changes (see {@link AppliedProbe}).
   * @param sourceIdAttribute - The note attribute an order create names its source order in, as the shop
   *   stores it. Defaults to `source_order_id`.
   */
  constructor(
    private readonly clock: Clock,
    private readonly probe: AppliedProbe,
    private readonly sourceIdAttribute = 'source_order_id',
  ) {
    this.cursor = new OperationRow(this.columns, 0);
  }

  /**
   * Every operation so far, in invoke order, as it stands when iterated or read by row (`at`). Each pass
   * (and each `at`) makes a fresh view per row (a reader that keys a map by operation must key it within one pass); none is kept here, so a
   * million-order run's checkers do not hold millions of views at once, only the ones they keep.
   */
  get operations(): HistoryOperations {
    const { columns } = this;
    return {
      get length() {
        return columns.length;
      },
      at: (row) => (row >= 0 && row < columns.length ? new OperationRow(columns, row) : undefined),
      *[Symbol.iterator]() {
        for (let row = 0; row < columns.length; row++) yield new OperationRow(columns, row);
      },
    };
  }

  /**
   * Wraps the transport: each attempt becomes an operation, invoked now and completed with its result.
   * For a transport other than the simulated network; on that network, pass the recorder as its
   * `recorder` instead (no promise, copy or map per request).
   */
  client(next: Dispatch): Dispatch {
    return async (request, options) => {
      const row = this.invoked(request);
      // A copy per attempt: a retry sends the same request object again, and the shop side must find the
      // attempt it is deciding, not the latest one.
      const attempt = { ...request };
      this.inFlight.set(attempt, row);
      const result = await next(attempt, options);
      this.completed(row, result);
      return result;
    };
  }

  /** Wraps the shop's handler behind a {@link HistoryRecorder.client}-wrapped transport. */
  server(handler: ServerHandler): ServerHandler {
    return (request, nowMs) => {
      const row = this.inFlight.get(request);
      if (row === undefined) return handler(request, nowMs);
      return this.decided(row, request, nowMs, handler);
    };
  }

  /** A request is sent now: records it as an invoked operation; returns its row. */
  invoked(request: HttpRequest): number {
    const kind = requestKind(request);
    const customerId = classified.customerId;
    const token = headerValue(request.headers, fencingTokenHeader);
    return this.columns.add(
      kind,
      this.sourceOrderOf(kind, request),
      customerId,
      token !== undefined && /^\d+$/.test(token) ? Number(token) : undefined,
      this.clock.nowMs(),
    );
  }

  /**
   * The request of `row` reached the shop at `nowMs`: `handler` decides it, and the probe tells whether
   * it applied.
   */
  decided(row: number, request: HttpRequest, nowMs: number, handler: ServerHandler): ShopifyOutcome {
    const operation = this.cursor;
    operation.index = row;
    const writes = operation.kind === 'order.create' || operation.kind === 'customer.write';
    const before = writes ? this.probe(operation) : 0;
    const outcome = handler(request, nowMs);
    this.columns.decide(row, nowMs, writes && this.probe(operation) !== before);
    return outcome;
  }

  /** The client got `result` for the request of `row`, now. */
  completed(row: number, result: DispatchResult): void {
    this.columns.complete(
      row,
      this.clock.nowMs(),
      operationType(result),
      result.ok ? result.response.status : 0,
    );
  }

  /**
   * The source order a request works for: a create's by the note attribute the shop stores (so a pipeline
   * that omits or mangles the correlation header is still attributed), else the header. The header's own
   * string is kept when both agree, one shared string per order as before.
   */
  private sourceOrderOf(kind: OperationKind, request: HttpRequest): string | undefined {
    const header = headerValue(request.headers, sourceOrderHeader);
    if (kind !== 'order.create') return header;
    const stored = createSourceOrderId(request.body, this.sourceIdAttribute);
    return stored === undefined || stored === header ? header : stored;
  }
}

const kinds: readonly OperationKind[] = [
  'order.create',
  'order.lookup',
  'customer.read',
  'customer.write',
  'other',
];
/** Index 0 is "not completed yet". */
const types: readonly (OperationType | undefined)[] = [undefined, 'ok', 'fail', 'info'];

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

const present = (value: number): number | undefined => (Number.isNaN(value) ? undefined : value);

/**
 * A {@link HistoryOperation} read from its row of {@link HistoryColumns}: the object holds its row number
 * only, and every field is a getter.
 */
class OperationRow implements HistoryOperation {
  constructor(
    private readonly columns: HistoryColumns,
    public index: number,
  ) {}

  get kind(): OperationKind {
    return kinds[this.columns.kind.get(this.index)] as OperationKind;
  }
  get sourceOrderId(): string | undefined {
    return this.columns.sourceOrderId(this.index);
  }
  get customerId(): string | undefined {
    return this.columns.customerId(this.index);
  }
  get fencingToken(): number | undefined {
    return present(this.columns.fencingToken.get(this.index));
  }
  get invokeMs(): number {
    return this.columns.invokeMs.get(this.index);
  }
  get shopMs(): number | undefined {
    return present(this.columns.shopMs.get(this.index));
  }
  get applied(): boolean {
    return this.columns.applied.get(this.index) === 1;
  }
  get completeMs(): number | undefined {
    return present(this.columns.completeMs.get(this.index));
  }
  get type(): OperationType | undefined {
    return types[this.columns.type.get(this.index)];
  }
  get status(): number | undefined {
    const status = this.columns.status.get(this.index);
    return status === 0 ? undefined : status;
  }
}
