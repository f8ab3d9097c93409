import { describe, expect, it } from 'vitest';
import { fixtureEvidence, operation } from '../../test/support/evidence-fixture.js';
import { checkNothingLost } from './nothing-lost.js';

const orders = [{ id: 'so-000001' }, { id: 'so-000002' }, { id: 'so-000003' }];

/** Three orders at t = 0 on standard, and a 503 outage over the first minute. */
const outage = {
  name: 'outage',
  shop: { plan: 'standard' },
  traffic: { customers: 10, phases: [{ arrival: 'spike', durationSeconds: 0, orders: 3 }] },
  faults: { rules: [{ kind: 'status', status: 503, window: { fromSeconds: 0, toSeconds: 60 } }] },
};

describe('checkNothingLost', () => {
  it('holds when each order is in the shop or dead-lettered with a reason a fault window explains', () => {
    const verdict = checkNothingLost(
      fixtureEvidence({
        scenario: outage,
        orders,
        shopOrders: [{ sourceId: 'so-000001' }, { sourceId: 'so-000003' }],
        deadLetters: [{ key: 'so-000002', reason: 'gave up after 8 attempts; last: HTTP 503' }],
        history: [operation('order.create', 'so-000002', 30_000, { type: 'info', status: 503 })],
      }),
    );
    expect(verdict).toMatchObject({ applies: true, holds: true, orderIds: [] });
    expect(verdict.detail).toBe(
      '3 source orders: 2 in the shop, 1 dead-lettered with a reason ' +
        '(1 met a fault window (≤ 4 explained there); 0 others (≤ 0 explained by chance failures))',
    );
  });

  it('explains no more give-ups in a window than the reference’s retry budget lets it lose there', () => {
    // A minute of 503s on standard: the budget grants max(10, 14 workers, 12) retries a minute over two
    // budget windows, 28 retries, enough to exhaust the 7 retries of 4 orders.
    const ids = Array.from({ length: 5 }, (_, i) => `so-00000${i + 1}`);
    const run = (count: number) =>
      checkNothingLost(
        fixtureEvidence({
          scenario: outage,
          orders: ids.map((id) => ({ id })),
          shopOrders: ids.slice(count).map((sourceId) => ({ sourceId })),
          deadLetters: ids.slice(0, count).map((key) => ({ key, reason: 'gave up after 1 attempt' })),
          history: ids.map((id) => operation('order.create', id, 1_000, { type: 'info', status: 503 })),
        }),
      );
    expect(run(4).holds).toBe(true);
    const verdict = run(5);
    expect(verdict).toMatchObject({ holds: false, orderIds: ids });
    expect(verdict.detail).toContain(
      '5 give-ups the faults do not explain (5 met a fault window (≤ 4 explained there)',
    );
  });

  it('breaks on a give-up no fault explains: none without faults, few with chance failures only', () => {
    const giveUp = (scenario: Record<string, unknown> | undefined, failedAtMs: number) =>
      checkNothingLost(
        fixtureEvidence({
          ...(scenario && { scenario }),
          orders,
          shopOrders: [{ sourceId: 'so-000001' }, { sourceId: 'so-000003' }],
          deadLetters: [{ key: 'so-000002', reason: 'gave up after 1 attempt; last: HTTP 503' }],
          history: [operation('order.create', 'so-000002', failedAtMs, { type: 'info', status: 503 })],
        }),
      );
    expect(giveUp(undefined, 1_000)).toMatchObject({ holds: false, orderIds: ['so-000002'] });
    // The failure came after the window: the reference's retries would have outlasted it.
    expect(giveUp(outage, 90_000)).toMatchObject({ holds: false, orderIds: ['so-000002'] });
    // 1 % 503s: half or more of a stage's eight requests failing (a create's retries are lookup and
    // create: four failures end it), for one of 3 orders, is past the 1 − 10⁻⁴ quantile (about 4 × 10⁻⁶).
    const chance = { ...outage, faults: { rules: [{ kind: 'status', status: 503, probability: 0.01 }] } };
    const verdict = giveUp(chance, 1_000);
    expect(verdict).toMatchObject({ holds: false, orderIds: ['so-000002'] });
    expect(verdict.detail).toContain('1 give-ups the faults do not explain');
    // At 90 % 503s, giving up is likely: explained.
    const storm = { ...outage, faults: { rules: [{ kind: 'status', status: 503, probability: 0.9 }] } };
    expect(giveUp(storm, 1_000).holds).toBe(true);
  });

  it('names the orders neither in the shop nor dead-lettered', () => {
    const verdict = checkNothingLost(fixtureEvidence({ orders, shopOrders: [{ sourceId: 'so-000002' }] }));
    expect(verdict.holds).toBe(false);
    expect(verdict.orderIds).toEqual(['so-000001', 'so-000003']);
    expect(verdict.detail).toBe(
      '2 of 3 source orders lost (1 in the shop, 0 dead-lettered with a reason): so-000001, so-000003',
    );
  });

  it('counts a dead letter with an empty reason as lost', () => {
    const verdict = checkNothingLost(
      fixtureEvidence({ orders: [{ id: 'so-000001' }], deadLetters: [{ key: 'so-000001', reason: '  ' }] }),
    );
    expect(verdict).toMatchObject({ holds: false, orderIds: ['so-000001'] });
  });

  it('holds without orders', () => {
    expect(checkNothingLost(fixtureEvidence()).holds).toBe(true);
  });
});
