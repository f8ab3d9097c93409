import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { routeOfPath } from './shopify-route-path.js';
import type { ShopifyRoute } from './shopify-route.js';

// routeOfPath reads a path by hand where the model used three regular expressions: it must give every
// path the route the patterns gave. The reference below is the model's former matcher, kept here.

const orderPathPattern = /^orders\/(\d{1,16})\.json$/;
const customerPathPattern = /^customers\/(\d{1,16})\.json$/;
const nestedPathPattern =
  /^(customers|orders)\/(\d{1,16})\/(metafields|fulfillments)(?:\/(\d{1,16}))?\.json$/;

/** The former matcher, with a query compared by its text. */
function byPatterns(method: string, rest: string, search: string): unknown {
  const verb = method === 'POST' || method === 'GET' ? method : method.toUpperCase();
  if (rest === 'orders.json') {
    if (verb === 'POST') return { kind: 'createOrder' };
    if (verb === 'GET') return { kind: 'listOrders', query: new URLSearchParams(search).toString() };
    return { kind: 'unknown' };
  }
  const order = orderPathPattern.exec(rest);
  if (order?.[1] !== undefined) {
    if (verb === 'GET')
      return { kind: 'getOrder', id: Number(order[1]), query: new URLSearchParams(search).toString() };
    if (verb === 'PUT') return { kind: 'updateOrder', id: Number(order[1]) };
  }
  const nested = nestedPathPattern.exec(rest);
  if (nested !== null) {
    const id = Number(nested[2]);
    const childId = nested[4] === undefined ? undefined : Number(nested[4]);
    if (nested[3] === 'fulfillments') {
      if (nested[1] !== 'orders' || childId !== undefined) return { kind: 'unknown' };
      if (verb === 'GET') return { kind: 'listFulfillments', orderId: id };
      return verb === 'POST' ? { kind: 'createFulfillment', orderId: id } : { kind: 'unknown' };
    }
    const owner = { type: nested[1] === 'customers' ? 'Customer' : 'Order', id };
    if (childId !== undefined) {
      return verb === 'PUT' ? { kind: 'updateMetafield', owner, metafieldId: childId } : { kind: 'unknown' };
    }
    if (verb === 'GET')
      return { kind: 'listMetafields', owner, query: new URLSearchParams(search).toString() };
    return verb === 'POST' ? { kind: 'createMetafield', owner } : { kind: 'unknown' };
  }
  const customer = customerPathPattern.exec(rest);
  if (customer?.[1] !== undefined) {
    if (verb === 'GET') return { kind: 'getCustomer', id: Number(customer[1]) };
    if (verb === 'PUT') return { kind: 'updateCustomer', id: Number(customer[1]) };
  }
  if (rest === 'graphql.json' && verb === 'POST') return { kind: 'graphql' };
  return { kind: 'unknown' };
}

function comparable(route: ShopifyRoute): unknown {
  return 'query' in route ? { ...route, query: route.query.toString() } : route;
}

const segment = fc.constantFrom('orders', 'customers', 'metafields', 'fulfillments', 'graphql', '.json', '');
const id = fc.oneof(
  fc.constantFrom(
    '7',
    '0',
    '007',
    '7000000000001',
    '999999999999999',
    '9007199254740993',
    '12345678901234567',
  ),
  fc.stringMatching(/^\d{1,17}$/),
  fc.string({ maxLength: 3 }),
);
const path = fc
  .array(fc.oneof(segment, id), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join('/'))
  .chain((joined) => fc.constantFrom(`${joined}.json`, joined, `${joined}.json/`, `${joined}.jsonx`));
const method = fc.constantFrom('GET', 'POST', 'PUT', 'get', 'put', 'DELETE');

describe('routeOfPath', () => {
  it('gives every path the route the regular expressions gave, also inside a longer text', () => {
    fc.assert(
      fc.property(
        path,
        method,
        fc.constantFrom('', '?a=1'),
        fc.string({ maxLength: 4 }),
        (rest, verb, search, tail) => {
          const expected = byPatterns(verb, rest, search);
          expect(comparable(routeOfPath(verb, rest, 0, rest.length, search))).toEqual(expected);
          const text = `https://x/admin/api/2026-01/${rest}${search === '' ? '' : search}${tail}`;
          const start = text.length - rest.length - search.length - tail.length;
          expect(comparable(routeOfPath(verb, text, start, start + rest.length, search))).toEqual(expected);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('reads each known route', () => {
    const known = [
      ['POST', 'orders.json'],
      ['GET', 'orders/7.json'],
      ['PUT', 'orders/7.json'],
      ['GET', 'customers/7.json'],
      ['PUT', 'customers/7.json'],
      ['GET', 'customers/7000000000001/metafields.json'],
      ['POST', 'orders/7/metafields.json'],
      ['PUT', 'customers/7/metafields/9.json'],
      ['GET', 'orders/7/fulfillments.json'],
      ['POST', 'orders/7/fulfillments.json'],
      ['POST', 'graphql.json'],
    ] as const;
    for (const [verb, rest] of known) {
      const route = routeOfPath(verb, rest, 0, rest.length, '');
      expect(route.kind).not.toBe('unknown');
      expect(comparable(route)).toEqual(byPatterns(verb, rest, ''));
    }
  });
});
