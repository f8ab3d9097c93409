import type { ShopifyOutcome } from '../mocks/shopify-service.js';
import type { DispatchResult, HttpRequest } from '../runtime/transport.js';
import type { EventHandler } from './event-queue.js';
import type { DeadlineWatcher, TimeoutEvent } from './sim-events.js';

/** What an {@link Exchange} needs from its network: the clock, the queue, the server and the way back. */
export interface ExchangeHost {
  nowMs(): number;
  /** Queues `event` at `atMs` (or now, if earlier). */
  schedule(atMs: number, event: EventHandler): void;
  block(): void;
  wake(): void;
  countGateWait(delta: number): void;
  /** Decides the request at its arrival time; `row` is what the recorder's `invoked` gave it (−1: none). */
  serve(request: HttpRequest, nowMs: number, row: number): ShopifyOutcome;
  /** The caller gets `result` now: tells the network's recorder, if any (`row` as for `serve`). */
  completed(row: number, result: DispatchResult): void;
  /** The return leg's duration, in ms, drawn when the answer leaves. */
  oneWayMs(): number;
}

/**
 * One request on the simulated network (sim-network.ts) as a single queued object: its first firing is
 * the arrival at the server, its second the answer's arrival back at the caller, who waits on `done`. It
 * replaces a gate, two callback events and their closures per request (issue 12: allocations per request
 * are the largest cost of a run), and resolves with the dispatch's result itself, so the caller's await is
 * one promise. The wait is counted as a gate wait, exactly as a `SimGate` counts one: the caller blocks,
 * and the answer (or its deadline, or its signal) wakes it.
 */
export class Exchange implements EventHandler, DeadlineWatcher {
  cancelled = false;
  readonly daemon = false;
  /** The server's answer once decided (the second firing delivers it); undefined while on the way out. */
  private answer: DispatchResult | undefined;
  private resolve: ((result: DispatchResult) => void) | undefined;
  private deadline: TimeoutEvent | undefined;
  private signal: AbortSignal | undefined;
  /** What the caller gets when its deadline or signal ends the wait first. */
  private gaveUp: (() => DispatchResult) | undefined;

  /**
   * @param row - The request's row in the network's recorder (sim/history.ts), handed back to the host
   *   when the server decides it and when the caller gets its result; −1 without a recorder.
   */
  constructor(
    private readonly host: ExchangeHost,
    private readonly request: HttpRequest,
    private readonly row: number,
  ) {}

  /**
   * Waits for the answer until `deadline` expires (watched directly) or `signal` aborts; `gaveUp` makes
   * the result then. Call once, right after the exchange was queued.
   */
  wait(
    deadline: TimeoutEvent | undefined,
    signal: AbortSignal | undefined,
    gaveUp: () => DispatchResult,
  ): Promise<DispatchResult> {
    this.gaveUp = gaveUp;
    this.deadline = deadline;
    this.signal = signal;
    Exchange.starting = this;
    return new Promise<DispatchResult>(Exchange.startWaiting);
  }

  /** The exchange whose {@link Exchange.wait} is making its promise; its executor takes it at once. */
  private static starting: Exchange | undefined;

  /**
   * The executor of every exchange's promise: one function made once, which takes the exchange from
   * `starting`, instead of a closure per request (issue 12). It takes it first thing, before the exchange
   * blocks its caller — blocking may run the simulator on, and with it other exchanges' `wait`.
   */
  private static readonly startWaiting = (resolve: (result: DispatchResult) => void): void => {
    const exchange = Exchange.starting!;
    Exchange.starting = undefined;
    exchange.start(resolve);
  };

  /** The promise's executor's work: takes the caller's `resolve`, watches the deadline or signal, blocks. */
  private start(resolve: (result: DispatchResult) => void): void {
    this.resolve = resolve;
    const { deadline, signal } = this;
    this.deadline = undefined;
    this.signal = undefined;
    if (deadline !== undefined) {
      if (deadline.watch(this)) this.deadline = deadline;
      else this.listenTo(deadline.signal);
    } else if (signal !== undefined) this.listenTo(signal);
    this.host.countGateWait(1);
    this.host.block();
  }

  fire(): void {
    const host = this.host;
    if (this.answer === undefined) {
      const outcome = host.serve(this.request, host.nowMs(), this.row);
      if (outcome.kind === 'hang') return;
      this.answer =
        outcome.kind === 'response'
          ? { ok: true, response: outcome.response }
          : { ok: false, error: { kind: 'reset', message: resetMessage } };
      host.schedule(host.nowMs() + outcome.delayMs + host.oneWayMs(), this);
      return;
    }
    this.end(this.answer);
  }

  /** The deadline passed first: the caller gives up. */
  deadlinePassed(): void {
    this.end(this.gaveUp!());
  }

  /** The signal aborted first (the exchange is its own listener: no closure per request). */
  handleEvent(): void {
    this.end(this.gaveUp!());
  }

  private listenTo(signal: AbortSignal): void {
    this.signal = signal;
    signal.addEventListener('abort', this, { once: true });
  }

  /** Wakes the caller with `result`, once; later calls do nothing. */
  private end(result: DispatchResult): void {
    const resolve = this.resolve;
    if (resolve === undefined) return;
    this.resolve = undefined;
    this.signal?.removeEventListener('abort', this);
    this.deadline?.unwatch(this);
    const host = this.host;
    host.completed(this.row, result);
    host.countGateWait(-1);
    host.wake();
    resolve(result);
  }
}

/** The error a caller gets when the server drops the connection (a `reset` outcome). */
const resetMessage = 'The server closed the connection without an answer.';
