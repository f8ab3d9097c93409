import { fencingTokenHeader } from '../mocks/customers-api.js';
import type { Clock } from '../runtime/clock.js';
import { headerValue, type Dispatch, type DispatchResult, type HttpRequest } from '../runtime/transport.js';
import { sourceOrderHeader } from '../pipeline/shopify-requests.js';
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
  /** The source order the request worked for (the pipeline's `x-funnelstorm-order` header); absent when it named none. */
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
 * @example
 * const history = new HistoryRecorder(sim, probe);
 * const transport = history.client(createSimNetwork(sim, history.server(handler), random));
 */
export class HistoryRecorder {
  /** Every operation, in invoke order. */
  readonly operations: HistoryOperation[] = [];
  private readonly inFlight = new WeakMap<HttpRequest, HistoryOperation>();
  /** One string per customer id: a run has few customers and millions of operations on them. */
  private readonly customerIds = new Map<string, string>();

  /**
   * @param clock - The run's clock (invoke and completion times).
   * @param probe - Reads the count that an operation's application changes (see {@link AppliedProbe}).
   */
  constructor(
    private readonly clock: Clock,
    private readonly probe: AppliedProbe,
  ) {}

  /** Wraps the transport: each attempt becomes an operation, invoked now and completed with its result. */
  client(next: Dispatch): Dispatch {
    return async (request, options) => {
      const { kind, customerId } = classifyRequest(request);
      const token = headerValue(request.headers, fencingTokenHeader);
      const operation = new RecordedOperation(
        this.operations.length,
        kind,
        headerValue(request.headers, sourceOrderHeader),
        customerId === undefined ? undefined : this.internCustomer(customerId),
        token !== undefined && /^\d+$/.test(token) ? Number(token) : undefined,
        this.clock.nowMs(),
      );
      this.operations.push(operation);
      // A copy per attempt: a retry sends the same request object again, and the shop side must find the
      // attempt it is deciding, not the latest one.
      const attempt = { ...request };
      this.inFlight.set(attempt, operation);
      const result = await next(attempt, options);
      operation.completeMs = this.clock.nowMs();
      operation.type = operationType(result);
      if (result.ok) operation.status = result.response.status;
      return result;
    };
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
      const operation = this.inFlight.get(request);
      if (operation === undefined) return handler(request, nowMs);
      const writes = operation.kind === 'order.create' || operation.kind === 'customer.write';
      const before = writes ? this.probe(operation) : 0;
      const outcome = handler(request, nowMs);
      operation.shopMs = nowMs;
      operation.applied = writes && this.probe(operation) !== before;
      return outcome;
    };
  }
}

/**
 * A {@link HistoryOperation} with every field in one fixed place from the start (absent ones undefined), so
 * that all of a run's operations share one shape with their fields inside the object: a plain literal grown
 * field by field kept half of them in a separate property array (about 60 bytes more per request, ~3 per
 * order — issue 12).
 */
class RecordedOperation implements HistoryOperation {
  shopMs: number | undefined = undefined;
  applied = false;
  completeMs: number | undefined = undefined;
  type: OperationType | undefined = undefined;
  status: number | undefined = undefined;

  constructor(
    readonly index: number,
    readonly kind: OperationKind,
    readonly sourceOrderId: string | undefined,
    readonly customerId: string | undefined,
    readonly fencingToken: number | undefined,
    readonly invokeMs: number,
  ) {}
}
