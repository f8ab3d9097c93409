import { EventQueue } from '../event-queue.js';
import type { FirstArrival } from './first-arrivals.js';

/** The ideal pipeline's settings (see {@link idealLatenciesMs}). */
export interface IdealPipeline {
  /** Calls per order: the create, then (when above 1) the customer's read and write under its lock. */
  callsPerOrder: number;
  /** The bucket the ideal throttle spends, in calls (≥ 1). */
  bucketSize: number;
  /** The leak rate the ideal throttle paces at, in calls per second (> 0). */
  leakPerSecond: number;
  /** Orders worked on at once. */
  concurrency: number;
  /** One call's time from its slot to its answer, in ms (retries and waits included, as expected values). */
  callMs: number;
  /** The time of a call made under the customer's lock, in ms. Defaults to `callMs`. */
  lockedCallMs?: number;
  /**
   * How a waiter learns that a lock is free: absent, it is handed over the instant it is released;
   * otherwise the waiter polls with capped exponential backoff and full jitter, and gets it
   * `min(pollCapMs, waited + pollBaseMs)` after the release — about the mean — or, with `worstCase`,
   * `pollCapMs` after: the ceiling of a poll in flight can reach the cap however briefly it waited (its
   * earlier sleeps may all have drawn near 0: seed 1, run 58 of a 5,000-run check, a waiter of 3 ms whose
   * second poll came 90 ms later).
   */
  lockPoll?: { pollBaseMs: number; pollCapMs: number; worstCase?: boolean };
  /**
   * Which waiter a released lock goes to: `fifo`, the one that waited longest; `lifo`, the newest — the
   * worst case of a polling lock, which keeps no order among its waiters (a waiter that has waited long
   * polls seldom, and newer ones, polling often, overtake it). Defaults to `fifo`.
   */
  lockOrder?: 'fifo' | 'lifo';
  /**
   * Fault windows the calls cannot get through: given a call's index in its order (0 the create, then the
   * customer's read and write) and the slot it would get, the end of the window holding it there, in ms, or
   * undefined when it may go. A held call asks for a slot again at the window's end (it spends none while
   * held: what fails inside a window is the fault's, not the bucket's). Defaults to none.
   */
  blockedUntilMs?: (callIndex: number, slotMs: number) => number | undefined;
  /**
   * Calls the throttle sends into fault windows and that fail there: from `fromMs`, up to `calls` of them
   * take the next slots that fall before `toMs` (a throttle counts every call it sends — it cannot know
   * whether the shop counted a failed one — so the slots they take are gone for the calls after the
   * window). Defaults to none.
   */
  spentSlots?: readonly { fromMs: number; toMs: number; calls: number }[];
  /** Called for every call with when it was asked for and the slot it got, in ms (rate discipline's drain). */
  onSlot?: (askedMs: number, slotMs: number) => void;
}

/**
 * The end-to-end latency of each order (in the order given) through the ideal pipeline: the reference
 * pipeline's design (../shared/DESIGN.md, "One order's way through") run on a perfect world, as a small
 * discrete-event simulation on virtual time:
 *
 * - `concurrency` workers take the orders in arrival order;
 * - each call waits for its slot in the plan's ideal drain schedule — the same GCRA walk as
 *   reports/ideal-drain.ts `idealDrainSchedule` (the burst of `bucketSize` calls, then one per
 *   1 / `leakPerSecond` s), taken in the order the calls are asked for, as the shared throttle's queue
 *   mode does — and then takes `callMs`;
 * - after the create, an order takes its customer's lock for the read and the write; the lock passes to
 *   the next waiter the instant it is released (first come, first served; no polling gap).
 *
 * With infinite concurrency and one call per order, each order's latency is its slot in
 * `idealDrainSchedule` − its arrival + `callMs`.
 *
 * @param arrivals - The orders, sorted by arrival.
 */
export function idealLatenciesMs(arrivals: readonly FirstArrival[], ideal: IdealPipeline): number[] {
  const { callsPerOrder, callMs } = ideal;
  const events = new EventQueue();
  let nowMs = 0;
  const at = (timeMs: number, action: () => void) => events.pushWake(timeMs, action);

  // GCRA (ITU-T I.371 virtual scheduling): a call at t fits iff t ≥ TAT − τ; then TAT = max(TAT, t) + T.
  const intervalMs = 1000 / ideal.leakPerSecond;
  const toleranceMs = (ideal.bucketSize - 1) * intervalMs;
  let tatMs = -Infinity;
  const call = (then: () => void, takesMs = callMs, callIndex = 0): void => {
    const slotMs = Math.max(nowMs, tatMs - toleranceMs);
    const heldUntilMs = ideal.blockedUntilMs?.(callIndex, slotMs);
    if (heldUntilMs !== undefined && heldUntilMs > slotMs) {
      at(heldUntilMs, () => call(then, takesMs, callIndex));
      return;
    }
    tatMs = Math.max(tatMs, slotMs) + intervalMs;
    ideal.onSlot?.(nowMs, slotMs);
    at(slotMs + takesMs, then);
  };
  const lockedCallMs = ideal.lockedCallMs ?? callMs;
  const callsInRow = (count: number, then: () => void): void => {
    if (count <= 0) then();
    else call(() => callsInRow(count - 1, then), lockedCallMs, callsPerOrder - count);
  };

  const locks = new Map<number, { sinceMs: number; body: () => void }[]>();
  const lock = (customer: number, body: () => void): void => {
    const waiters = locks.get(customer);
    if (waiters === undefined) {
      locks.set(customer, []);
      body();
    } else {
      waiters.push({ sinceMs: nowMs, body });
    }
  };
  const unlock = (customer: number): void => {
    const waiters = locks.get(customer);
    const next = ideal.lockOrder === 'lifo' ? waiters?.pop() : waiters?.shift();
    if (next === undefined) locks.delete(customer);
    else if (ideal.lockPoll === undefined) next.body();
    else {
      const { pollBaseMs, pollCapMs, worstCase = false } = ideal.lockPoll;
      const waitedMs = nowMs - next.sinceMs;
      at(nowMs + (worstCase ? pollCapMs : Math.min(pollCapMs, waitedMs + pollBaseMs)), next.body);
    }
  };

  const latencies = new Array<number>(arrivals.length).fill(0);
  let arrived = 0;
  let started = 0;
  let freeWorkers = ideal.concurrency;
  const finish = (index: number): void => {
    latencies[index] = nowMs - (arrivals[index] as FirstArrival).atMs;
    freeWorkers++;
    startWaiting();
  };
  const startWaiting = (): void => {
    while (freeWorkers > 0 && started < arrived) {
      freeWorkers--;
      const index = started++;
      const { customerNumber } = arrivals[index] as FirstArrival;
      call(() => {
        if (callsPerOrder <= 1) return finish(index);
        lock(customerNumber, () =>
          callsInRow(callsPerOrder - 1, () => {
            unlock(customerNumber);
            finish(index);
          }),
        );
      });
    }
  };
  for (const { fromMs, toMs, calls } of ideal.spentSlots ?? [])
    at(fromMs, () => {
      for (let sent = 0; sent < calls; sent++) {
        const slotMs = Math.max(nowMs, tatMs - toleranceMs);
        if (slotMs >= toMs) break;
        tatMs = Math.max(tatMs, slotMs) + intervalMs;
      }
    });
  arrivals.forEach(({ atMs }) =>
    at(atMs, () => {
      arrived++;
      startWaiting();
    }),
  );
  while (events.size > 0) {
    nowMs = events.peekTimeMs();
    const event = events.pop();
    if (typeof event === 'function') event();
  }
  return latencies;
}
