import type { ServerResponse } from 'node:http';
import type { HttpRequest, HttpResponse } from '../runtime/transport.js';
import type { HttpServerContext } from './http-server-context.js';
import type { MockHttpRequest } from './http-request-body.js';
import { sendError, sendInternalError, sendResponse } from './http-respond.js';
import { chooseShop, shopHeader } from './http-shop-domain.js';
import type { ShopifyOutcome } from './shopify-service.js';

/** The path prefix of the control API; everything under it is answered by the admin API. */
export const adminPathPrefix = '/__admin';

/**
 * Handles one request whose body has been read: the admin API for `/__admin…`, else the Shopify service
 * at `nowMs` = ms since the server started, its outcome carried out. Never throws: an exception becomes
 * a 500 and a line on the log.
 */
export function dispatchRequest(
  context: HttpServerContext,
  req: MockHttpRequest,
  res: ServerResponse,
  body: string | undefined,
): void {
  try {
    const path = req.url ?? '/';
    const nowMs = context.clock.nowMs() - context.startMs;
    if (isAdminPath(path)) {
      sendResponse(res, context.admin.handle(req.method ?? 'GET', path, body, nowMs, req.headers));
      return;
    }
    const shop = chooseShop(req.headers[shopHeader], req.headers.host, context.defaultShop);
    if (!shop.ok) {
      sendError(res, 400, shop.reason);
      return;
    }
    const request: HttpRequest = {
      method: req.method ?? 'GET',
      url: modelUrl(path, shop.shop),
      // node lower-cases header names and joins repeats, as the model expects (only set-cookie, which
      // the model never reads, stays an array).
      headers: req.headers as Record<string, string>,
      body,
    };
    const outcome = context.service.serve(request, nowMs);
    if (outcome.kind === 'response') localiseLinks(outcome.response, shop.shop, req.headers.host);
    if (outcome.kind === 'response' && outcome.delayMs <= 0) sendResponse(res, outcome.response);
    else carryOutLater(context, req, res, outcome).catch((error: unknown) => fail(context, req, res, error));
  } catch (error) {
    fail(context, req, res, error);
  }
}

function isAdminPath(path: string): boolean {
  if (!path.startsWith(adminPathPrefix)) return false;
  const next = path.charCodeAt(adminPathPrefix.length);
  // End of path, `/` or `?`: `/__administrator` is not the admin API.
  return Number.isNaN(next) || next === 0x2f || next === 0x3f;
}

/**
 * The absolute URL the model routes on: `https://<shop><path>`. A proxy-style absolute request target
 * (`GET http://launch.myshopify.com/admin/...`) is passed on as it is, so its host names the shop.
 */
function modelUrl(path: string, shop: string): string {
  if (path.charCodeAt(0) !== 0x2f) return path;
  return `https://${shop}${path}`;
}

/**
 * Points a `Link` header's page URLs at this server: the model writes `https://<shop>/admin/…` as Shopify
 * does (SHOPIFY.md, "Pagination"), which a client of the mock must be able to follow. The server's
 * origin is the request's own Host, so a shop named by Host stays named; one named by
 * `X-Funnelstorm-Shop` is named again by the client's next request, which sends that header too.
 */
function localiseLinks(response: HttpResponse, shop: string, host: string | undefined): void {
  const link = response.headers['link'];
  if (link === undefined || host === undefined) return;
  response.headers['link'] = link.split(`<https://${shop}/`).join(`<http://${host}/`);
}

/** Carries out an outcome that is not an immediate answer: a delay, a reset, a hang. */
async function carryOutLater(
  context: HttpServerContext,
  req: MockHttpRequest,
  res: ServerResponse,
  outcome: ShopifyOutcome,
): Promise<void> {
  // A hang keeps the socket open with no timer at all: the client's timeout or `close()` ends it.
  if (outcome.kind === 'hang') return;
  if (outcome.delayMs > 0) await context.clock.sleep(outcome.delayMs, context.closing);
  if (context.closing.aborted || req.socket.destroyed) {
    req.socket.destroy();
    return;
  }
  if (outcome.kind === 'reset') {
    // An RST rather than a FIN, so the client sees ECONNRESET as it would from a real reset.
    req.socket.resetAndDestroy();
    return;
  }
  sendResponse(res, outcome.response);
}

function fail(context: HttpServerContext, req: MockHttpRequest, res: ServerResponse, error: unknown): void {
  sendInternalError(res, error, `${req.method ?? '?'} ${req.url ?? '?'}`, context.log);
}
