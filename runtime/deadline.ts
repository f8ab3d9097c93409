import type { Clock } from './clock.js';

/** A timeout that its owner can call off once the wait it bounds is over (see {@link Clock.deadline}). */
export interface Deadline {
  /** Aborts (with a `TimeoutError`) when the deadline passes, unless cancelled first. */
  readonly signal: AbortSignal;
  /** Calls the deadline off: its signal will not abort. Does nothing once it has. */
  cancel(): void;
}

const noCancel = (): void => {};

/**
 * A deadline `ms` milliseconds from now on `clock`: the clock's own {@link Clock.deadline} when it has one
 * (the simulator: a cancelled deadline leaves no timer behind to fire), else `clock.timeout(ms)` with a
 * cancel that does nothing (a real `AbortSignal.timeout` timer does not keep the process alive).
 */
export function startDeadline(clock: Clock, ms: number): Deadline {
  return clock.deadline?.(ms) ?? { signal: clock.timeout(ms), cancel: noCancel };
}
