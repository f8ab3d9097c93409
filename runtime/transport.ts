/**
 * The Transport seam: one HTTP exchange, as a plain function (undici-style `Dispatch`, ../shared/STYLE.md
 * rule 3). A network failure is a value, not an exception, so the simulator and the pipeline can reason
 * about it; `timeout` and `reset` are *ambiguous*: the request may have been applied.
 */

import type { Deadline } from './deadline.js';
import type { JsonBody } from './json-body.js';

/** An HTTP request. Header names are lower-case. `url` is absolute (the host names the shop). */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /**
   * The value `body` is the JSON text of, when the sender made it with `requestBody` (json-response.ts):
   * a receiver in the same process reads it instead of parsing `body` (json-body.ts). Any other transport
   * ignores it.
   */
  bodyValue?: JsonBody;
}

/** An HTTP response. Header names are lower-case. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /**
   * The value `body` is the JSON text of, when the answer was made from one (json-response.ts: `body` is
   * then written only when read); a reader in the same process takes it through `responseJson` instead
   * of parsing `body`.
   */
  readonly bodyValue?: JsonBody;
}

/**
 * Why no response arrived. `reset` and `timeout` may come after the server applied the request;
 * `refused` happens before it could; `aborted` is the caller's own signal.
 */
export type NetworkErrorKind = 'reset' | 'timeout' | 'refused' | 'aborted';

/** A failed exchange: what kind and a human-readable message. */
export interface NetworkError {
  kind: NetworkErrorKind;
  message: string;
}

/** The outcome of one exchange. */
export type DispatchResult = { ok: true; response: HttpResponse } | { ok: false; error: NetworkError };

/** Per-exchange options. */
export interface DispatchOptions {
  /** Aborts the exchange; the result is then `{ ok: false, error: { kind: 'aborted' } }` or `timeout`. */
  signal?: AbortSignal;
  /**
   * Filled in by interceptors for the caller: `attempts` counts the requests actually sent for this
   * dispatch (retries included). Optional; pass an object to read it afterwards.
   */
  stats?: { attempts: number };
  /**
   * The deadline behind `signal`, when a timeout stage made it (pipeline/timeout.ts). A transport on the
   * same clock may wait on it directly instead of on `signal`: the simulator's network then never makes
   * the AbortController behind the signal (issue 12: one per request was ≈ 5 % of a run's CPU). Any other
   * transport just reads `signal`.
   */
  deadline?: Deadline;
}

/** Sends one request. Never throws for network failures; returns them. */
export type Dispatch = (request: HttpRequest, options?: DispatchOptions) => Promise<DispatchResult>;

/** Wraps a {@link Dispatch} with behaviour (throttle, retry, metrics). */
export type Interceptor = (next: Dispatch) => Dispatch;

/**
 * Composes interceptors outermost first: `compose(a, b)(transport)` calls `a`, which calls `b`, which
 * calls `transport` (undici's `compose()` in `lib/dispatcher/dispatcher.js`).
 */
export function compose(...interceptors: Interceptor[]): (dispatch: Dispatch) => Dispatch {
  return (dispatch) => interceptors.reduceRight<Dispatch>((next, interceptor) => interceptor(next), dispatch);
}

/** Reads a header case-insensitively (Shopify header names are case-insensitive, SHOPIFY.md). */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const lower = lowerHeaderName(name);
  if (lower in headers) return headers[lower];
  // No array of the keys, and only keys of the right length lower-cased: most lookups of an absent
  // header (a fencing token on a create) end here.
  for (const key in headers) {
    if (key.length === lower.length && key.toLowerCase() === lower && Object.hasOwn(headers, key)) {
      return headers[key];
    }
  }
  return undefined;
}

/** The most names {@link lowerHeaderName} remembers: callers ask for a handful of constant names. */
const maxLowerNames = 64;
const lowerNames = new Map<string, string>();

/**
 * `name` lower-cased, remembered: `toLowerCase` makes a new string even of a name already in lower case
 * (32–48 bytes a call), and a run reads a few headers of every answer by the same few names (issue 12).
 */
function lowerHeaderName(name: string): string {
  let lower = lowerNames.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowerNames.size < maxLowerNames) lowerNames.set(name, lower);
  }
  return lower;
}
