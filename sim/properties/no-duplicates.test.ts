import { describe, expect, it } from 'vitest';
import { fixtureEvidence } from '../../test/support/evidence-fixture.js';
import { checkNoDuplicates } from './no-duplicates.js';

describe('checkNoDuplicates', () => {
  it('holds when each source order is in the shop once', () => {
    const verdict = checkNoDuplicates(
      fixtureEvidence({
        orders: [{ id: 'so-000001' }, { id: 'so-000002' }],
        shopOrders: [{ sourceId: 'so-000001' }, { sourceId: 'so-000002' }],
      }),
    );
    expect(verdict).toMatchObject({ property: 'no-duplicates', applies: true, holds: true, orderIds: [] });
    expect(verdict.detail).toBe(
      '2 source orders in the shop, each created once; none unattributed or unexpected',
    );
  });

  it('names each source order created twice or more, with its count', () => {
    const verdict = checkNoDuplicates(
      fixtureEvidence({
        orders: [{ id: 'so-000001' }, { id: 'so-000002' }, { id: 'so-000003' }],
        shopOrders: ['so-000003', 'so-000001', 'so-000003', 'so-000002', 'so-000001', 'so-000001'].map(
          (sourceId) => ({ sourceId }),
        ),
      }),
    );
    expect(verdict.holds).toBe(false);
    expect(verdict.orderIds).toEqual(['so-000001', 'so-000003']);
    expect(verdict.detail).toBe(
      '2 of 3 source orders created more than once (3 extra orders): so-000001 (3 orders), so-000003 (2 orders)',
    );
  });

  it('breaks on an order without a source id (unattributed) and on one the traffic never sent', () => {
    const verdict = checkNoDuplicates(
      fixtureEvidence({
        orders: [{ id: 'so-000001' }],
        shopOrders: [{ sourceId: 'so-000001' }, {}, { sourceId: 'so-999999' }],
      }),
    );
    expect(verdict.holds).toBe(false);
    expect(verdict.orderIds).toEqual(['so-999999']);
    expect(verdict.detail).toBe(
      '1 orders without a source order id (unattributed: nobody can reconcile them); ' +
        '1 orders name source ids the traffic never sent (unexpected): so-999999',
    );
  });

  it('holds on an empty shop (nothing was created twice)', () => {
    expect(checkNoDuplicates(fixtureEvidence()).holds).toBe(true);
  });
});
