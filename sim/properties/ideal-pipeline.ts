import type { FirstArrival } from './first-arrivals.js';
import { TimedCodes } from '../timed-codes.js';

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
  return new IdealRun(arrivals, ideal).latenciesMs();
}

// What an event does, the low bits of its code; the order's index (or the spent window's) is the rest.
const arrive = 0;
/** The order's call at its current stage has its answer. */
const answered = 1;
/** The order's call, held by a fault window, asks for its slot again. */
const askAgain = 2;
/** The order gets its customer's lock (after a poll). */
const granted = 3;
/** The throttle sends a window's failing calls (`spentSlots`). */
const spend = 4;
const kinds = 8;

/**
 * One run of the ideal pipeline. Events are numbers in a {@link TimedCodes}, and each order's progress is
 * its stage (0 the create, then its locked calls), so the run allocates nothing per event, and its code
 * lives in methods that V8 keeps optimized from run to run (closures made afresh each run lose their
 * optimized code at every full GC that finds none of them alive: most of a `check`'s recompilation).
 */
class IdealRun {
  private readonly events = new TimedCodes();
  private nowMs = 0;
  /** GCRA (ITU-T I.371 virtual scheduling): a call at t fits iff t ≥ TAT − τ; then TAT = max(TAT, t) + T. */
  private tatMs = -Infinity;
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private readonly callMs: number;
  private readonly lockedCallMs: number;
  private readonly callsPerOrder: number;
  private readonly lifo: boolean;
  private readonly lockPoll: IdealPipeline['lockPoll'];
  private readonly spentSlots: IdealPipeline['spentSlots'];
  private readonly blockedUntilMs: IdealPipeline['blockedUntilMs'];
  private readonly onSlot: IdealPipeline['onSlot'];
  /** Each order's stage: the index of the call it is on (0 the create, then the customer's calls). */
  private readonly stage: Int32Array;
  /** When each order started waiting for its customer's lock, in ms. */
  private readonly waitingSinceMs: Float64Array;
  /** The orders waiting for each customer's lock; a customer is present while one holds it. */
  private readonly locks = new Map<number, number[]>();
  private readonly latencies: number[];
  private arrived = 0;
  private started = 0;
  private freeWorkers: number;

  // The settings are copied into fields: callers pass objects of several shapes (spread with their own
  // extras), and reading them in the hot methods would make those polymorphic.
  constructor(
    private readonly arrivals: readonly FirstArrival[],
    ideal: IdealPipeline,
  ) {
    this.intervalMs = 1000 / ideal.leakPerSecond;
    this.toleranceMs = (ideal.bucketSize - 1) * this.intervalMs;
    this.callMs = ideal.callMs;
    this.lockedCallMs = ideal.lockedCallMs ?? ideal.callMs;
    this.callsPerOrder = ideal.callsPerOrder;
    this.lifo = ideal.lockOrder === 'lifo';
    this.lockPoll = ideal.lockPoll;
    this.spentSlots = ideal.spentSlots;
    this.blockedUntilMs = ideal.blockedUntilMs;
    this.onSlot = ideal.onSlot;
    this.stage = new Int32Array(arrivals.length);
    this.waitingSinceMs = new Float64Array(arrivals.length);
    this.latencies = new Array<number>(arrivals.length).fill(0);
    this.freeWorkers = ideal.concurrency;
  }

  latenciesMs(): number[] {
    const { events } = this;
    (this.spentSlots ?? []).forEach(({ fromMs }, window) => events.push(fromMs, window * kinds + spend));
    this.arrivals.forEach(({ atMs }, index) => events.push(atMs, index * kinds + arrive));
    while (events.size > 0) {
      this.nowMs = events.peekTimeMs();
      const code = events.pop();
      const index = Math.floor(code / kinds);
      switch (code - index * kinds) {
        case arrive:
          this.arrived++;
          this.startWaiting();
          break;
        case answered:
          this.onAnswer(index);
          break;
        case askAgain:
          this.call(index);
          break;
        case granted:
          this.lockedCalls(index);
          break;
        case spend:
          this.spend(index);
          break;
      }
    }
    return this.latencies;
  }

  /** Order `index` asks for a slot for the call of its stage, which then takes its time. */
  private call(index: number): void {
    const { nowMs } = this;
    const callIndex = this.stage[index]!;
    const slotMs = Math.max(nowMs, this.tatMs - this.toleranceMs);
    const heldUntilMs = this.blockedUntilMs?.(callIndex, slotMs);
    if (heldUntilMs !== undefined && heldUntilMs > slotMs) {
      this.events.push(heldUntilMs, index * kinds + askAgain);
      return;
    }
    this.tatMs = Math.max(this.tatMs, slotMs) + this.intervalMs;
    this.onSlot?.(nowMs, slotMs);
    const takesMs = callIndex === 0 ? this.callMs : this.lockedCallMs;
    this.events.push(slotMs + takesMs, index * kinds + answered);
  }

  private onAnswer(index: number): void {
    const { callsPerOrder } = this;
    const callIndex = this.stage[index]!;
    if (callsPerOrder <= 1) return this.finish(index);
    if (callIndex === 0) return this.lock(index);
    if (callIndex + 1 < callsPerOrder) {
      this.stage[index] = callIndex + 1;
      return this.call(index);
    }
    this.unlock(this.customerOf(index));
    this.finish(index);
  }

  /** The order takes its customer's lock for its read and write, or waits for it. */
  private lock(index: number): void {
    const customer = this.customerOf(index);
    const waiters = this.locks.get(customer);
    if (waiters === undefined) {
      this.locks.set(customer, []);
      this.lockedCalls(index);
    } else {
      this.waitingSinceMs[index] = this.nowMs;
      waiters.push(index);
    }
  }

  private lockedCalls(index: number): void {
    this.stage[index] = 1;
    this.call(index);
  }

  private unlock(customer: number): void {
    const { nowMs, lockPoll } = this;
    const waiters = this.locks.get(customer);
    const next = this.lifo ? waiters?.pop() : waiters?.shift();
    if (next === undefined) this.locks.delete(customer);
    else if (lockPoll === undefined) this.lockedCalls(next);
    else {
      const { pollBaseMs, pollCapMs, worstCase = false } = lockPoll;
      const waitedMs = nowMs - this.waitingSinceMs[next]!;
      const atMs = nowMs + (worstCase ? pollCapMs : Math.min(pollCapMs, waitedMs + pollBaseMs));
      this.events.push(atMs, next * kinds + granted);
    }
  }

  private finish(index: number): void {
    this.latencies[index] = this.nowMs - this.arrivals[index]!.atMs;
    this.freeWorkers++;
    this.startWaiting();
  }

  /** Free workers take the orders that have arrived, in arrival order. */
  private startWaiting(): void {
    while (this.freeWorkers > 0 && this.started < this.arrived) {
      this.freeWorkers--;
      this.call(this.started++);
    }
  }

  /** A window's failing calls take the next slots before its end. */
  private spend(window: number): void {
    const { toMs, calls } = this.spentSlots![window]!;
    for (let sent = 0; sent < calls; sent++) {
      const slotMs = Math.max(this.nowMs, this.tatMs - this.toleranceMs);
      if (slotMs >= toMs) break;
      this.tatMs = Math.max(this.tatMs, slotMs) + this.intervalMs;
    }
  }

  private customerOf(index: number): number {
    return this.arrivals[index]!.customerNumber;
  }
}
