import type { HistoryOperation } from '../history.js';
import { operationReader } from '../operation-reader.js';
import type { PropertyVerdict, RunEvidence } from './run-evidence.js';
import { firstFew, orderIdList } from './order-id-list.js';
import { Int32Column } from '../../mocks/int32-column.js';

/** Two orders that acted on one customer at once, or a write the shop's fencing should have refused. */
interface Overlap {
  customerId: string;
  /** The order whose write was applied on a stale read (or with a stale token); absent when unnamed. */
  writer: string | undefined;
  /** The order whose write came between (or whose newer token had already been applied). */
  other: string | undefined;
  kind: 'overlap' | 'fencing';
}

/**
 * Property 4 of ../shared/DESIGN.md, **mutual exclusion**: no two holders of one customer's lock act at
 * once. Read from the run's history alone (sim/history.ts), customer by customer, in the order the shop
 * decided the operations (`shopMs`, ties by `index`):
 *
 * - **Overlap.** Each applied `customer.write` of an order X is a read-modify-write: it is based on X's
 *   latest successful `customer.read` of that customer decided before it. If another order's write was
 *   applied between that read and this write, two holders acted at once — X wrote totals computed before
 *   the other's change, whatever locks either believed it held. Writes of X in a row (a retry of the same
 *   write after an ambiguous answer) are one session: they share the read, and X's own earlier write in
 *   between is no conflict. A write with no read of X before it is not judged by this rule.
 * - **Fencing.** The applied writes that carry a fencing token must carry non-decreasing tokens in shop
 *   order. This is the fencing-token check of ../shared/DESIGN.md ("Mutual exclusion … checked with
 *   fencing tokens at the shop"; Kleppmann, "How to do distributed locking"): every lease gets a token
 *   from a counter that only grows, and the shop must refuse a write whose token is older than one it has
 *   already applied. A write applied after a higher token was applied means a holder whose lease had
 *   lapsed (paused past its TTL) wrote after its successor, and the shop let it — the fencing failed.
 *
 * The overlap rule catches what fencing alone cannot: a stale holder's write that lands after its
 * successor's read but before the successor's first write is accepted by the shop (no higher token has
 * been seen yet), and the successor then writes totals that never saw it. Applies when the history holds
 * at least one applied customer write.
 *
 * @example
 * checkMutualExclusion(evidence); // { holds: false, detail: '… customer 7000000000001: so-000002 wrote on a read from before so-000001's write …' }
 */
export function checkMutualExclusion(evidence: RunEvidence): PropertyVerdict {
  const { history } = evidence;
  // Row numbers grouped by customer, not an operation per read and write (issue 12: two an order, kept
  // until the end of the check, at the run's memory peak); each customer's operations are read back by row.
  const customerIndex = new Map<string, number>();
  const customerIds: string[] = [];
  const rows = new Int32Column();
  const customerOf = new Int32Column();
  let appliedWrites = 0;
  // One view moved from row to row: this pass keeps rows, not operations.
  const read = operationReader(history);
  for (let at = 0; at < history.length; at++) {
    const operation = read(at);
    if (operation.customerId === undefined || operation.shopMs === undefined) continue;
    if (operation.kind !== 'customer.read' && operation.kind !== 'customer.write') continue;
    if (operation.kind === 'customer.write' && operation.applied) appliedWrites++;
    let customer = customerIndex.get(operation.customerId);
    if (customer === undefined) {
      customer = customerIds.push(operation.customerId) - 1;
      customerIndex.set(operation.customerId, customer);
    }
    rows.push(at);
    customerOf.push(customer);
  }
  customerIndex.clear();
  if (appliedWrites === 0) {
    return {
      property: 'mutual-exclusion',
      applies: false,
      holds: true,
      detail: 'no customer write was applied: nothing to check',
      orderIds: [],
    };
  }
  const overlaps: Overlap[] = [];
  const byCustomer = groupRows(rows, customerOf, customerIds.length);
  // The readers and the shop-order comparison are made once per check, not once per customer.
  const left = operationReader(history);
  const right = operationReader(history);
  // Ties by `index`, which no two operations share: the order is total, as the sort of operations was.
  const byShopOrder = (a: number, b: number): number => {
    const x = left(a);
    const y = right(b);
    return (x.shopMs as number) - (y.shopMs as number) || x.index - y.index;
  };
  customerIds.forEach((customerId, customer) => {
    const rowsOf = byCustomer.rows.subarray(
      byCustomer.starts[customer] as number,
      byCustomer.starts[customer + 1] as number,
    );
    overlaps.push(...customerOverlaps(customerId, rowsOf.sort(byShopOrder), read));
  });

  const customers = customerIds.length;
  if (overlaps.length === 0) {
    return {
      property: 'mutual-exclusion',
      applies: true,
      holds: true,
      detail: `${appliedWrites} applied writes on ${customers} customers: each on its own read, fencing tokens in order`,
      orderIds: [],
    };
  }
  const overlapCount = overlaps.filter((o) => o.kind === 'overlap').length;
  const fencingCount = overlaps.length - overlapCount;
  return {
    property: 'mutual-exclusion',
    applies: true,
    holds: false,
    detail:
      `${appliedWrites} applied writes on ${customers} customers: ${overlapCount} made while another ` +
      `order's write came between their read and write, ${fencingCount} applied with an older fencing ` +
      `token than one already applied: ${firstFew(overlaps.map(describeOverlap), 3)}`,
    orderIds: orderIdList(overlaps.flatMap((o) => [o.writer, o.other].filter((id) => id !== undefined))),
  };
}

