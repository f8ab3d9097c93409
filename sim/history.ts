import { fencingTokenHeader } from '../mocks/customers-api.js';
import type { Clock } from '../runtime/clock.js';
import { headerValue, type Dispatch, type DispatchResult, type HttpRequest } from '../runtime/transport.js';
import { sourceOrderHeader } from '../pipeline/shopify-requests.js';
import { createSourceOrderId } from './create-source-id.js';
import type { ServerHandler } from './sim-network.js';

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
  // Most requests name no metafield: a substring test spares them the pattern.
  const metafield = request.url.includes('/metafields') ? customerMetafieldPattern.exec(request.url) : null;
  if (metafield !== null) {
    const customerId = decodeURIComponent(metafield[1] ?? '');
    if (request.method === 'GET') return { kind: 'customer.read', customerId };
    const write = metafield[2] === undefined ? request.method === 'POST' : request.method === 'PUT';
    return write ? { kind: 'customer.write', customerId } : { kind: 'other' };
  }
  const match = pathPattern.exec(request.url);
  if (match === null) return { kind: 'other' };
  if (match[1] === 'orders') {
    if (request.method === 'POST') return { kind: 'order.create' };
    return request.method === 'GET' ? { kind: 'order.lookup' } : { kind: 'other' };
  }
  const customerId = decodeURIComponent(match[2] ?? '');
  if (request.method === 'GET') return { kind: 'customer.read', customerId };
  return request.method === 'PUT' ? { kind: 'customer.write', customerId } : { kind: 'other' };
}

/**
 * Records a run's history in the style of Jepsen (../shared/DESIGN.md, "Properties"): one
 * {@link HistoryOperation} per request the client sends, with the shop's side of it. It sits on both ends
 * of the simulated network — {@link HistoryRecorder.client} wraps the transport the pipeline is given,
 * {@link HistoryRecorder.server} wraps the shop's handler — and never looks inside the pipeline.
 *
 * The operations' fields live in typed-array columns ({@link HistoryColumns}); each operation in
 * `operations` is a view of its row, made when the history is read (issue 12: about 55 bytes per request
 * while the run goes on instead of ~180, most of which were the boxed fractional times of an object per
 * request).
 *
 * @example
 * const history = new HistoryRecorder(sim, probe);
 * const transport = history.client(createSimNetwork(sim, history.server(handler), random));
 */
export class HistoryRecorder {
  private readonly columns = new HistoryColumns();
  /** The views of {@link HistoryRecorder.operations}, made when first read. */
  private readonly rows: HistoryOperation[] = [];
  /** A view the shop side moves from row to row, to probe an operation without a view per request. */
  private readonly cursor: OperationRow;
  private readonly inFlight = new WeakMap<HttpRequest, number>();
  /** One string per customer id: a run has few customers and millions of operations on them. */
  private readonly customerIds = new Map<string, string>();

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
   * Every operation so far, in invoke order. The views are made when first read (after the run, by the
   * checkers), not one per request during it: a million-order run then keeps millions fewer objects in
   * its heap while it runs, and the garbage collector fewer to trace and to scatter among its garbage.
   */
  get operations(): readonly HistoryOperation[] {
    const { rows, columns } = this;
    for (let row = rows.length; row < columns.length; row++) rows.push(new OperationRow(columns, row));
    return rows;
  }

