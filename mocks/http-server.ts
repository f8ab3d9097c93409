import { setMaxListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Clock } from '../runtime/clock.js';
import { createAdminApi } from './admin-api.js';
import { dispatchRequest } from './http-dispatch.js';
import { MockHttpRequest, readRequestBody } from './http-request-body.js';
import type { HttpServerContext } from './http-server-context.js';
import { defaultMockShop } from './http-shop-domain.js';
import { defaultShopifyModelOptions } from './model-options.js';
import type { ShopifyService } from './shopify-service.js';

/** Settings of {@link startMockServer}. */
export interface MockServerOptions {
  /** The Shopify model behind its fault injector. Required. */
  service: ShopifyService;
  /** The server's time: `nowMs` of every request is ms on it since the server started. Required. */
  clock: Clock;
  /** The address to bind. Defaults to `127.0.0.1` (loopback only: the mock has no auth of its own). */
  host?: string;
  /** The port; 0 picks a free one (read it from `MockServer.port`). Defaults to 0. */
  port?: number;
  /**
   * The largest request body, in bytes; a larger one gets 413 without being read whole. Defaults to the
   * model's `maxBodyBytes` (1 MiB unless set: Shopify's own limit is not published, a guess).
   */
  maxBodyBytes?: number;
  /** The shop of a request whose Host header is not a `*.myshopify.com` domain. Defaults to `funnelstorm-test.myshopify.com`. */
  defaultShop?: string;
  /** The plan's name, shown by `GET /__admin/plan`. Defaults to `custom`. */
  planName?: string;
  /** Where internal errors are reported, one line each. Defaults to stderr. */
  log?: (line: string) => void;
  /**
   * The token `/__admin` requires (`X-Shopify-Access-Token` or `Authorization: Bearer`). Defaults to the
   * model's `accessTokens` (`--token`) when it has them, else none: a loopback server without tokens keeps
   * `/__admin` open to local programs (a foreign `Origin` is refused whatever the tokens, admin-guard.ts).
   */
  adminToken?: string;
  /**
   * How long a socket may sit idle — no byte in or out — before it is closed, in ms; also the longest an
   * injected delay or hang can hold a connection. Defaults to 60 s.
   */
  idleTimeoutMs?: number;
  /** How long a client may take to send a request's headers, in ms (slowloris). Defaults to 10 s. */
  headersTimeoutMs?: number;
  /** How long a client may take to send a whole request, in ms. Defaults to 30 s. */
  requestTimeoutMs?: number;
  /** Open connections served at once; more are closed on arrival (node's `maxConnections`). Defaults to 1,000. */
  maxConnections?: number;
}

/** Defaults of {@link MockServerOptions}. */
export const defaultMockServerOptions = {
  host: '127.0.0.1',
  port: 0,
  maxBodyBytes: defaultShopifyModelOptions.maxBodyBytes,
  defaultShop: defaultMockShop,
  idleTimeoutMs: 60_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxConnections: 1000,
} as const;

/** A running mock Shopify. */
export interface MockServer {
  /** The base URL, e.g. `http://127.0.0.1:41234`; Admin API paths go after it. */
  readonly url: string;
  /** The port it listens on (the one picked when asked for 0). */
  readonly port: number;
  /** The service it serves, for reading the model and stats in process. */
  readonly service: ShopifyService;
  /**
   * The time the model sees now: ms on the server's clock since it started (every request's `nowMs`). A
   * webhook sender passes it as `sentAtMs` to `ShopifyModel.recordDelivery`.
   */
  nowMs(): number;
  /** Stops listening, drops every connection (held ones included) and ends pending delays. Idempotent. */
  close(): Promise<void>;
}

/**
 * Serves a Shopify service over real HTTP (node:http): `/admin/api/{version}/…` goes to the model, with
 * the shop taken from the Host header; `/__admin/…` is the control API. Each outcome is carried out as
 * the service decides: an answer (after its delay on `clock`), a reset (RST), or a hang (the socket stays
 * open until the client or `close()` ends it). Bad input gets a Shopify-shaped 4xx and an internal error
 * a 500; neither stops the server.
 *
 * @example
 * const server = await startMockServer({ service, clock: systemClock });
 * await fetch(`${server.url}/admin/api/2026-01/orders.json`, { headers: { 'x-shopify-access-token': 't' } });
 * await server.close();
 */
export async function startMockServer(options: MockServerOptions): Promise<MockServer> {
  const closing = new AbortController();
  // Every request held by an injected delay waits on this signal: more than node's default of 10 at once
  // is normal under load, not a leak.
  setMaxListeners(0, closing.signal);
  const defaultShop = options.defaultShop ?? defaultMockServerOptions.defaultShop;
  const context: HttpServerContext = {
    service: options.service,
    clock: options.clock,
    startMs: options.clock.nowMs(),
    defaultShop,
    maxBodyBytes: options.maxBodyBytes ?? options.service.model.settings.maxBodyBytes,
    closing: closing.signal,
    admin: createAdminApi({
      service: options.service,
      defaultShop,
      planName: options.planName,
      tokens:
        options.adminToken === undefined ? options.service.model.settings.accessTokens : [options.adminToken],
    }),
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
  };
  const server = createServer(
    {
      IncomingMessage: MockHttpRequest,
      connectionsCheckingInterval: Math.min(
        1000,
        options.headersTimeoutMs ?? defaultMockServerOptions.headersTimeoutMs,
      ),
    },
    (req, res) => readRequestBody(context, req as MockHttpRequest, res, dispatchRequest),
  );
  server.on('clientError', answerClientError);
  bound(server, options);
  const host = options.host ?? defaultMockServerOptions.host;
  await listen(server, options.port ?? defaultMockServerOptions.port, host);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    service: options.service,
    nowMs: () => options.clock.nowMs() - context.startMs,
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/**
 * Bounds what a client can hold (issue 16: 1,000 idle sockets stayed open past 127 s, and under a low
 * descriptor limit 300 of them locked everyone out): headers and whole requests have deadlines, an idle
 * socket is closed, and connections past the cap are refused on arrival. Every limit is a setting.
 */
function bound(server: Server, options: MockServerOptions): void {
  const defaults = defaultMockServerOptions;
  const idleTimeoutMs = options.idleTimeoutMs ?? defaults.idleTimeoutMs;
  server.headersTimeout = options.headersTimeoutMs ?? defaults.headersTimeoutMs;
  server.requestTimeout = options.requestTimeoutMs ?? defaults.requestTimeoutMs;
  // node checks the two deadlines above on this period (default 30 s): check often enough to honour them.
  // (`connectionsCheckingInterval` is a createServer option only, so it is set where the server is made.)
  server.maxConnections = options.maxConnections ?? defaults.maxConnections;
  // An idle socket is destroyed: node's 'timeout' event only reports it.
  server.timeout = idleTimeoutMs;
  server.on('timeout', (socket: Socket) => socket.destroy());
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Malformed HTTP (a bad request line, oversized headers) never reaches a handler: node reports it here.
 * Answer 400 (431 for headers too large) with a Shopify-shaped body and end the socket, as node's docs
 * advise; a connection that is already gone is just destroyed.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout']
        : [400, 'Bad Request'];
  const body = JSON.stringify({
    errors: `${reason}: malformed HTTP request (${error.code ?? error.message})`,
  });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