/**
 * The overlaps and fencing failures among one customer's operations: the history's `inShopOrder` rows,
 * each read through `read` (a moving view) rather than an operation per row — a customer read and write
 * per order (issue 12).
 */
function customerOverlaps(
  customerId: string,
  inShopOrder: Int32Array,
  read: (row: number) => HistoryOperation,
): Overlap[] {
  const found: Overlap[] = [];
  /** Each order's latest successful read: its position in shop order. */
  const lastRead = new Map<string, number>();
  /** Applied writes so far: position and order. */
  const applied: { position: number; order: string | undefined }[] = [];
  let highestToken: { token: number; order: string | undefined } | undefined;

  inShopOrder.forEach((row, position) => {
    const operation = read(row);
    const order = operation.sourceOrderId;
    if (operation.kind === 'customer.read') {
      if (operation.type === 'ok' && order !== undefined) lastRead.set(order, position);
      return;
    }
    if (!operation.applied) return;
    const readAt = order === undefined ? undefined : lastRead.get(order);
    if (readAt !== undefined) {
      // Scan back over the writes since the read; the writer's own retries of the same write are one session.
      for (
        let i = applied.length - 1;
        i >= 0 && (applied[i] as { position: number }).position > readAt;
        i--
      ) {
        const other = (applied[i] as { order: string | undefined }).order;
        if (other !== order) {
          found.push({ customerId, writer: order, other, kind: 'overlap' });
          break;
        }
      }
    }
    const token = operation.fencingToken;
    if (token !== undefined) {
      if (highestToken !== undefined && token < highestToken.token) {
        found.push({ customerId, writer: order, other: highestToken.order, kind: 'fencing' });
      }
      if (highestToken === undefined || token >= highestToken.token) highestToken = { token, order };
    }
    applied.push({ position, order });
  });
  return found;
}

function describeOverlap(o: Overlap): string {
  const writer = o.writer ?? 'an unnamed request';
  const other = o.other ?? 'an unnamed request';
  return o.kind === 'overlap'
    ? `customer ${o.customerId}: ${writer} wrote on a read from before ${other}'s write`
    : `customer ${o.customerId}: ${writer}'s write applied with an older fencing token than ${other}'s`;
}

/**
 * `rows` grouped by customer (a counting sort, each group in the order given): customer c's rows are
 * `rows[starts[c] … starts[c + 1] − 1]`.
 */
function groupRows(
  rows: Int32Column,
  customerOf: Int32Column,
  customers: number,
): { rows: Int32Array; starts: Int32Array } {
  const starts = new Int32Array(customers + 1);
  for (let i = 0; i < customerOf.length; i++) (starts[customerOf.at(i) + 1] as number)++;
  for (let c = 0; c < customers; c++) starts[c + 1] = (starts[c + 1] as number) + (starts[c] as number);
  const next = starts.slice(0, customers);
  const grouped = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) grouped[(next[customerOf.at(i)] as number)++] = rows.at(i);
  return { rows: grouped, starts };
}