  /** Wraps the transport: each attempt becomes an operation, invoked now and completed with its result. */
  client(next: Dispatch): Dispatch {
    return async (request, options) => {
      const { kind, customerId } = classifyRequest(request);
      const token = headerValue(request.headers, fencingTokenHeader);
      const columns = this.columns;
      const row = columns.add(
        kind,
        this.sourceOrderOf(kind, request),
        customerId === undefined ? undefined : this.internCustomer(customerId),
        token !== undefined && /^\d+$/.test(token) ? Number(token) : undefined,
        this.clock.nowMs(),
      );
      // A copy per attempt: a retry sends the same request object again, and the shop side must find the
      // attempt it is deciding, not the latest one.
      const attempt = { ...request };
      this.inFlight.set(attempt, row);
      const result = await next(attempt, options);
      columns.complete(
        row,
        this.clock.nowMs(),
        operationType(result),
        result.ok ? result.response.status : 0,
      );
      return result;
    };
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

  private internCustomer(customerId: string): string {
    const known = this.customerIds.get(customerId);
    if (known !== undefined) return known;
    this.customerIds.set(customerId, customerId);
    return customerId;
  }

  /** Wraps the shop's handler: notes when each recorded request reached the shop and whether it applied. */
  server(handler: ServerHandler): ServerHandler {
    return (request, nowMs) => {
      const row = this.inFlight.get(request);
      if (row === undefined) return handler(request, nowMs);
      const operation = this.cursor;
      operation.index = row;
      const writes = operation.kind === 'order.create' || operation.kind === 'customer.write';
      const before = writes ? this.probe(operation) : 0;
      const outcome = handler(request, nowMs);
      this.columns.decide(row, nowMs, writes && this.probe(operation) !== before);
      return outcome;
    };
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

/**
 * A history's fields as columns, one row per operation: numbers in typed arrays (an absent time or token
 * is NaN, an absent status 0), strings as references to shared instances.
 */
export class HistoryColumns {
  /** Rows in use. */
  length = 0;
  kind = new Uint8Array(1024);
  type = new Uint8Array(1024);
  applied = new Uint8Array(1024);
  status = new Uint16Array(1024);
  fencingToken = new Float64Array(1024);
  invokeMs = new Float64Array(1024);
  shopMs = new Float64Array(1024);
  completeMs = new Float64Array(1024);
  readonly sourceOrderId: (string | undefined)[] = [];
  readonly customerId: (string | undefined)[] = [];

  /** Adds an invoked operation; returns its row. */
  add(
    kind: OperationKind,
    sourceOrderId: string | undefined,
    customerId: string | undefined,
    fencingToken: number | undefined,
    invokeMs: number,
  ): number {
    const row = this.length++;
    if (row === this.kind.length) this.grow();
    this.kind[row] = kinds.indexOf(kind);
    this.fencingToken[row] = fencingToken ?? Number.NaN;
    this.invokeMs[row] = invokeMs;
    this.shopMs[row] = Number.NaN;
    this.completeMs[row] = Number.NaN;
    this.sourceOrderId.push(sourceOrderId);
    this.customerId.push(customerId);
    return row;
  }

  /** The shop decided `row` at `shopMs`; `applied` as {@link HistoryOperation.applied}. */
  decide(row: number, shopMs: number, applied: boolean): void {
    this.shopMs[row] = shopMs;
    this.applied[row] = applied ? 1 : 0;
  }

  /** The client got the result of `row` (`status` 0 for a network error). */
  complete(row: number, completeMs: number, type: OperationType, status: number): void {
    this.completeMs[row] = completeMs;
    this.type[row] = types.indexOf(type);
    this.status[row] = status;
  }

  private grow(): void {
    const twice = <T extends Uint8Array | Uint16Array | Float64Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    const capacity = this.kind.length * 2;
    this.kind = twice(this.kind, new Uint8Array(capacity));
    this.type = twice(this.type, new Uint8Array(capacity));
    this.applied = twice(this.applied, new Uint8Array(capacity));
    this.status = twice(this.status, new Uint16Array(capacity));
    this.fencingToken = twice(this.fencingToken, new Float64Array(capacity));
    this.invokeMs = twice(this.invokeMs, new Float64Array(capacity));
    this.shopMs = twice(this.shopMs, new Float64Array(capacity));
    this.completeMs = twice(this.completeMs, new Float64Array(capacity));
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
    return kinds[this.columns.kind[this.index]!]!;
  }
  get sourceOrderId(): string | undefined {
    return this.columns.sourceOrderId[this.index];
  }
  get customerId(): string | undefined {
    return this.columns.customerId[this.index];
  }
  get fencingToken(): number | undefined {
    return present(this.columns.fencingToken[this.index]!);
  }
  get invokeMs(): number {
    return this.columns.invokeMs[this.index]!;
  }
  get shopMs(): number | undefined {
    return present(this.columns.shopMs[this.index]!);
  }
  get applied(): boolean {
    return this.columns.applied[this.index] === 1;
  }
  get completeMs(): number | undefined {
    return present(this.columns.completeMs[this.index]!);
  }
  get type(): OperationType | undefined {
    return types[this.columns.type[this.index]!];
  }
  get status(): number | undefined {
    const status = this.columns.status[this.index]!;
    return status === 0 ? undefined : status;
  }
}
