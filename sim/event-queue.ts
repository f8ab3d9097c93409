import { TimedCodes } from './timed-codes.js';

/**
 * Something that happens at a virtual time. Handlers are objects rather than closures so that a
 * cancellable event is one small allocation.
 */
export interface EventHandler {
  /** Runs the event. Must not wait: a handler only changes state and wakes processes. */
  fire(): void;
  /** Set when the event was cancelled after it was queued; the queue's owner then skips it. */
  cancelled: boolean;
  /**
   * A daemon event (a timeout) does not by itself keep a simulation alive: when nothing but daemon
   * events remain and no process waits on a gate, the run is over.
   */
  readonly daemon: boolean;
}

/**
 * What the queue holds: a handler object, or a bare function that wakes a sleeping process (the hot
 * path: a plain `sleep` queues its promise's resolve function and allocates nothing else).
 */
export type QueuedEvent = EventHandler | (() => void);

/**
 * The simulator's queue of events, ordered by time, then by insertion order, so that events at the same
 * virtual time run first-in first-out and every run is deterministic.
 *
 * The order is a {@link TimedCodes} heap of numbers — time, sequence number and a slot id — and the event
 * objects sit still in a slot table. Sifting therefore moves numbers, never object references, which keeps
 * the garbage collector's write barrier off the hot path.
 */
export class EventQueue {
  /** Each queued entry's time and the slot of its event. */
  private readonly heap = new TimedCodes();
  private events: (QueuedEvent | undefined)[] = new Array<QueuedEvent | undefined>(1024).fill(undefined);
  /** 1 for a slot holding a daemon: kept apart so a dropped event's entry still counts as it did. */
  private daemons = new Uint8Array(1024);
  private freeSlots = new Int32Array(1024);
  private freeCount = 0;
  /** Number of queued events that are not daemons. */
  liveCount = 0;
  /** Time of the event most recently returned by {@link EventQueue.pop}. */
  poppedTimeMs = 0;

  constructor() {
    for (let slot = 1023; slot >= 0; slot--) this.freeSlots[this.freeCount++] = slot;
  }

  /** Number of queued events, cancelled and dropped ones included until they are popped. */
  get size(): number {
    return this.heap.size;
  }

  /** Queues `event` to fire at `timeMs`. Returns its slot, for {@link EventQueue.drop}. */
  push(timeMs: number, event: QueuedEvent): number {
    const daemon = typeof event !== 'function' && event.daemon;
    if (!daemon) this.liveCount++;
    return this.insert(timeMs, event, daemon ? 1 : 0);
  }

  /** Queues a sleeping process's wake-up (never a daemon): the simulator's hot path. */
  pushWake(timeMs: number, wake: () => void): void {
    this.liveCount++;
    this.insert(timeMs, wake, 0);
  }

  /**
   * Lets go of a cancelled `event` queued in `slot` (from {@link EventQueue.push}) at once: its entry stays
   * in the heap as numbers, popped at its time as `undefined` (counted in `size` and, unless a daemon, in
   * `liveCount` until then, as a cancelled event always was), but the object is no longer held. A cancelled
   * request deadline would otherwise live on for its whole timeout — long enough to be promoted to the old
   * generation, one per request (issue 12). Does nothing when the slot no longer holds `event` (popped).
   */
  drop(slot: number, event: QueuedEvent): void {
    if (this.events[slot] === event) this.events[slot] = undefined;
  }

  private insert(timeMs: number, event: QueuedEvent, daemon: number): number {
    if (this.freeCount === 0) this.grow();
    const slot = this.freeSlots[--this.freeCount]!;
    this.events[slot] = event;
    this.daemons[slot] = daemon;
    this.heap.push(timeMs, slot);
    return slot;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTimeMs(): number {
    return this.heap.size === 0 ? Infinity : this.heap.peekTimeMs();
  }

  /**
   * Removes the earliest entry and returns its event — `undefined` for a dropped one, or when empty;
   * {@link EventQueue.poppedTimeMs} holds its time.
   */
  pop(): QueuedEvent | undefined {
    if (this.heap.size === 0) return undefined;
    this.poppedTimeMs = this.heap.peekTimeMs();
    const slot = this.heap.pop();
    const top = this.events[slot];
    this.events[slot] = undefined;
    this.freeSlots[this.freeCount++] = slot;
    if (this.daemons[slot] === 0) this.liveCount--;
    return top;
  }

  /** Doubles the slot table (the heap grows by itself). */
  private grow(): void {
    const old = this.events.length;
    const capacity = old * 2;
    this.freeSlots = grown(this.freeSlots, new Int32Array(capacity));
    this.daemons = grown(this.daemons, new Uint8Array(capacity));
    for (let slot = capacity - 1; slot >= old; slot--) this.freeSlots[this.freeCount++] = slot;
    for (let slot = old; slot < capacity; slot++) this.events.push(undefined);
  }
}

function grown<T extends Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
