import { describe, expect, it } from 'vitest';
import { RequestLog } from './request-log.js';

const id = (n: number): string => `req-${n}`;

describe('RequestLog', () => {
  it('returns an order’s first touch and then its later ones in order', () => {
    const log = new RequestLog();
    const create = log.record(1, 'POST', '/orders.json', 201, 10);
    log.touch(0, create);
    const other = log.record(2, 'POST', '/orders.json', 201, 11);
    log.touch(1, other);
    const list = log.record(3, 'GET', '/orders.json?limit=2', 200, 12);
    log.touch(0, list);
    log.touch(1, list);
    log.touch(0, log.record(4, 'GET', '/orders/1.json', 200, 13));
    expect(log.requestsFor(0, id).map((r) => [r.requestId, r.method, r.path, r.status, r.atMs])).toEqual([
      ['req-1', 'POST', '/orders.json', 201, 10],
      ['req-3', 'GET', '/orders.json?limit=2', 200, 12],
      ['req-4', 'GET', '/orders/1.json', 200, 13],
    ]);
    expect(log.requestsFor(1, id).map((r) => r.requestId)).toEqual(['req-2', 'req-3']);
    expect(log.requestsFor(2, id)).toEqual([]);
    expect(log.requestsFor(-1, id)).toEqual([]);
  });

  it('keeps every path right past the intern table’s limit, common and unique ones mixed', () => {
    const log = new RequestLog();
    for (let i = 0; i < 10_000; i++) {
      const path = i % 2 === 0 ? '/orders.json' : `/orders.json?tag=t${i}`;
      log.touch(i, log.record(i, 'GET', path, 200, i));
    }
    expect(log.requestsFor(9998, id)[0]?.path).toBe('/orders.json');
    expect(log.requestsFor(9999, id)[0]?.path).toBe('/orders.json?tag=t9999');
    expect(log.requestsFor(1, id)[0]?.path).toBe('/orders.json?tag=t1');
  });
});
