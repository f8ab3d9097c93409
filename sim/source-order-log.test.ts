import { describe, expect, it } from 'vitest';
import type { SourceOrder } from '../scenarios/arrivals.js';
import { DeliveryLog, forEachDelivery } from './delivery-log.js';
import { forEachSourceOrder, SourceOrderLog } from './source-order-log.js';

const order = (id: string, customerId: string, customerNumber: number): SourceOrder => ({
  id,
  arrivalMs: 1_000 / 3,
  customerId,
  customerNumber,
  totalCents: 6_150,
});

describe('SourceOrderLog and DeliveryLog', () => {
  it('iterate fresh orders and deliveries equal to those pushed, odd ids included', () => {
    const orders = new SourceOrderLog();
    const pushed = [
      order('so-000001', 'cust-0042', 42),
      order('so-000002', 'cust-0007', 7),
      order('so-00003', 'alice@example.com', 3),
    ];
    pushed.forEach((each) => orders.push(each));
    const deliveries = new DeliveryLog(orders.ids);
    deliveries.push({ sourceOrderId: 'so-000002', atMs: 10.25 });
    deliveries.push({ sourceOrderId: 'so-00003', atMs: 11 });
    deliveries.push({ sourceOrderId: 'so-000002', atMs: 12 });
    expect(orders.length).toBe(3);
    expect([...orders]).toEqual(pushed);
    expect(orders.idAt(2)).toBe('so-00003');
    expect([...deliveries]).toEqual([
      { sourceOrderId: 'so-000002', atMs: 10.25 },
      { sourceOrderId: 'so-00003', atMs: 11 },
      { sourceOrderId: 'so-000002', atMs: 12 },
    ]);
  });

  it('visits each order’s id and customer number, from a log as from an array', () => {
    const pushed = [order('so-000001', 'cust-0042', 42), order('so-00003', 'alice@example.com', 3)];
    const orders = new SourceOrderLog();
    pushed.forEach((each) => orders.push(each));
    const visited = (from: Iterable<SourceOrder> & { length: number }) => {
      const seen: [string, number][] = [];
      forEachSourceOrder(from, (id, customerNumber) => seen.push([id, customerNumber]));
      return seen;
    };
    expect(visited(orders)).toEqual([
      ['so-000001', 42],
      ['so-00003', 3],
    ]);
    expect(visited(pushed)).toEqual(visited(orders));
  });

  it('visits each delivery’s id and time, from a log as from an array', () => {
    const orders = new SourceOrderLog();
    const deliveries = new DeliveryLog(orders.ids);
    const pushed = [
      { sourceOrderId: 'so-000002', atMs: 10.25 },
      { sourceOrderId: 'so-00003', atMs: 11 },
    ];
    pushed.forEach((each) => deliveries.push(each));
    const visited = (from: Iterable<{ sourceOrderId: string; atMs: number }> & { length: number }) => {
      const seen: [string, number][] = [];
      forEachDelivery(from, (id, atMs) => seen.push([id, atMs]));
      return seen;
    };
    expect(visited(deliveries)).toEqual([
      ['so-000002', 10.25],
      ['so-00003', 11],
    ]);
    expect(visited(pushed)).toEqual(visited(deliveries));
  });
});
