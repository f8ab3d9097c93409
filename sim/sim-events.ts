import type { ClockTimer } from '../runtime/clock.js';
import type { Deadline } from '../runtime/deadline.js';
import type { WakeableSleep } from '../runtime/wakeable-sleep.js';
import type { EventHandler, EventQueue } from './event-queue.js';
import type { WaitAccounting } from './wait-accounting.js';

/** A process sleeping until its event fires (or its signal aborts, or its owner wakes it). */
export class SleepWait implements EventHandler {
  cancelled = false;
  readonly daemon = false;
  private signal: AbortSignal | undefined;
  private onAbort: (() => void) | undefined;
  /** Its slot in `queue` (EventQueue.push), to let go of it when woken early. */
  slot = -1;

  constructor(
    private readonly sim: WaitAccounting,
    private readonly resolve: () => void,
    private readonly queue?: EventQueue,
  ) {}

  listenTo(signal: AbortSignal): void {
    this.signal = signal;
    this.onAbort = () => this.wake();
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Ends the sleep now (its event, still queued, is then skipped). Does nothing once it has ended. */
  wake(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.queue?.drop(this.slot, this);
    this.sim.wake();
    this.resolve();
  }

  fire(): void {
    this.cancelled = true;
    if (this.onAbort) this.signal!.removeEventListener('abort', this.onAbort);
    this.sim.wake();
    this.resolve();
  }
}

/**
 * The simulator's `sleepWakeable(ms)`: a {@link SleepWait} that its owner ends with `wake()`, with no
 * AbortSignal behind it (runtime/wakeable-sleep.ts).
 */
export class SimWakeableSleep implements WakeableSleep {
  constructor(
    readonly done: Promise<void>,
    private readonly wait: SleepWait,
  ) {}

  wake(): void {
    this.wait.wake();
  }
}

/** A wait told directly when a {@link TimeoutEvent} passes (an object, so a wait needs no closure for it). */
export interface DeadlineWatcher {
  deadlinePassed(): void;
}

/**
 * The clock's `timeout(ms)` and `deadline(ms)`: at its time it expires — aborts its signal and tells its
 * watcher. The AbortController behind the signal is made only when someone reads `signal`: the simulated
 * network waits on the deadline itself ({@link TimeoutEvent.watch}), so a request whose deadline only a
 * timeout stage and the network see costs no controller (issue 12). A cancelled one is let go of at once;
 * its entry stays in the queue until its time and is then skipped, never fired (nor counted as an event).
 */
export class TimeoutEvent implements EventHandler, Deadline {
  cancelled = false;
  readonly daemon = true;
  /** True once the deadline has passed (the event fired). */
  expired = false;
  private controller: AbortController | undefined;
  private watcher: DeadlineWatcher | undefined;
  /** Its slot in `queue` (EventQueue.push), to let go of it when cancelled. */
  slot = -1;

  /**
   * @param owner - The simulator whose queue holds this event: only its own network may watch it.
   * @param reason - What the signal aborts with.
   * @param queue - The queue holding it, which lets go of it when it is cancelled.
   */
  constructor(
    readonly owner: object,
    private readonly reason: DOMException,
    private readonly queue?: EventQueue,
  ) {}

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.expired) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  cancel(): void {
    if (this.cancelled || this.expired) return;
    this.cancelled = true;
    this.queue?.drop(this.slot, this);
  }

  /**
   * Tells `watcher` when the deadline passes (after the signal's own listeners). One watcher at a time:
   * false, and nothing done, when another is watching — that caller waits on `signal` instead.
   */
  watch(watcher: DeadlineWatcher): boolean {
    if (this.watcher !== undefined) return false;
    this.watcher = watcher;
    return true;
  }

  /** Stops telling `watcher` (it no longer waits). */
  unwatch(watcher: DeadlineWatcher): void {
    if (this.watcher === watcher) this.watcher = undefined;
  }

  fire(): void {
    this.expired = true;
    this.controller?.abort(this.reason);
    const watcher = this.watcher;
    this.watcher = undefined;
    watcher?.deadlinePassed();
  }
}

/** A plain callback at a time (see `Simulator.at` and `Simulator.timer`). */
export class CallbackEvent implements EventHandler, ClockTimer {
  cancelled = false;
  readonly daemon = false;
  /** Its slot in `queue` (EventQueue.push), to let go of it when cancelled. */
  slot = -1;

  constructor(
    private readonly callback: () => void,
    private readonly queue?: EventQueue,
  ) {}

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.queue?.drop(this.slot, this);
  }

  fire(): void {
    this.cancelled = true;
    this.callback();
  }
}
