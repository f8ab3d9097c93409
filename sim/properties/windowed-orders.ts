import type { FaultLoad, FaultWindow } from './fault-load.js';
import type { FirstArrival } from './first-arrivals.js';
import { idealLatenciesMs, type IdealPipeline } from './ideal-pipeline.js';
import { referenceRetryPolicy } from './reference-policy.js';

/** What {@link windowedOrdersMs} adds for an order that meets a fault window, from p99-bound.ts. */
export interface WindowCosts {
  /** The slack the order's own ideal latency is multiplied by (p99-bound.ts `p99BoundSlack`). */
  slack: number;
  /** How long the reference's retry budget may hold back the retries an outage forces, in ms. */
  budgetWaitMs: (outage: FaultWindow) => number;
  /** The most calls the reference sends into an outage, each failing and spending a slot of its throttle. */
  outageCalls: (outage: FaultWindow) => number;
  /** The retries the reference's budget grants every 60 s at least (its floor, with the pool the shop needs). */
  budgetFloorPerMinute: number;
  /** What `failures` failed calls cost an order at the reference's backoff, in ms (`hangs`: they may hang). */
  retriesMs: (failures: number, hangs: boolean) => number;
  /** How many of an order's calls fail in the tail the bound allows, each failing with chance `chance`. */
  failuresAllowed: (chance: number) => number;
  /** A held call's extra time with what it costs the order waiting on the customer's lock, in ms. */
  knockOnMs: (extraMs: number) => number;
}

/**
 * Each order's latency bound with the fault windows, in ms, in the order of `arrivals` (terms 1 and 4 of
 * p99-bound.ts). Only an order that meets a window pays for it, and only what that window can cost it. An
 * order meets a window that covers one of its calls and is open while the order is in flight at the bound
 * (from its arrival to arrival + `slack` × its ideal latency), or one the ideal run below holds it at:
 *
 * - every order pays `slack` × its own ideal latency (`idealMs`, the ideal pipeline without windows);
 * - an **outage** (a window whose chance is 1, or a brown-out whose retries the reference's budget floor
 *   cannot carry: more than `budgetFloorPerMinute` a minute, twice the expected, from the calls of the
 *   orders in flight through it): the ideal pipeline is run again with its calls held at the outages that
 *   cover them (a call whose slot falls in one asks again at its end); the order pays the longer of the
 *   delay that run shows (the backlog the outage leaves behind included) and the outage's rest from its
 *   arrival (the worst case: it did nothing before the outage opened), then one backoff cap of the
 *   reference (30 s: a client that failed at the outage's end learns it is over at its next retry), the
 *   reference's timeout when the outage can hold a call until then, and the retry budget's hold;
 * - a **brown-out** the budget can carry: the retries of the failures the bound allows at its chance;
 * - a **latency window**: each covered call slowed by the rule's most (capped at the timeout), and what
 *   that costs a waiter on the customer's lock.
 */
export function windowedOrdersMs(
  arrivals: readonly FirstArrival[],
  ideal: IdealPipeline,
  idealMs: readonly number[],
  load: Pick<FaultLoad, 'windows'>,
  costs: WindowCosts,
): number[] {
  const { slack } = costs;
  if (load.windows.length === 0) return idealMs.map((ms) => slack * ms);
  const meets = (window: FaultWindow, i: number): boolean => {
    const atMs = arrivals[i]?.atMs ?? 0;
    return window.fromMs <= atMs + slack * (idealMs[i] ?? 0) && window.toMs > atMs;
  };
  const coveredCalls = (window: FaultWindow): number =>
    Array.from({ length: ideal.callsPerOrder }, (_, c) => covers(window, c)).filter(Boolean).length;
  const outages = load.windows.filter((window) => {
    if (window.latencyMaxMs !== undefined || !window.covers.some(Boolean)) return false;
    if (window.chance >= 1) return true;
    let calls = 0;
    arrivals.forEach((_, i) => {
      if (meets(window, i)) calls += coveredCalls(window);
    });
    const minutes = Math.max(1, (window.toMs - window.fromMs) / 60_000);
    const expected = (calls * window.chance) / (1 - window.chance) / minutes;
    return 2 * expected > costs.budgetFloorPerMinute;
  });
  const heldMs =
    outages.length === 0
      ? idealMs
      : idealLatenciesMs(arrivals, {
          ...ideal,
          spentSlots: outages.map((window) => ({ ...window, calls: costs.outageCalls(window) })),
          blockedUntilMs: (callIndex, slotMs) => {
            let untilMs: number | undefined;
            for (const window of outages)
              if (covers(window, callIndex) && window.fromMs <= slotMs && slotMs < window.toMs)
                untilMs = Math.max(untilMs ?? -Infinity, window.toMs);
            return untilMs;
          },
        });
  const { maxDelayMs, requestTimeoutMs } = referenceRetryPolicy;
  const budgetWaits = new Map(outages.map((window) => [window, costs.budgetWaitMs(window)]));
  return arrivals.map(({ atMs }, i) => {
    const ownMs = idealMs[i] ?? 0;
    let extraMs = 0;
    let restMs = 0;
    let hangs = false;
    let held = (heldMs[i] ?? 0) > ownMs;
    // The budget holds the retries of the outages that can reach the order: open while it is in flight
    // in the held run (a backlog included), or holding retries back until after it arrived.
    let budgetMs = 0;
    const inFlightToMs = atMs + slack * Math.max(ownMs, heldMs[i] ?? 0);
    for (const [window, waitMs] of budgetWaits)
      if (window.fromMs <= inFlightToMs && window.toMs + waitMs > atMs) budgetMs += waitMs;
    for (const window of load.windows) {
      if (!window.covers.some(Boolean) || !meets(window, i)) continue;
      if (outages.includes(window)) {
        held = true;
        restMs = Math.max(restMs, window.toMs - atMs);
        hangs ||= window.hangs;
      } else if (window.latencyMaxMs !== undefined) {
        extraMs += costs.knockOnMs(coveredCalls(window) * window.latencyMaxMs);
      } else {
        extraMs += costs.retriesMs(costs.failuresAllowed(window.chance), window.hangs);
      }
    }
    if (!held) return slack * ownMs + extraMs;
    // A held ideal run may show an outage's hang too: count the timeout for any hanging outage then.
    if ((heldMs[i] ?? 0) > ownMs) hangs ||= outages.some((window) => window.hangs);
    const delayMs = Math.max((heldMs[i] ?? 0) - ownMs, restMs);
    return slack * ownMs + extraMs + delayMs + maxDelayMs + (hangs ? requestTimeoutMs : 0) + budgetMs;
  });
}

/** True when the window's rule covers call `callIndex` of an order (0 the create). */
function covers(window: FaultWindow, callIndex: number): boolean {
  return window.covers[Math.min(callIndex, window.covers.length - 1)] === true;
}
