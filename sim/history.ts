import { fencingTokenHeader } from '../mocks/customers-api.js';
import type { Clock } from '../runtime/clock.js';
import { headerValue, type Dispatch, type DispatchResult, type HttpRequest } from '../runtime/transport.js';
import { sourceOrderHeader } from '../pipeline/shopify-requests.js';
import { createSourceOrderId } from './create-source-id.js';
import type { ShopifyOutcome } from '../mocks/shopify-service.js';
import type { NetworkRecorder, ServerHandler } from './sim-network.js';
import { HistoryColumns } from './history-columns.js';
import { OperationRow, OperationRows } from './operation-reader.js';
import { requestCustomer, requestKind } from './request-kind.js';

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

/** The kind of operation a request is, and its customer id, from its method and URL. */
export function classifyRequest(request: HttpRequest): { kind: OperationKind; customerId?: string } {
  const kind = requestKind(request.method, request.url);
  const customerId = customerOfLastRequest();
  return customerId === undefined ? { kind } : { kind, customerId };
}

/** The customer id {@link requestKind} last read, decoded; undefined when the request named none. */
function customerOfLastRequest(): string | undefined {
  const segment = requestCustomer.id;
  // A segment without an escape is its own decoding, and is not copied.
  return segment === undefined || !segment.includes('%') ? segment : decodeURIComponent(segment);
}

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
    return new OperationRows(this.columns);
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
    const kind = requestKind(request.method, request.url);
    const customerId = customerOfLastRequest();
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
