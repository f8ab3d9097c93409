import { describe, expect, it } from 'vitest';
import { DeliveryLog } from '../delivery-log.js';
import { SourceOrderLog } from '../source-order-log.js';
import { firstArrivals } from './first-arrivals.js';

const order = (id: string, customerNumber: number) => ({
  id,
  arrivalMs: 0,
  customerId: `cust-${customerNumber}`,
  customerNumber,
  totalCents: 100,
});

describe('firstArrivals', () => {
  it('takes each order’s earliest delivery, sorted by time and then by id, unsent ones as customer 0 (ids of any form)', () => {
    const arrivals = firstArrivals({
      orders: [order('so-000010', 1), order('so-000002', 2), order('odd', 3), order('so-000004', 4)],
      deliveries: [
        { sourceOrderId: 'so-000010', atMs: 50 },
        { sourceOrderId: 'so-000002', atMs: 70 },
        { sourceOrderId: 'so-000010', atMs: 20 },
        { sourceOrderId: 'odd', atMs: 20 },
        { sourceOrderId: 'so-000002', atMs: 20 },
        { sourceOrderId: 'so-999999999', atMs: 5 },
        { sourceOrderId: 'so-000009', atMs: 20 },
        { sourceOrderId: 'so-900000', atMs: 30 },
        { sourceOrderId: 'so-900000', atMs: 20 },
      ],
    });
    expect(
      arrivals.map(({ sourceOrderId, atMs, customerNumber }) => ({ sourceOrderId, atMs, customerNumber })),
    ).toEqual([
      { sourceOrderId: 'so-999999999', atMs: 5, customerNumber: 0 },
      { sourceOrderId: 'odd', atMs: 20, customerNumber: 3 },
      { sourceOrderId: 'so-000002', atMs: 20, customerNumber: 2 },
      { sourceOrderId: 'so-000009', atMs: 20, customerNumber: 0 },
      { sourceOrderId: 'so-000010', atMs: 20, customerNumber: 1 },
      { sourceOrderId: 'so-900000', atMs: 20, customerNumber: 0 },
    ]);
  });

  it('reads a run’s logs by their shared codes with the same result as from arrays', () => {
    const orders = [order('so-000010', 1), order('so-000002', 2), order('odd', 3), order('so-000004', 4)];
    const deliveries = [
      { sourceOrderId: 'so-000010', atMs: 50 },
      { sourceOrderId: 'so-000002', atMs: 20 },
      { sourceOrderId: 'so-000010', atMs: 20 },
      { sourceOrderId: 'odd', atMs: 20 },
      { sourceOrderId: 'so-999999999', atMs: 5 },
      { sourceOrderId: 'so-000009', atMs: 20 },
    ];
    const orderLog = new SourceOrderLog();
    orders.forEach((o) => orderLog.push(o));
    const deliveryLog = new DeliveryLog(orderLog.ids);
    deliveries.forEach((d) => deliveryLog.push(d));
    const plain = (arrivals: ReturnType<typeof firstArrivals>) =>
      arrivals.map(({ sourceOrderId, atMs, customerNumber }) => ({ sourceOrderId, atMs, customerNumber }));
    expect(plain(firstArrivals({ orders: orderLog, deliveries: deliveryLog }))).toEqual(
      plain(firstArrivals({ orders, deliveries })),
    );
  });
});
