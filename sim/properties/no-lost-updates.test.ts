import { describe, expect, it } from 'vitest';
import { customerId, fixtureEvidence, operation } from '../../test/support/evidence-fixture.js';
import { checkNoLostUpdates } from './no-lost-updates.js';

const orders = [
  { id: 'so-000001', customer: 1, cents: 1_000 },
  { id: 'so-000002', customer: 1, cents: 2_500 },
  { id: 'so-000003', customer: 2, cents: 700 },
];
const shopOrders = orders.map((o) => ({ sourceId: o.id, customer: o.customer, cents: o.cents }));

/** Three orders on two customers, and a 503 outage over the first minute. */
const outage = {
  name: 'outage',
  shop: { plan: 'standard' },
  traffic: { customers: 10, phases: [{ arrival: 'spike', durationSeconds: 0, orders: 3 }] },
  faults: { rules: [{ kind: 'status', status: 503, window: { fromSeconds: 0, toSeconds: 60 } }] },
};

describe('checkNoLostUpdates', () => {
  it("holds when each customer's loyalty metafield is the sum and count of its orders", () => {
    const verdict = checkNoLostUpdates(
      fixtureEvidence({
        orders,
        shopOrders,
        customerTotals: [
          { customer: 1, cents: 3_500, count: 2 },
          { customer: 2, cents: 700, count: 1 },
        ],
      }),
    );
    expect(verdict).toMatchObject({ applies: true, holds: true, orderIds: [] });
    expect(verdict.detail).toBe("2 customers' loyalty metafields match their orders");
  });

  it('names every order of a customer whose update was lost', () => {
    const verdict = checkNoLostUpdates(
      fixtureEvidence({
        orders,
        shopOrders,
        customerTotals: [
          { customer: 1, cents: 2_500, count: 1 },
          { customer: 2, cents: 700, count: 1 },
        ],
      }),
    );
    expect(verdict.holds).toBe(false);
    expect(verdict.orderIds).toEqual(['so-000001', 'so-000002']);
    expect(verdict.detail).toBe(
      `1 of 2 customers' loyalty metafields differ from their orders: customer ${customerId(1)} ` +
        '(loyalty 2500 points for 1 orders, its orders $35.00 for 2)',
    );
  });

  it('accepts a shortfall of exactly dead-lettered updates the faults explain (a customer or an order dead letter)', () => {
    const run = (customerDeadLetter: string, scenario: Record<string, unknown> = outage) =>
      checkNoLostUpdates(
        fixtureEvidence({
          scenario,
          orders,
          // Both give-ups met a 503 inside the outage window.
          history: [
            operation('customer.write', customerDeadLetter, 1_000, { type: 'info', status: 503 }),
            operation('order.create', 'so-000003', 1_000, { type: 'info', status: 503 }),
          ],
          shopOrders,
          // Customer 1 counts only so-000001; customer 2 was never written.
          customerTotals: [{ customer: 1, cents: 1_000, count: 1 }],
          customerDeadLetters: [{ key: customerDeadLetter, reason: 'customer update: gave up' }],
          // so-000003 was created by an ambiguous commit that the pipeline gave up on.
          deadLetters: [{ key: 'so-000003', reason: 'gave up after 8 attempts; last: lookup failed' }],
        }),
      );
    const explained = run('so-000002');
    expect(explained).toMatchObject({ holds: true, orderIds: [] });
    expect(explained.detail).toBe(
      "2 customers' loyalty metafields match their orders; 2 short only by dead-lettered updates the faults explain",
    );
    // A shortfall that is not the dead-lettered order's total is a lost update.
    expect(run('so-000001')).toMatchObject({ holds: false, orderIds: ['so-000001', 'so-000002'] });
    // Without faults nothing explains a give-up: an update never applied is lost, dead letter or not.
    const { faults: _none, ...faultFree } = outage;
    expect(run('so-000002', faultFree)).toMatchObject({ holds: false });
  });

  it('breaks on an update counted twice', () => {
    const verdict = checkNoLostUpdates(
      fixtureEvidence({
        orders: orders.slice(2),
        shopOrders: shopOrders.slice(2),
        customerTotals: [{ customer: 2, cents: 1_400, count: 2 }],
      }),
    );
    expect(verdict).toMatchObject({ holds: false, orderIds: ['so-000003'] });
  });

  it('does not apply when no customer carries the loyalty metafield (an integration that never writes it)', () => {
    const verdict = checkNoLostUpdates(fixtureEvidence({ orders, shopOrders, customerTotals: [] }));
    expect(verdict).toMatchObject({ applies: false, holds: true, orderIds: [] });
    expect(verdict.detail).toMatch(/not audited/);
  });
});
