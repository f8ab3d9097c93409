import { isFunnelstormError } from '../runtime/errors.js';
import type { HttpResponse } from '../runtime/transport.js';
import { jsonTooComplex, maxJsonTokens } from './json-complexity.js';
import { checkAdminRequest, type AdminBodyFormat, type AdminRequestHeaders } from './admin-guard.js';
import { auditEachShop, auditWithExpected } from './http-admin-audit.js';
import { clientsBody } from './http-admin-clients.js';
import { faultsAnswer } from './http-admin-faults.js';
import { parseAdminAudit, parseAdminJson, parseAdminPlan } from './http-admin-input.js';
import { jsonResponse } from './shopify-responses.js';
import type { ShopifyService } from './shopify-service.js';

/** Settings of {@link createAdminApi}. */
export interface AdminApiOptions {
  /** The service whose model the API reads and changes. */
  service: ShopifyService;
  /** The shop `GET /__admin/orders/{id}/requests` reads when no `?shop=` is given. */
  defaultShop: string;
  /** The name of the plan the service started with, shown by `GET /__admin/plan`. Defaults to `custom`. */
  planName?: string;
  /**
   * The tokens that open the API (`X-Shopify-Access-Token` or `Authorization: Bearer`); others get 401.
   * Defaults to none asked for. The server passes `--admin-token`, else the `--token` list.
   */
  tokens?: readonly string[];
}

/** The `/__admin` control API of the mock server (Toxiproxy-like: read state, change it while running). */
export interface AdminApi {
  /**
   * Answers one admin request; never throws for bad input (400 with a reason naming the field, 404 for an
   * unknown path, 405 for a known path with the wrong method). The guard runs first (admin-guard.ts): a
   * foreign `Origin` gets 403, a missing token 401, a body that is not JSON 415 — and nothing changes.
   *
   * @param target - The request target, e.g. `/__admin/orders/1001/requests?shop=x.myshopify.com`.
   * @param nowMs - Ms since the server started: the time limit and fault-plan changes take effect.
   * @param headers - The request's headers, lower-case names (as node gives them). Defaults to none.
   */
  handle(
    method: string,
    target: string,
    body: string | undefined,
    nowMs: number,
    headers?: AdminRequestHeaders,
  ): HttpResponse;
}

type Handler = (call: AdminCall) => HttpResponse;

interface AdminCall {
  body: string | undefined;
  /** How the body is to be read, from its Content-Type (JSON unless a YAML type is named). */
  format: AdminBodyFormat;
  query: URLSearchParams;
  nowMs: number;
  /** The `{id}` of `/__admin/orders/{id}/requests`. */
  orderId?: string;
}

/** Every endpoint, for `GET /__admin` and the `Allow` header of a 405. */
const endpoints: Record<string, readonly string[]> = {
  '/__admin': ['GET'],
  '/__admin/stats': ['GET'],
  '/__admin/audit': ['GET', 'POST'],
  '/__admin/clients': ['GET'],
  '/__admin/reset': ['POST'],
  '/__admin/plan': ['GET', 'PUT'],
  '/__admin/faults': ['GET', 'PUT', 'DELETE'],
  '/__admin/orders/{id}/requests': ['GET'],
};

const orderRequestsPath = /^\/__admin\/orders\/(\d{1,16})\/requests$/;

/**
 * Creates the admin API over a service.
 *
 * @example
 * const admin = createAdminApi({ service, defaultShop: 'launch.myshopify.com', planName: 'plus' });
 * admin.handle('PUT', '/__admin/plan', '{"plan":"standard"}', nowMs);
 */
