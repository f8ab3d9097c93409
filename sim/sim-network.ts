import type { FaultRoute } from '../mocks/faults/fault-plan.js';
import { faultTargetOf } from '../mocks/faults/fault-route.js';
import type { ShopifyOutcome } from '../mocks/shopify-service.js';
import type { Random } from '../runtime/random.js';
import type { Dispatch, DispatchOptions, DispatchResult, HttpRequest } from '../runtime/transport.js';
import { TimeoutEvent } from './sim-events.js';
import { Exchange, type ExchangeHost } from './sim-exchange.js';
import type { Simulator } from './simulator.js';

/** The simulated network between the system under test and Shopify. */
export interface SimNetworkOptions {
  /** Fixed round trip, in milliseconds (half each way). Defaults to 100 ms. */
  roundTripMs: number;
  /** Uniform extra delay added to each direction independently, in milliseconds. Defaults to 0. */
  jitterMs: number;
  /** Requests held on their way to the server. Absent (the default): none is held. */
  pauses?: SimNetworkPauses;
  /** Watches every request at both ends (the run's history, sim/history.ts). Absent (the default): none. */
  recorder?: NetworkRecorder;
}

/**
 * Watches each request of a simulated network at its three moments — sent, decided by the server, its
 * result given to the caller — without wrapping the transport or the server: the network hands the
 * recorder's row back at each moment, so a recorder needs no promise, closure, copy of the request or map
 * per request (issue 12: a wrapping recorder cost about 3.6 KB an order of black-friday-plus).
 */
export interface NetworkRecorder {
  /** The caller sent `request` now, before the network drew anything for it; returns the request's row. */
  invoked(request: HttpRequest): number;
  /** The request of `row` reached the server at `nowMs`: the recorder calls `server` to decide it. */
  decided(row: number, request: HttpRequest, nowMs: number, server: ServerHandler): ShopifyOutcome;
  /** The caller of `row` gets `result` now. */
  completed(row: number, result: DispatchResult): void;
}

/**
 * Requests held on their outbound leg: a client process paused (GC, a stopped VM) or a slow link between
 * the check of a lock and the write it guards — the write then reaches the server after the lease ran out
 * (Kleppmann, "How to do distributed locking", 2016).
 */
export interface SimNetworkPauses {
  /** The chance that a request is held, in [0, 1]. */
  probability: number;
  /** How much longer a held request takes to reach the server, in milliseconds. */
  durationMs: number;
  /** The routes whose requests may be held (as a fault rule's `match.route`). Absent: every request. */
  route?: readonly FaultRoute[];
}

/** A Transport over virtual time (see {@link createSimNetwork}) that also counts the requests it held. */
export interface SimNetwork extends Dispatch {
  /** Requests held on their way to the server so far (0 without `pauses`). */
  pausedRequests(): number;
}

/** Defaults for {@link SimNetworkOptions}. */
export const defaultSimNetworkOptions: SimNetworkOptions = { roundTripMs: 100, jitterMs: 0 };

/**
 * What decides a request that reached the server, at its arrival time: the Shopify service's `serve`
 * (the model behind its fault injector).
 */
export type ServerHandler = (request: HttpRequest, nowMs: number) => ShopifyOutcome;

/**
 * A Transport over virtual time: the request travels half a round trip (plus jitter), the server decides
 * it at its arrival time, and its outcome is carried out:
 * - `response`: the answer leaves after the outcome's `delayMs` of server time and travels back;
 * - `reset`: after `delayMs`, the drop travels back and the caller gets a `reset` network error;
 * - `hang`: nothing comes back; only the caller's own signal (its per-attempt timeout) ends the wait.
 * The legs are two firings of one simulator event (sim-exchange.ts), not processes, and the caller waits on
 * it as on a gate — so a caller's
 * abort signal ends the wait while the request may still reach the server and be applied, exactly the
 * ambiguity a real timeout has. A caller that passes no signal waits for ever on a `hang`, and the
 * simulator reports it as blocked.
 *
 * With `pauses`, each request is held on its outbound leg `durationMs` longer with chance `probability`,
 * drawn from `random.fork('pauses')` — made only then, so a network without pauses draws exactly as one
 * from before pauses existed. A held request may reach the server after its caller gave up on it.
 *
 * @example
 * const dispatch = createSimNetwork(sim, (req, now) => service.serve(req, now), random.fork('network'));
 */
export function createSimNetwork(
  sim: Simulator,
  server: ServerHandler,
  random: Random,
  options: Partial<SimNetworkOptions> = {},
): SimNetwork {
  const { roundTripMs, jitterMs, pauses, recorder } = { ...defaultSimNetworkOptions, ...options };
  const oneWayMs = (): number => roundTripMs / 2 + (jitterMs > 0 ? random.next() * jitterMs : 0);
  const pauseRandom = pauses && random.fork('pauses');
  let paused = 0;
  const pauseMs = (request: HttpRequest): number => {
    if (pauses === undefined || pauseRandom === undefined) return 0;
    if (pauses.route !== undefined) {
      const { route } = faultTargetOf(request);
      if (route === undefined || !pauses.route.includes(route)) return 0;
    }
    if (!(pauseRandom.next() < pauses.probability)) return 0;
    paused++;
    return pauses.durationMs;
  };

  const host: ExchangeHost = {
    nowMs: () => sim.nowMs(),
    schedule: (atMs, event) => sim.schedule(atMs, event),
    block: () => sim.block(),
    wake: () => sim.wake(),
    countGateWait: (delta) => sim.countGateWait(delta),
    serve:
      recorder === undefined
        ? server
        : (request, nowMs, row) => recorder.decided(row, request, nowMs, server),
    completed: recorder === undefined ? () => {} : (row, result) => recorder.completed(row, result),
    oneWayMs,
  };
  const dispatch = (request: HttpRequest, dispatchOptions?: DispatchOptions): Promise<DispatchResult> => {
    const row = recorder === undefined ? -1 : recorder.invoked(request);
    // The simulator's own deadline is waited on directly: its signal (an AbortController) is never made.
    const deadline = dispatchOptions?.deadline;
    const simDeadline = deadline instanceof TimeoutEvent && deadline.owner === sim ? deadline : undefined;
    const signal = simDeadline === undefined ? dispatchOptions?.signal : undefined;
    if (simDeadline?.expired) return Promise.resolve(endedAt(row, timedOutResult()));
    if (signal?.aborted) return Promise.resolve(endedAt(row, abortedResult(signal)));
    const exchange = new Exchange(host, request, row);
    sim.schedule(sim.nowMs() + oneWayMs() + pauseMs(request), exchange);
    return exchange.wait(simDeadline, signal, simDeadline ? timedOutResult : () => abortedResult(signal));
  };
  /** A result the caller gets at once, before the request left: the recorder learns of it too. */
  const endedAt = (row: number, result: DispatchResult): DispatchResult => {
    host.completed(row, result);
    return result;
  };
  return Object.assign(dispatch, { pausedRequests: () => paused });
}

function timedOutResult(): DispatchResult {
  return { ok: false, error: { kind: 'timeout', message: 'No answer before the per-attempt timeout.' } };
}

function abortedResult(signal: AbortSignal | undefined): DispatchResult {
  const reason: unknown = signal?.reason;
  const timedOut = reason instanceof DOMException && reason.name === 'TimeoutError';
  return timedOut
    ? timedOutResult()
    : { ok: false, error: { kind: 'aborted', message: 'The request was aborted by the caller.' } };
}
