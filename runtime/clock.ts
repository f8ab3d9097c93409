import type { Deadline } from './deadline.js';
import type { WakeableSleep } from './wakeable-sleep.js';

/**
 * The Clock seam: the only way the deterministic core (mocks, pipeline, scenarios, sim) reads time, waits,
 * or blocks on another process. In sim mode it is the simulator's virtual clock; in live and drill modes
 * it is {@link systemClock}. See docs/decisions/001-scheduler.md for why blocking lives here too.
 *
 * The rule that keeps the simulator exact: a process waits on **one** thing at a time — a `sleep`, a
 * `Gate.wait`, or a Transport call (which is built from those). To wait with a deadline, pass an
 * `AbortSignal` from {@link Clock.timeout}; never `Promise.race` two waits.
 */
export interface Clock {
  /** Current time in milliseconds. Virtual time starts at 0; real time is the Unix epoch. */
  nowMs(): number;
  /**
   * Waits `ms` milliseconds (0 and negative values yield to other ready processes, then continue).
   * Resolves early, without throwing, when `signal` aborts; check `signal.aborted` when that matters.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** An AbortSignal that aborts `ms` milliseconds from now on this clock. */
  timeout(ms: number): AbortSignal;
  /**
   * Optional: a timeout that can be called off ({@link startDeadline} falls back to `timeout`). A clock
   * that queues its timers (the simulator) drops a cancelled one instead of firing it later for nothing.
   */
  deadline?(ms: number): Deadline;
  /**
   * Optional: a sleep of `ms` milliseconds that its owner ends early with `wake()` instead of an
   * AbortSignal (`startWakeableSleep` falls back to `sleep` with a signal). The simulator's makes
   * no AbortController and adds no listener: a lease renewer sleeps this way once per held lock.
   */
  sleepWakeable?(ms: number): WakeableSleep;
  /**
   * Optional: calls `callback` `ms` milliseconds from now, unless cancelled first. The callback is not a
   * process: it must not wait (it may start one). The simulator's is one queued event, dropped when
   * cancelled: a lease starts its renewer process this way only once a renewal is due (pipeline/lease.ts).
   */
  timer?(ms: number, callback: () => void): ClockTimer;
  /** A one-shot hand-off from one process to another that this clock's scheduler can see. */
  gate<T>(): Gate<T>;
}

/** A timer from {@link Clock.timer}. */
export interface ClockTimer {
  /** Calls the timer off: its callback will not run. Does nothing once it has run or been cancelled. */
  cancel(): void;
}

/** What a {@link Gate} wait ends with: the opened value, or `aborted` when the signal fired first. */
export type GateResult<T> = { ok: true; value: T } | { ok: false; reason: 'aborted' };

/**
 * A one-shot hand-off: one process waits, any other opens it once with a value. Queues, locks and
 * semaphores are built from gates so that the simulator always knows who is blocked.
 */
export interface Gate<T> {
  /** True once {@link Gate.open} has been called. */
  readonly isOpen: boolean;
  /** Waits for the value (at most one waiter). Resolves at once when already open. */
  wait(signal?: AbortSignal): Promise<GateResult<T>>;
  /** Opens the gate with `value`. Returns false (and does nothing) when already open or abandoned by an abort. */
  open(value: T): boolean;
}
