import { Float64Column } from './float64-column.js';
import { Int32Column } from './int32-column.js';

/** One request that touched an order, as {@link RequestLog.requestsFor} returns it. */
export interface OrderRequest {
  /** The `X-Request-Id` the answer carried. */
  requestId: string;
  method: string;
  /** The request's path and query, e.g. `/admin/api/2026-01/orders.json?tag=fs-src-7`. */
  path: string;
  status: number;
  /** When the request arrived, in ms on the model's clock. */
  atMs: number;
  /**
   * Set only when the client was told something else than `status` — an ambiguous commit: the shop
   * applied the request, the client saw a 5xx (`503`), `reset` or `timeout`.
   */
  clientSaw?: string;
  /**
   * The webhook delivery the request followed: the last one of its order's source order sent at or
   * before it arrived (`ShopifyModel.recordDelivery`); absent when the sender recorded none.
   */
  delivery?: { webhookId: string; attempt: number; sentAtMs: number };
}

/**
 * The most strings the intern table remembers. When full it is emptied and starts again, so a run of
 * unique lookup paths cannot push out the create path for good: a string that repeats is shared again
 * from its next use on.
 */
const internLimit = 4096;

/**
 * The longest path kept, in characters; a longer one is cut and ends in `…`. A path comes from the client
 * (a lookup's query string can be as long as the header limit allows), and every logged request keeps its
 * own when it is not a repeat: the cut bounds what one request adds to the log.
 */
export const maxLoggedPathLength = 512;

/**
 * One shop's log of the requests that touched its orders (a create, a read that returned the order, a
 * lookup that found it), kept in typed columns so that a million orders cost a few tens of bytes each and
 * nothing for the garbage collector to trace (../shared/DESIGN.md, "Performance budgets").
 *
 * Layout: a request table (one row per logged request: request number, arrival time, status, method and
 * path as indexes into a string table) and, per order position, its first touching request plus a
 * backward-linked chain of further ones. Most orders are touched once, by their create, so the chain
 * costs nothing for them.
 */
export class RequestLog {
  private readonly numbers = new Float64Column();
  private readonly times = new Float64Column();
  private readonly statuses = new Int32Column();
  private readonly methods = new Int32Column();
  private readonly paths = new Int32Column();
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly firstTouch = new Int32Column();
  private readonly lastExtra = new Int32Column();
  private readonly extraRow = new Int32Column();
  private readonly extraPrevious = new Int32Column();
  /** Row → what the client saw, for the few rows whose answer a fault replaced (ambiguous commits). */
  private readonly seenByRow = new Map<number, string>();

  /**
   * Records a request, returning its row for {@link RequestLog.touch}.
   *
   * @param requestNumber - The model's request counter (it makes the `X-Request-Id`).
   * @param atMs - Arrival time, in ms on the model's clock.
   */
  record(requestNumber: number, method: string, path: string, status: number, atMs: number): number {
    this.numbers.push(requestNumber);
    this.times.push(atMs);
    this.statuses.push(status);
    this.methods.push(this.stringId(method));
    const kept = path.length > maxLoggedPathLength ? `${path.slice(0, maxLoggedPathLength - 1)}…` : path;
    return this.paths.push(this.stringId(kept));
  }

  /** Notes that the client of the request at `row` saw `seen` (`503`, `reset`, `timeout`), not its status. */
  markClientSaw(row: number, seen: string): void {
    this.seenByRow.set(row, seen);
  }

  /** Notes that the request at `row` touched the order at `position`. */
  touch(position: number, row: number): void {
    if (this.firstTouch.at(position) === -1) {
      this.firstTouch.set(position, row);
      return;
    }
    const extra = this.extraRow.push(row);
    this.extraPrevious.push(this.lastExtra.at(position));
    this.lastExtra.set(position, extra);
  }

  /**
   * Every logged request that touched the order at `position`, oldest first.
   *
   * @param formatRequestId - Turns a request number into its `X-Request-Id`.
   */
  requestsFor(position: number, formatRequestId: (requestNumber: number) => string): OrderRequest[] {
    const first = this.firstTouch.at(position);
    if (first === -1) return [];
    const rows = [first];
    const extras: number[] = [];
    for (let extra = this.lastExtra.at(position); extra !== -1; extra = this.extraPrevious.at(extra)) {
      extras.push(this.extraRow.at(extra));
    }
    rows.push(...extras.reverse());
    return rows.map((row) => {
      const request: OrderRequest = {
        requestId: formatRequestId(this.numbers.at(row)),
        method: this.strings[this.methods.at(row)] ?? '',
        path: this.strings[this.paths.at(row)] ?? '',
        status: this.statuses.at(row),
        atMs: this.times.at(row),
      };
      const seen = this.seenByRow.get(row);
      if (seen !== undefined) request.clientSaw = seen;
      return request;
    });
  }

  /** The index of `text` in the string table; a repeated string shares the entry of its last intern. */
  private stringId(text: string): number {
    const known = this.stringIds.get(text);
    if (known !== undefined) return known;
    const id = this.strings.push(text) - 1;
    if (this.stringIds.size >= internLimit) this.stringIds.clear();
    this.stringIds.set(text, id);
    return id;
  }
}
