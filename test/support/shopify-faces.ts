import { Agent, request as httpRequest } from 'node:http';
import { setupServer } from 'msw/node';
import { startMockServer } from '../../mocks/http-server.js';
import { shopHeader } from '../../mocks/http-shop-domain.js';
import { createShopifyMock } from '../../mocks/msw-handlers.js';
import { plans, type PlanName } from '../../mocks/plans.js';
import { createShopifyService, type ShopifyService } from '../../mocks/shopify-service.js';
import { createRandom } from '../../runtime/seeded-random.js';
import type { HttpRequest } from '../../runtime/transport.js';
import { ManualClock } from './manual-clock.js';

/**
 * One request as a conformance case writes it, whatever the face: the shop it is for, the app's token
 * (left out: no `X-Shopify-Access-Token` header at all), and either a path (`/admin/api/2026-01/…`) or
 * an absolute URL as a `Link` header gave it, which the face follows as it is.
 */
export interface FaceRequest {
  method: 'GET' | 'POST' | 'PUT';
  shop: string;
  /** A path starting with `/`, or an absolute URL taken from a `Link` header. */
  target: string;
  token?: string;
  /** A JSON body; sent with `Content-Type: application/json`. */
  body?: string;
}

/** One answer: header names lower-case, repeated headers joined with `, `. */
export interface FaceResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The settings of a face: the plan of every shop, and the only accepted tokens (any non-empty one when unset). */
export interface FaceOptions {
  plan: PlanName;
  accessTokens?: string[];
}

/** The names of the three faces of the mock. */
export type FaceName = 'model' | 'http' | 'msw';

/**
 * The mock Shopify behind one of its faces, driven the same way: `send` a request, `advance` the face's
 * clock (every face runs on a clock the test moves, so refill timing is exact and nothing waits), `close`.
 */
export interface Face {
  readonly name: FaceName;
  /** The service behind the face, for in-process checks of what the face did. */
  readonly service: ShopifyService;
  /** Sends one request and resolves with its answer; a network error rejects. */
  send(request: FaceRequest): Promise<FaceResponse>;
  /** Moves the face's clock forward by `ms` milliseconds. */
  advance(ms: number): void;
  /**
   * The origin `Link` page URLs point at for `shop`: Shopify's own `https://<shop>` on the model and msw
   * faces, the server itself on the HTTP face (mocks/http-dispatch.ts rewrites them so a client can follow).
   */
  linkOrigin(shop: string): string;
  /** Every answer the face gave, in order. */
  readonly answers: readonly FaceResponse[];
  /**
   * How many answers really came the face's own way: through a socket to the server's port (HTTP), through
   * msw's interception (msw), straight from `service.serve` (model). Equal to `answers.length` when the
   * face is what it claims.
   */
  readonly delivered: number;
  /**
   * Requests the face's interceptor saw and refused to serve (msw's `request:unhandled`, which
   * `onUnhandledRequest: 'error'` turns into a failed fetch); always 0 on the other faces.
   */
  readonly unhandled: number;
  /** Stops the face (closes the server, stops msw's interception). Idempotent. */
  close(): Promise<void>;
}

/** Builds a face for the given options. */
export interface FaceFactory {
  readonly name: FaceName;
  create(options: FaceOptions): Promise<Face>;
}

/** The service every face builds: the plan's limits, the tokens, no faults, fault stream seeded 1. */
function serviceOf(options: FaceOptions): ShopifyService {
  return createShopifyService({
    model: { limits: plans[options.plan], accessTokens: options.accessTokens },
    random: createRandom(1).fork('faults'),
  });
}

/** The headers a case's request carries, lower-case as the model expects them. */
function requestHeaders(request: FaceRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  if (request.token !== undefined) headers['x-shopify-access-token'] = request.token;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  return headers;
}

