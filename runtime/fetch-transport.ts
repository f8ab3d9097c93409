import type { Dispatch, HttpResponse, NetworkErrorKind } from './transport.js';

/** Settings of {@link createFetchTransport}. */
export interface FetchTransportOptions {
  /**
   * Sends every request to this origin instead of the shop's (`http://127.0.0.1:4100` for a
   * `funnelstorm serve` mock): the path and query are kept, and the shop goes along in the
   * `X-Funnelstorm-Shop` header, which the mock reads because `fetch` cannot set Host. Unset (the
   * default), requests go to the URL as given — real Shopify.
   */
  origin?: string;
}

/**
 * The live Transport: one `fetch` (undici) per exchange. A network failure is returned as a value
 * (runtime/transport.ts): the caller's signal → `aborted` (or `timeout` when its reason is a
 * `TimeoutError`, as `AbortSignal.timeout` gives); a connection refused → `refused` (nothing was sent);
 * anything else that ends the exchange without an answer — a reset, a socket closed mid-answer — →
 * `reset`, which may come after the server applied the request.
 *
 * @example
 * const transport = createFetchTransport({ origin: 'http://127.0.0.1:4100' });
 * const result = await transport(request, { signal: AbortSignal.timeout(10_000) });
 */
export function createFetchTransport(options: FetchTransportOptions = {}): Dispatch {
  const origin = options.origin?.replace(/\/+$/, '');
  return async (request, { signal } = {}) => {
    let url = request.url;
    const headers = { ...request.headers };
    if (origin !== undefined) {
      const target = new URL(request.url);
      url = `${origin}${target.pathname}${target.search}`;
      headers['x-funnelstorm-shop'] = target.hostname;
    }
    try {
      const response = await fetch(url, { method: request.method, headers, body: request.body, signal });
      const answer: HttpResponse = { status: response.status, headers: {}, body: await response.text() };
      response.headers.forEach((value, name) => (answer.headers[name] = value));
      return { ok: true, response: answer };
    } catch (error) {
      return { ok: false, error: { kind: failureKind(error, signal), message: describe(error) } };
    }
  };
}

function failureKind(error: unknown, signal: AbortSignal | undefined): NetworkErrorKind {
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof Error && reason.name === 'TimeoutError' ? 'timeout' : 'aborted';
  }
  const code = codeOf(error);
  if (code === 'ECONNREFUSED') return 'refused';
  return 'reset';
}

/** The system error code, from the error or its `cause` (undici wraps socket errors in `fetch failed`). */
function codeOf(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
