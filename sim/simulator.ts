import type { Clock, ClockTimer, Gate } from '../runtime/clock.js';
import type { Deadline } from '../runtime/deadline.js';
import type { WakeableSleep } from '../runtime/wakeable-sleep.js';
import { FunnelstormError } from '../runtime/errors.js';
import { nextMacrotask } from '../runtime/macrotask.js';
import { EventQueue, type EventHandler } from './event-queue.js';
import { CallbackEvent, SimWakeableSleep, SleepWait, TimeoutEvent } from './sim-events.js';
import { SimGate } from './sim-gate.js';
import type { WaitAccounting } from './wait-accounting.js';

/** How a simulation ended. */
export interface SimulationResult {
  /** Virtual time at the end, in ms. */
  endMs: number;
  /** Events fired (cancelled ones not counted). */
  events: number;
  /** Processes still waiting on a gate that nothing can open any more (0 in a healthy run). */
  blockedWaits: number;
  /** True when the run stopped at `untilMs` with work left. */
  truncated: boolean;
}

/** Options for {@link Simulator.run}. */
export interface RunOptions {
  /** Stop before the first event later than this virtual time, in ms. Defaults to no limit. */
  untilMs?: number;
  /**
   * Called every `progressEveryEvents` events with the virtual time and the events so far, for progress
   * displays. It runs inside the event loop: it must not wait, and should be cheap.
   */
  onProgress?: (nowMs: number, events: number) => void;
  /** How often `onProgress` is called, in events. Defaults to 65,536. */
  progressEveryEvents?: number;
}

/**
 * A deterministic discrete-event simulator that runs ordinary async/await code on virtual time, and the
 * `Clock` of sim mode.
 *
 * Processes are async functions started with {@link Simulator.spawn}. The simulator counts how many are
 * *ready* (running, or woken and about to run). A process stops being ready when it waits through this
 * clock — `sleep`, a gate's `wait`, or anything built on them — and becomes ready again when the event it
 * waits for fires. Only when no process is ready does virtual time advance to the next event. So every
 * process sees the exact virtual time of its wake-up, with no real timer and no macrotask hop per event
 * (docs/decisions/001-scheduler.md).
 *
 * The one rule for code run on it: wait on one thing at a time and await it at once. To bound a wait, pass
 * an AbortSignal from {@link Simulator.timeout}; never `Promise.race` two waits, and never await a plain
 * promise that another process resolves (the simulator cannot see it and would report a stall).
 *
 * @example
 * const sim = new Simulator();
 * sim.spawn('hello', async () => { await sim.sleep(1000); log(sim.nowMs()); }); // logs 1000
 * await sim.run();
 */
export class Simulator implements Clock, WaitAccounting {
  private readonly queue = new EventQueue();
  private now = 0;
  private ready = 0;
  private gateWaits = 0;
  private events = 0;
  private started = false;
  private finished = false;
  /** True while started, not finished and not already stepping (the step is not re-entrant). */
  private canStep = false;
  private untilMs = Infinity;
  private truncated = false;
  private failure: unknown;
  private failedProcess = '';
  private resolveRun: (() => void) | undefined;
  private sleepUntilMs = 0;
  private onProgress: RunOptions['onProgress'];
  private progressEveryEvents = 65_536;
  private nextProgressAt = Infinity;
  /**
   * The reason every simulated timeout aborts with: the `TimeoutError` that AbortSignal.timeout() gives in
   * real time, so callers tell a deadline from a cancel the same way in both modes. One shared instance,
   * because building a DOMException captures a stack trace, and a run fires one timeout per request.
   */
  private readonly timeoutReason = new DOMException(
    'The operation timed out on the simulated clock.',
    'TimeoutError',
  );
  private readonly sleepExecutor = (resolve: () => void): void => {
    this.queue.pushWake(this.sleepUntilMs, resolve);
    this.block();
  };

  nowMs(): number {
    return this.now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const atMs = ms > 0 ? this.now + ms : this.now;
    if (signal === undefined) {
      // The hot path: the queue holds the promise's resolve function itself, and the executor is one
      // function made once (it reads the wake time from a field) rather than a closure per sleep.
      this.sleepUntilMs = atMs;
      return new Promise<void>(this.sleepExecutor);
    }
    if (signal.aborted) return Promise.resolve();
    return this.queueSleep(atMs, signal).done;
  }

  sleepWakeable(ms: number): WakeableSleep {
    const { done, wait } = this.queueSleep(ms > 0 ? this.now + ms : this.now);
    return new SimWakeableSleep(done, wait);
  }

  /**
   * A sleep until `atMs` that something other than its event can end: `signal` (listened to before the
   * process blocks), or its owner's `wait.wake()`.
   */
  private queueSleep(atMs: number, signal?: AbortSignal): { done: Promise<void>; wait: SleepWait } {
    let wait: SleepWait | undefined;
    const done = new Promise<void>((resolve) => {
      wait = new SleepWait(this, resolve, this.queue);
      wait.slot = this.queue.push(atMs, wait);
      if (signal !== undefined) wait.listenTo(signal);
      this.block();
    });
    return { done, wait: wait! };
  }

  timeout(ms: number): AbortSignal {
    return this.deadline(ms).signal;
  }

  deadline(ms: number): Deadline {
    const event = new TimeoutEvent(this, this.timeoutReason, this.queue);
    event.slot = this.queue.push(this.now + Math.max(0, ms), event);
    return event;
  }

