import type { Random } from '../runtime/random.js';
import type { Dispatch, DispatchResult, HttpRequest, HttpResponse } from '../runtime/transport.js';
import type { Simulator } from './simulator.js';

/** The simulated network between the system under test and Shopify. */
export interface SimNetworkOptions {
  /** Fixed round trip, in milliseconds (half each way). Defaults to 100 ms. */
  roundTripMs: number;
  /** Uniform extra delay added to each direction independently, in milliseconds. Defaults to 0. */
  jitterMs: number;
}

/** Defaults for {@link SimNetworkOptions}. */
export const defaultSimNetworkOptions: SimNetworkOptions = { roundTripMs: 100, jitterMs: 0 };

/** What answers a request that reached the server: the Shopify model's `handle`, at the arrival time. */
export type ServerHandler = (request: HttpRequest, nowMs: number) => HttpResponse;

/**
 * A Transport over virtual time: the request travels half a round trip (plus jitter), the server handles
 * it at its arrival time, the answer travels back. The two legs are plain simulator events, not processes,
 * and the caller waits on one gate — so a caller's abort signal (its per-attempt timeout) ends the wait
 * while the request may still reach the server and be applied, exactly the ambiguity a real timeout has.
 *
 * @example
 * const dispatch = createSimNetwork(sim, (req, now) => model.handle(req, now), random.fork('network'));
 */
export function createSimNetwork(
  sim: Simulator,
  server: ServerHandler,
  random: Random,
  options: Partial<SimNetworkOptions> = {},
): Dispatch {
  const { roundTripMs, jitterMs } = { ...defaultSimNetworkOptions, ...options };
  const oneWayMs = (): number => roundTripMs / 2 + (jitterMs > 0 ? random.next() * jitterMs : 0);

  return async (request, dispatchOptions): Promise<DispatchResult> => {
    const signal = dispatchOptions?.signal;
    if (signal?.aborted) return abortedResult(signal);
    const reply = sim.gate<HttpResponse>();
    sim.at(sim.nowMs() + oneWayMs(), () => {
      const response = server(request, sim.nowMs());
      sim.at(sim.nowMs() + oneWayMs(), () => reply.open(response));
    });
    const outcome = await reply.wait(signal);
    if (outcome.ok) return { ok: true, response: outcome.value };
    return abortedResult(signal);
  };
}

function abortedResult(signal: AbortSignal | undefined): DispatchResult {
  const reason: unknown = signal?.reason;
  const timedOut = reason instanceof DOMException && reason.name === 'TimeoutError';
  return timedOut
    ? { ok: false, error: { kind: 'timeout', message: 'No answer before the per-attempt timeout.' } }
    : { ok: false, error: { kind: 'aborted', message: 'The request was aborted by the caller.' } };
}
