import { referenceRetryPolicy } from './reference-policy.js';
import type { BoundContext } from './bound-context.js';
import type { FirstArrival } from './first-arrivals.js';
import { popMin, pushMin } from './min-heap.js';
import { binomialQuantile } from './quantiles.js';

/**
 * Term 6 of the p99 bound (p99-bound.ts), in ms: held time from network pauses for one order. A held
 * request costs its worker the pause, at most the timeout, and behind a customer's lock every order
 * queued there: h held requests over the order's own calls and the locked calls of the orders that can be
 * ahead of it on its customer, the least h with P(Binomial(calls, p) > h) ≤ `orderTailChance`, each costing
 * min(duration, timeout), and the poll cap more when orders take a lock. A pause that outlasts the timeout
 * is a failure that hangs: the order's own are in the retry term (retry-horizon.ts), so only those of the
 * orders ahead are counted here. An order can be ahead of another only while it is within its bound when
 * the other arrives: that bound (`boundsMs`, given this term's first pass) is first taken with the
 * busiest customer's whole queue, then the queue is the most orders of one customer still within it at an
 * arrival.
 *
 * @param attempts - The attempts of the order's own calls, expected retries included.
 * @param boundsMs - Each order's bound without pauses plus `pauseMs`, in `arrivals` order.
 */
export function pauseHeldMs(
  context: BoundContext,
  attempts: number,
  boundsMs: (pauseMs: number) => readonly number[],
): number {
  const { scenario, arrivals, callsPerOrder, orderTailChance } = context;
  const pauses = scenario.network.pauses;
  if (pauses === undefined || pauses.probability <= 0) return 0;
  const { requestTimeoutMs } = referenceRetryPolicy;
  const pausesHang = pauses.durationMs >= requestTimeoutMs;
  // A pause of a lock holder's call holds every order queued behind it on that customer (seed 2, run
  // 721: 103 orders of 2 customers, pauses of 5.3 s at 2.4 %).
  const pauseHeldFor = (queuedOrders: number): number =>
    context.knockOnMs(
      Math.min(pauses.durationMs, requestTimeoutMs) *
        binomialQuantile(
          (pausesHang ? 0 : attempts) + (callsPerOrder > 1 ? (callsPerOrder - 1) * queuedOrders : 0),
          pauses.probability,
          orderTailChance,
        ),
    );
  const busiestPauseMs = pauseHeldFor(busiestCustomerOrders(arrivals));
  return busiestPauseMs > 0 && callsPerOrder > 1
    ? pauseHeldFor(longestQueueAhead(arrivals, boundsMs(busiestPauseMs)))
    : busiestPauseMs;
}

/** The most orders any one customer has among `arrivals`. */
function busiestCustomerOrders(arrivals: readonly { customerNumber: number }[]): number {
  const counts = new Map<number, number>();
  let most = 0;
  for (const { customerNumber } of arrivals) {
    const count = (counts.get(customerNumber) ?? 0) + 1;
    counts.set(customerNumber, count);
    most = Math.max(most, count);
  }
  return most;
}

/**
 * The most orders of one customer that can be ahead of an order when it arrives: those of its customer
 * that arrived before it (or with it) and whose bound `boundsMs[j]` (in `arrivals` order, from arrival) has
 * not run out by then. An order done within its bound holds nobody who arrives later.
 */
function longestQueueAhead(arrivals: readonly FirstArrival[], boundsMs: readonly number[]): number {
  // Per customer, the ends of its orders still open, in a min-heap: a million orders of one hot
  // customer cost n log n, not n².
  const open = new Map<number, number[]>();
  let most = 0;
  arrivals.forEach(({ customerNumber, atMs }, i) => {
    let ends = open.get(customerNumber);
    if (ends === undefined) open.set(customerNumber, (ends = []));
    while (ends.length > 0 && (ends[0] as number) <= atMs) popMin(ends);
    most = Math.max(most, ends.length);
    pushMin(ends, atMs + (boundsMs[i] ?? 0));
  });
  return most;
}
