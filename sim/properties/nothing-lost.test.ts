import { describe, expect, it } from 'vitest';
import { fixtureEvidence } from '../../test/support/evidence-fixture.js';
import { checkNothingLost } from './nothing-lost.js';

const orders = [{ id: 'so-000001' }, { id: 'so-000002' }, { id: 'so-000003' }];

describe('checkNothingLost', () => {
  it('holds when each order is in the shop or dead-lettered with a reason', () => {
    const verdict = checkNothingLost(
      fixtureEvidence({
        orders,
        shopOrders: [{ sourceId: 'so-000001' }, { sourceId: 'so-000003' }],
        deadLetters: [{ key: 'so-000002', reason: 'Shopify rejected the order: HTTP 422' }],
      }),
    );
    expect(verdict).toMatchObject({ applies: true, holds: true, orderIds: [] });
    expect(verdict.detail).toBe('3 source orders: 2 in the shop, 1 dead-lettered with a reason');
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