export function createAdminApi(options: AdminApiOptions): AdminApi {
  const { service, defaultShop } = options;
  const guard = { tokens: options.tokens === undefined ? undefined : new Set(options.tokens) };
  let planName = options.planName ?? 'custom';
  const planBody = () => ({ plan: planName, ...service.model.limits });

  const routes: Record<string, Handler> = {
    'GET /__admin': () => ok({ endpoints }),
    'GET /__admin/stats': ({ nowMs }) =>
      ok({
        uptimeSeconds: nowMs / 1000,
        plan: planBody(),
        shops: service.model.shopDomains,
        model: service.model.stats(),
        capacity: service.model.capacity(),
        bucketLevels: service.model.bucketLevels(),
        faults: service.faultStats(),
      }),
    'GET /__admin/audit': () => ok({ shops: auditEachShop(service.model) }),
    'GET /__admin/clients': ({ query }) => ok(clientsBody(service.model, query.get('shop') ?? undefined)),
    'POST /__admin/audit': ({ body }) => {
      const input = parseAdminJson(body);
      const audit = input.ok ? parseAdminAudit(input.value) : input;
      return audit.ok ? ok(auditWithExpected(service.model, audit.value)) : badRequest(audit.reason);
    },
    'POST /__admin/reset': () => {
      service.reset();
      return ok({ reset: true, plan: planBody() });
    },
    'GET /__admin/plan': () => ok(planBody()),
    'PUT /__admin/plan': ({ body, nowMs }) => {
      const input = parseAdminJson(body);
      const change = input.ok ? parseAdminPlan(input.value) : input;
      if (!change.ok) return badRequest(change.reason);
      try {
        service.setLimits(change.value.limits, nowMs);
      } catch (error) {
        // Limits the parser let through but the model refuses are the user's input too: 400, not 500.
        if (isFunnelstormError(error, 'SCENARIO_INVALID')) return badRequest(error.message);
        throw error;
      }
      planName = change.value.name;
      return ok(planBody());
    },
    'GET /__admin/faults': ({ query, nowMs }) => faultsAnswer(service, 'GET', undefined, query, nowMs),
    'PUT /__admin/faults': ({ body, query, nowMs, format }) =>
      faultsAnswer(service, 'PUT', body, query, nowMs, format),
    'DELETE /__admin/faults': ({ query, nowMs }) => faultsAnswer(service, 'DELETE', undefined, query, nowMs),
    'GET /__admin/orders/{id}/requests': ({ query, orderId }) => {
      const shop = (query.get('shop') ?? defaultShop).toLowerCase();
      const id = Number(orderId);
      if (service.model.shop(shop).orders.indexOfId(id) === -1) {
        return jsonResponse(404, { errors: `Not Found: ${shop} has no order ${id}` });
      }
      return ok({ shop, orderId: id, requests: service.model.requestsForOrder(shop, id) });
    },
  };

  return {
    handle(method, target, body, nowMs, headers = {}) {
      const url = new URL(target, 'http://admin.invalid');
      let path =
        url.pathname.length > 1 && url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
      const verb = method.toUpperCase();
      const allowedIn = checkAdminRequest(verb, path, headers, body !== undefined && body !== '', guard);
      if (!allowedIn.ok) return allowedIn.response;
      // The audit's lists of source ids are long by nature (one per order); the other bodies are small.
      if (path !== '/__admin/audit' && jsonTooComplex(body)) {
        return jsonResponse(413, {
          errors: `${verb} ${path}: the body has more than ${maxJsonTokens} JSON keys, values and brackets.`,
        });
      }
      const call: AdminCall = { body, format: allowedIn.format, query: url.searchParams, nowMs };
      const order = orderRequestsPath.exec(path);
      if (order !== null) {
        call.orderId = order[1];
        path = '/__admin/orders/{id}/requests';
      }
      const handler = routes[`${verb} ${path}`];
      if (handler !== undefined) return handler(call);
      const allowed = endpoints[path];
      if (allowed !== undefined) {
        return jsonResponse(
          405,
          { errors: `${verb} is not allowed on ${path}: use ${allowed.join(' or ')}` },
          {
            allow: allowed.join(', '),
          },
        );
      }
      return jsonResponse(404, {
        errors: `Not Found: ${path} is not an admin endpoint (GET /__admin lists them)`,
      });
    },
  };
}

function ok(body: unknown): HttpResponse {
  return jsonResponse(200, body);
}

function badRequest(reason: string): HttpResponse {
  return jsonResponse(400, { errors: reason });
}
