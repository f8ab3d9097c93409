import type { HttpRequest } from '../../runtime/transport.js';
import type { FaultRoute } from './fault-plan.js';

/** What a rule's `match` looks at in a request. */
export interface FaultTarget {
  /** The method, upper-case. */
  method: string;
  /** The route, or undefined for a request the Admin API has no route for. */
  route: FaultRoute | undefined;
  /** The URL's host name, lower-case: the shop (`launch.myshopify.com`). Empty when the URL has none. */
  shop: string;
}

/** `scheme://host[:port]/admin/api/{version}/{rest}`; the version is not checked here (the model does). */
const adminUrlPattern = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]*)(?::\d*)?\/admin\/api\/[^/?#]+\/([^?#]*)/i;

/**
 * Names a request's route for fault matching: `orders.create` (POST orders.json), `orders.list` (GET
 * orders.json), `orders.get` / `orders.update` (GET / PUT orders/{id}.json), `orders.metafields.get` /
 * `orders.metafields.set` (GET / POST orders/{id}/metafields.json, PUT …/metafields/{id}.json),
 * `customers.get` / `customers.update` (GET / PUT customers/{id}.json, and the customer's metafields read
 * and written the same way: the customer read-modify-write either way), `fulfillments.list` /
 * `fulfillments.create` (GET / POST orders/{id}/fulfillments.json) and `graphql` (POST graphql.json). Only the URL's shape is read — a request that
 * matches a route here may still be refused by the model (bad token, bad version, bad body).
 */
export function faultTargetOf(request: HttpRequest): FaultTarget {
  const method = request.method.toUpperCase();
  const parts = adminUrlPattern.exec(request.url);
  if (parts === null) return { method, route: undefined, shop: hostOf(request.url) };
  const [, host = '', path = ''] = parts;
  return { method, route: routeOf(method, path), shop: host.toLowerCase() };
}

function routeOf(method: string, path: string): FaultRoute | undefined {
  if (path === 'orders.json') {
    if (method === 'POST') return 'orders.create';
    if (method === 'GET') return 'orders.list';
    return undefined;
  }
  if (path === 'graphql.json') return method === 'POST' ? 'graphql' : undefined;
  if (/^orders\/\d+\.json$/.test(path)) {
    if (method === 'GET') return 'orders.get';
    return method === 'PUT' ? 'orders.update' : undefined;
  }
  if (/^customers\/\d+\.json$/.test(path)) {
    if (method === 'GET') return 'customers.get';
    if (method === 'PUT') return 'customers.update';
  }
  const nested = /^(customers|orders)\/\d+\/(metafields|fulfillments)(\/\d+)?\.json$/.exec(path);
  if (nested === null) return undefined;
  const [, owner, child, childId] = nested;
  const read = method === 'GET' && childId === undefined;
  const write = childId === undefined ? method === 'POST' : method === 'PUT';
  if (child === 'fulfillments') {
    if (owner !== 'orders' || childId !== undefined) return undefined;
    return read ? 'fulfillments.list' : write ? 'fulfillments.create' : undefined;
  }
  if (owner === 'customers') return read ? 'customers.get' : write ? 'customers.update' : undefined;
  return read ? 'orders.metafields.get' : write ? 'orders.metafields.set' : undefined;
}

function hostOf(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]*)/i.exec(url)?.[1]?.toLowerCase() ?? '';
}