/** The in-process model: `service.serve(request, nowMs)` with the face's own time. */
export const modelFace: FaceFactory = {
  name: 'model',
  create(options) {
    const service = serviceOf(options);
    const answers: FaceResponse[] = [];
    let nowMs = 0;
    let delivered = 0;
    return Promise.resolve({
      name: 'model',
      service,
      answers,
      get delivered() {
        return delivered;
      },
      unhandled: 0,
      send(request) {
        const url = request.target.startsWith('/')
          ? `https://${request.shop}${request.target}`
          : request.target;
        const modelRequest: HttpRequest = { method: request.method, url, headers: requestHeaders(request) };
        if (request.body !== undefined) modelRequest.body = request.body;
        const outcome = service.serve(modelRequest, nowMs);
        if (outcome.kind !== 'response' || outcome.delayMs !== 0) {
          return Promise.reject(new Error(`model face: expected an immediate answer, got ${outcome.kind}`));
        }
        delivered++;
        const answer = { ...outcome.response, headers: { ...outcome.response.headers } };
        answers.push(answer);
        return Promise.resolve(answer);
      },
      advance(ms) {
        nowMs += ms;
      },
      linkOrigin: (shop) => `https://${shop}`,
      close: () => Promise.resolve(),
    });
  },
};

/**
 * The node:http server on a loopback port, on a {@link ManualClock}. Requests go through node:http over a
 * keep-alive agent; the shop is named by `X-Funnelstorm-Shop` (mocks/http-shop-domain.ts), so the Host
 * header stays the server's own and `Link` URLs point back at it.
 */
export const httpFace: FaceFactory = {
  name: 'http',
  async create(options) {
    const service = serviceOf(options);
    const clock = new ManualClock();
    const server = await startMockServer({ service, clock, planName: options.plan });
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const answers: FaceResponse[] = [];
    let delivered = 0;
    let closed: Promise<void> | undefined;
    return {
      name: 'http',
      service,
      answers,
      get delivered() {
        return delivered;
      },
      unhandled: 0,
      async send(request) {
        const url = request.target.startsWith('/') ? `${server.url}${request.target}` : request.target;
        const headers = { ...requestHeaders(request), [shopHeader]: request.shop };
        const { answer, remote } = await exchange(url, request.method, headers, request.body, agent);
        if (remote.address === '127.0.0.1' && remote.port === server.port) delivered++;
        answers.push(answer);
        return answer;
      },
      advance(ms) {
        clock.advance(ms);
      },
      linkOrigin: () => server.url,
      close() {
        closed ??= server.close().then(() => agent.destroy());
        return closed;
      },
    };
  },
};

/** One exchange through node:http, with the socket's remote end (the proof it went over the network). */
function exchange(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  agent: Agent,
): Promise<{ answer: FaceResponse; remote: { address?: string; port?: number } }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent }, (res) => {
      const remote = { address: res.socket.remoteAddress, port: res.socket.remotePort };
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('error', reject);
      res.on('end', () => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ answer: { status: res.statusCode ?? 0, headers: flat, body: text }, remote });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The msw handlers (`createShopifyMock`) under `setupServer`, listening with `onUnhandledRequest: 'error'`
 * while the face is open, on a {@link ManualClock}; requests go with `fetch` to `https://<shop>/…`.
 * Only one msw face may be open at a time, and no other face's I/O may run while it is (msw intercepts
 * node:http too).
 */
export const mswFace: FaceFactory = {
  name: 'msw',
  create(options) {
    const clock = new ManualClock();
    const mock = createShopifyMock({ plan: options.plan, accessTokens: options.accessTokens, clock });
    const server = setupServer(...mock.handlers);
    const intercepted = new Set<string>();
    let unhandled = 0;
    server.events.on('response:mocked', ({ requestId }) => intercepted.add(requestId));
    server.events.on('request:unhandled', () => unhandled++);
    server.listen({ onUnhandledRequest: 'error' });
    const answers: FaceResponse[] = [];
    let closed = false;
    return Promise.resolve({
      name: 'msw',
      service: mock.service,
      answers,
      get delivered() {
        return intercepted.size;
      },
      get unhandled() {
        return unhandled;
      },
      async send(request) {
        const url = request.target.startsWith('/')
          ? `https://${request.shop}${request.target}`
          : request.target;
        const response = await fetch(url, {
          method: request.method,
          headers: requestHeaders(request),
          body: request.body,
        });
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          headers[name] = value;
        });
        const answer = { status: response.status, headers, body: await response.text() };
        answers.push(answer);
        return answer;
      },
      advance(ms) {
        clock.advance(ms);
      },
      linkOrigin: (shop) => `https://${shop}`,
      close() {
        if (!closed) server.close();
        closed = true;
        return Promise.resolve();
      },
    });
  },
};

/** The three faces, in the order the conformance suite runs them. */
export const allFaces: readonly FaceFactory[] = [modelFace, httpFace, mswFace];
