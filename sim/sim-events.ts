import type { Deadline } from '../runtime/deadline.js';
import type { EventHandler } from './event-queue.js';
import type { WaitAccounting } from './wait-accounting.js';

/** A process sleeping until its event fires (or its signal aborts). */
export class SleepWait implements EventHandler {
  cancelled = false;
  readonly daemon = false;
  private signal: AbortSignal | undefined;
  private onAbort: (() => void) | undefined;

  constructor(
    private readonly sim: WaitAccounting,
    private readonly resolve: () => void,
  ) {}

  listenTo(signal: AbortSignal): void {
    this.signal = signal;
    this.onAbort = () => {
      if (this.cancelled) return;
      this.cancelled = true;
      this.sim.wake();
      this.resolve();
    };
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  fire(): void {
    this.cancelled = true;
    if (this.onAbort) this.signal!.removeEventListener('abort', this.onAbort);
    this.sim.wake();
    this.resolve();
  }
}

/**
 * Aborts a controller at its time: the clock's `timeout(ms)` and `deadline(ms)`. A cancelled one stays in
 * the queue until its time and is then skipped, never fired (nor counted as an event).
 */
export class TimeoutEvent implements EventHandler, Deadline {
  cancelled = false;
  readonly daemon = true;

  constructor(
    private readonly controller: AbortController,
    private readonly reason: DOMException,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  cancel(): void {
    this.cancelled = true;
  }

  fire(): void {
    this.controller.abort(this.reason);
  }
}

/** A plain callback at a time (see `Simulator.at`). */
export class CallbackEvent implements EventHandler {
  cancelled = false;
  readonly daemon = false;

  constructor(private readonly callback: () => void) {}

  fire(): void {
    this.callback();
  }
}
