import type { Gate, GateResult } from '../runtime/clock.js';
import { FunnelstormError } from '../runtime/errors.js';
import type { DeadlineWatcher, TimeoutEvent } from './sim-events.js';
import type { WaitAccounting } from './wait-accounting.js';

/** A one-shot hand-off that the simulator counts: waiting blocks the process, opening wakes it. */
export class SimGate<T> implements Gate<T>, DeadlineWatcher {
  isOpen = false;
  private closedForGood = false;
  private value: T | undefined;
  private resolveWaiter: ((result: GateResult<T>) => void) | undefined;
  private signal: AbortSignal | undefined;
  private deadline: TimeoutEvent | undefined;
  /** The signal a `wait` is starting to listen to; its executor takes it at once (see `startWaiting`). */
  private pendingSignal: AbortSignal | undefined;

  constructor(private readonly sim: WaitAccounting) {}

  /**
   * The waiter's signal aborted: the wait ends as aborted. The gate is its own listener — a method, not
   * an arrow made per gate (issue 12: a gate per lock wait and per paused call).
   */
  handleEvent(): void {
    this.abort();
  }

  private abort(): void {
    const resolve = this.resolveWaiter;
    if (!resolve) return;
    this.resolveWaiter = undefined;
    this.closedForGood = true;
    this.sim.countGateWait(-1);
    this.sim.wake();
    resolve({ ok: false, reason: 'aborted' });
  }

  /** The gate whose `wait` or `waitUntil` is making its promise; the executor takes it at once. */
  private static starting: SimGate<unknown> | undefined;

  /**
   * The executor of every gate's promise: one function made once, which takes the gate from `starting`,
   * instead of a closure per wait. It takes it first thing: blocking may run the simulator on, and with it
   * other gates' waits.
   */
  private static readonly startWaiting = (resolve: (result: GateResult<unknown>) => void): void => {
    const gate = SimGate.starting!;
    SimGate.starting = undefined;
    gate.start(resolve);
  };

  /** The executor's work: takes the waiter's `resolve`, listens to the pending signal if any, blocks. */
  private start(resolve: (result: GateResult<T>) => void): void {
    this.resolveWaiter = resolve;
    const signal = this.pendingSignal;
    this.pendingSignal = undefined;
    if (signal) {
      this.signal = signal;
      signal.addEventListener('abort', this, { once: true });
    }
    this.sim.countGateWait(1);
    this.sim.block();
  }

  wait(signal?: AbortSignal): Promise<GateResult<T>> {
    if (this.isOpen) return Promise.resolve({ ok: true, value: this.value as T });
    if (this.closedForGood || signal?.aborted) return Promise.resolve({ ok: false, reason: 'aborted' });
    if (this.resolveWaiter) {
      throw new FunnelstormError('INTERNAL', 'A gate takes one waiter; make one gate per waiting process.');
    }
    this.pendingSignal = signal;
    SimGate.starting = this as SimGate<unknown>;
    return new Promise<GateResult<unknown>>(SimGate.startWaiting) as Promise<GateResult<T>>;
  }

  /**
   * As {@link SimGate.wait} with the deadline's signal, but watching the simulator's own deadline event
   * directly, so that its AbortController is never made (sim-events.ts, `TimeoutEvent`). Falls back to
   * the signal when another wait already watches that deadline.
   */
  waitUntil(deadline: TimeoutEvent): Promise<GateResult<T>> {
    if (this.isOpen) return Promise.resolve({ ok: true, value: this.value as T });
    if (this.closedForGood || deadline.expired) return Promise.resolve({ ok: false, reason: 'aborted' });
    if (this.resolveWaiter) {
      throw new FunnelstormError('INTERNAL', 'A gate takes one waiter; make one gate per waiting process.');
    }
    if (!deadline.watch(this)) return this.wait(deadline.signal);
    this.deadline = deadline;
    SimGate.starting = this as SimGate<unknown>;
    return new Promise<GateResult<unknown>>(SimGate.startWaiting) as Promise<GateResult<T>>;
  }

  /** The deadline of {@link SimGate.waitUntil} passed: the wait ends as aborted. */
  deadlinePassed(): void {
    this.abort();
  }

  open(value: T): boolean {
    if (this.isOpen || this.closedForGood) return false;
    this.isOpen = true;
    this.value = value;
    const resolve = this.resolveWaiter;
    if (resolve) {
      this.resolveWaiter = undefined;
      this.signal?.removeEventListener('abort', this);
      this.deadline?.unwatch(this);
      this.sim.countGateWait(-1);
      this.sim.wake();
      resolve({ ok: true, value });
    }
    return true;
  }
}
