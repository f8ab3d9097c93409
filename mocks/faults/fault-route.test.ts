import { describe, expect, it } from 'vitest';
import { faultTargetOf } from './fault-route.js';

const url = (path: string) => `https://launch.myshopify.com/admin/api/2026-01/${path}`;
const routeOf = (method: string, path: string) =>
  faultTargetOf({ method, url: url(path), headers: {} }).route;

describe('faultTargetOf', () => {
  it('names the routes a workflow can take, the customer’s metafields under the customer routes', () => {
    expect([
      routeOf('PUT', 'orders/5.json'),
      routeOf('GET', 'orders/5/metafields.json?namespace=a'),
      routeOf('POST', 'orders/5/metafields.json'),
      routeOf('PUT', 'orders/5/metafields/9.json'),
      routeOf('GET', 'customers/7/metafields.json'),
      routeOf('POST', 'customers/7/metafields.json'),
      routeOf('PUT', 'customers/7/metafields/9.json'),
      routeOf('GET', 'orders/5/fulfillments.json'),
      routeOf('POST', 'orders/5/fulfillments.json'),
    ]).toEqual([
      'orders.update',
      'orders.metafields.get',
      'orders.metafields.set',
      'orders.metafields.set',
      'customers.get',
      'customers.update',
      'customers.update',
      'fulfillments.list',
      'fulfillments.create',
    ]);
  });

  it('names no route for a method the path does not serve', () => {
    expect([
      routeOf('DELETE', 'orders/5.json'),
      routeOf('POST', 'customers/7/metafields/9.json'),
      routeOf('PUT', 'orders/5/fulfillments.json'),
      routeOf('POST', 'customers/7/fulfillments.json'),
    ]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