  timer(ms: number, callback: () => void): ClockTimer {
    const event = new CallbackEvent(callback, this.queue);
    event.slot = this.queue.push(this.now + Math.max(0, ms), event);
    return event;
  }

  gate<T>(): Gate<T> {
    return new SimGate<T>(this);
  }

  /**
   * Runs `callback` at virtual time `atMs` (or now, if earlier). The callback is not a process: it must
   * not wait; it changes state and may open gates. Returns a function that cancels it.
   */
  at(atMs: number, callback: () => void): () => void {
    const event = new CallbackEvent(callback);
    this.queue.push(Math.max(this.now, atMs), event);
    return () => {
      event.cancelled = true;
    };
  }

  /**
   * @internal Queues `event` at virtual time `atMs` (or now, if earlier): for event objects that fire more
   * than once (the simulated network's exchanges, sim-exchange.ts) or carry their own state.
   */
  schedule(atMs: number, event: EventHandler): void {
    this.queue.push(Math.max(this.now, atMs), event);
  }

  /**
   * Starts a process. `name` labels it in errors. A process that throws ends the run: {@link Simulator.run}
   * rejects with `SIM_PROCESS_FAILED`.
   */
  spawn(name: string, body: () => Promise<void>): void {
    this.ready++;
    Promise.resolve()
      .then(body)
      .then(
        () => this.exit(),
        (error: unknown) => this.crash(name, error),
      );
  }

  /** Runs the simulation until no process is ready and no event is left (or `untilMs`). */
  async run(options: RunOptions = {}): Promise<SimulationResult> {
    if (this.started) throw new FunnelstormError('INTERNAL', 'Simulator.run() was called twice.');
    this.started = true;
    this.untilMs = options.untilMs ?? Infinity;
    this.onProgress = options.onProgress;
    this.progressEveryEvents = Math.max(1, options.progressEveryEvents ?? 65_536);
    this.nextProgressAt = this.onProgress ? this.progressEveryEvents : Infinity;
    const done = new Promise<void>((resolve) => {
      this.resolveRun = resolve;
    });
    this.canStep = true;
    if (this.ready === 0) this.runUntilSomeoneIsReady();
    // The whole run is one chain of microtasks; the macrotask fires once that chain ends. If the run has
    // not finished by then, some process awaits something the simulator cannot see.
    await Promise.race([done, nextMacrotask()]);
    if (this.failure !== undefined) {
      throw new FunnelstormError(
        'SIM_PROCESS_FAILED',
        `Simulated process "${this.failedProcess}" failed at t=${this.now} ms: ${describe(this.failure)}`,
        { cause: this.failure },
      );
    }
    if (!this.finished) {
      throw new FunnelstormError(
        'SIM_STALLED',
        `The simulation stalled at t=${this.now} ms: ${this.ready} process(es) count as ready but none ran. ` +
          'A process awaited a promise the simulator cannot see, or waited on two things at once. ' +
          'Wait only through the Clock (sleep, gate, timeout signals).',
      );
    }
    return { endMs: this.now, events: this.events, blockedWaits: this.gateWaits, truncated: this.truncated };
  }

  /** @internal A process has started waiting. */
  block(): void {
    if (--this.ready === 0 && this.canStep) this.runUntilSomeoneIsReady();
  }

  /** @internal A waiting process has been woken. */
  wake(): void {
    this.ready++;
  }

  /** @internal Gate bookkeeping: `delta` is +1 when a process starts waiting on a gate, −1 when it stops. */
  countGateWait(delta: number): void {
    this.gateWaits += delta;
  }

  private exit(): void {
    if (--this.ready === 0 && this.canStep) this.runUntilSomeoneIsReady();
  }

  private crash(name: string, error: unknown): void {
    if (this.failure === undefined) {
      this.failure = error;
      this.failedProcess = name;
    }
    this.finish();
  }

  /**
   * Fires events in time order until one wakes a process. Runs synchronously inside the call of the last
   * process to block (its sleep or gate wait); the woken process resumes in a microtask, after that
   * caller's synchronous work is done.
   */
  private runUntilSomeoneIsReady(): void {
    this.canStep = false;
    const queue = this.queue;
    while (this.ready === 0) {
      if (this.events >= this.nextProgressAt) {
        this.nextProgressAt += this.progressEveryEvents;
        this.onProgress?.(this.now, this.events);
      }
      // Daemon events (timeouts) alone keep the run going only while some process waits on a gate.
      if (queue.size === 0 || (queue.liveCount === 0 && this.gateWaits === 0)) {
        this.finish();
        return;
      }
      if (queue.peekTimeMs() > this.untilMs) {
        this.truncated = true;
        this.finish();
        return;
      }
      const event = queue.pop();
      // A dropped event (a cancelled deadline or an ended sleep, let go of at once).
      if (event === undefined) continue;
      if (typeof event === 'function') {
        // A plain sleep ends: wake its process.
        this.now = queue.poppedTimeMs;
        this.events++;
        this.ready++;
        event();
        continue;
      }
      if (event.cancelled) continue;
      this.now = queue.poppedTimeMs;
      this.events++;
      try {
        event.fire();
      } catch (error) {
        // A callback is not a process: without this, its error would surface in whichever process
        // happened to block last, under that process's name.
        this.crash(`event at t=${this.now} ms`, error);
        return;
      }
    }
    this.canStep = !this.finished;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.canStep = false;
    this.resolveRun?.();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
