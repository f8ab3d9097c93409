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
  private readonly onAbort = (): void => {
    const resolve = this.resolveWaiter;
    if (!resolve) return;
    this.resolveWaiter = undefined;
    this.closedForGood = true;
    this.sim.countGateWait(-1);
    this.sim.wake();
    resolve({ ok: false, reason: 'aborted' });
  };

  constructor(private readonly sim: WaitAccounting) {}

  wait(signal?: AbortSignal): Promise<GateResult<T>> {
    if (this.isOpen) return Promise.resolve({ ok: true, value: this.value as T });
    if (this.closedForGood || signal?.aborted) return Promise.resolve({ ok: false, reason: 'aborted' });
    if (this.resolveWaiter) {
      throw new FunnelstormError('INTERNAL', 'A gate takes one waiter; make one gate per waiting process.');
    }
    return new Promise<GateResult<T>>((resolve) => {
      this.resolveWaiter = resolve;
      if (signal) {
        this.signal = signal;
        signal.addEventListener('abort', this.onAbort, { once: true });
      }
      this.sim.countGateWait(1);
      this.sim.block();
    });
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
    return new Promise<GateResult<T>>((resolve) => {
      this.resolveWaiter = resolve;
      this.deadline = deadline;
      this.sim.countGateWait(1);
      this.sim.block();
    });
  }

  /** The deadline of {@link SimGate.waitUntil} passed: the wait ends as aborted. */
  deadlinePassed(): void {
    this.onAbort();
  }

  open(value: T): boolean {
    if (this.isOpen || this.closedForGood) return false;
    this.isOpen = true;
    this.value = value;
    const resolve = this.resolveWaiter;
    if (resolve) {
      this.resolveWaiter = undefined;
      this.signal?.removeEventListener('abort', this.onAbort);
      this.deadline?.unwatch(this);
      this.sim.countGateWait(-1);
      this.sim.wake();
      resolve({ ok: true, value });
    }
    return true;
  }
}
