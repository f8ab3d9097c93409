import type { Clock, Gate, GateResult } from '../runtime/clock.js';
import { FunnelstormError } from '../runtime/errors.js';

/**
 * An unbounded first-in first-out queue between the webhook intake and the workers, built on the
 * clock's gates so the simulator sees a worker waiting for work. `take()` returns undefined once the
 * queue is closed and empty: that is how workers learn to stop.
 */
export class WorkQueue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;
  private readonly waiters: Gate<T | undefined>[] = [];
  private closed = false;

  constructor(private readonly clock: Clock) {}

  /** Items waiting to be taken. */
  get length(): number {
    return this.items.length - this.head;
  }

  /** Adds an item, handing it straight to a waiting worker if there is one. */
  push(item: T): void {
    if (this.closed)
      throw new FunnelstormError(
        'INTERNAL',
        'WorkQueue.push() after close(): the intake was already closed.',
      );
    const waiter = this.waiters.shift();
    if (waiter !== undefined) {
      waiter.open(item);
      return;
    }
    this.items.push(item);
  }

  /**
   * The next item, waiting for one if needed; undefined when closed and drained. Not an async function:
   * an item at hand is a resolved promise, a wait one `then` on the gate — the taker resumes after as many
   * microtask turns as with an async frame, without the frame (once per order; issue 12).
   */
  take(): Promise<T | undefined> {
    if (this.head < this.items.length) {
      const item = this.items[this.head];
      this.items[this.head++] = undefined;
      // Compact now and then so a long run's queue does not keep every item it ever held.
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      return Promise.resolve(item);
    }
    if (this.closed) return Promise.resolve(undefined);
    const gate = this.clock.gate<T | undefined>();
    this.waiters.push(gate);
    return gate.wait().then(valueOf);
  }

  /** No more items will come: waiting workers get undefined, and so does every later take on empty. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.open(undefined);
  }
}

/** What a taker gets from its gate: the item handed over, or undefined when the wait ended without one. */
function valueOf<T>(outcome: GateResult<T | undefined>): T | undefined {
  return outcome.ok ? outcome.value : undefined;
}
