import type { Clock } from './clock.js';

/** A sleep that its owner can end early (see {@link Clock.sleepWakeable}). */
export interface WakeableSleep {
  /** Resolves when the sleep ends: at its time, or at once when {@link WakeableSleep.wake} is called. */
  readonly done: Promise<void>;
  /** Ends the sleep now. Does nothing once it has ended. */
  wake(): void;
}

const noWake = (): void => {};

/**
 * Sleeps `ms` milliseconds on `clock`, ended early by the returned `wake()` or when `signal()` aborts: the
 * clock's own {@link Clock.sleepWakeable} when it has one (the simulator: no AbortSignal made or listened
 * to), else `clock.sleep(ms, signal())` with a `wake` that does nothing — the owner then wakes it by
 * aborting that signal. `signal` is called only in the fallback, so a lazily made signal stays unmade.
 */
export function startWakeableSleep(clock: Clock, ms: number, signal: () => AbortSignal): WakeableSleep {
  return clock.sleepWakeable?.(ms) ?? { done: clock.sleep(ms, signal()), wake: noWake };
}
