import { describe, expect, it } from 'vitest';
import { fencingTokenHeader } from './lease.js';
import {
  defaultLoyaltyTarget,
  loyaltyOf,
  readLoyaltyRequest,
  writeLoyaltyRequest,
} from './loyalty-requests.js';

const shop = { domain: 'a.myshopify.com', accessToken: 'shpat_x', apiVersion: '2026-01' };
const customers = 'https://a.myshopify.com/admin/api/2026-01/customers/7000000000001';
const answer = (body: unknown) =>
  ({ ok: true, response: { status: 200, headers: {}, body: JSON.stringify(body) } }) as const;

describe('loyalty metafield requests', () => {
  it('reads the one metafield, with the lease’s fencing token when there is one', () => {
    const request = readLoyaltyRequest(shop, '7000000000001', defaultLoyaltyTarget, 'so-1', 42);
    expect([request.method, request.url]).toEqual([
      'GET',
      `${customers}/metafields.json?namespace=funnelstorm&key=loyalty`,
    ]);
    expect(request.headers[fencingTokenHeader]).toBe('42');
  });

  it('creates the metafield when the customer has none, and updates it by id otherwise', () => {
    const value = { points: 1234, orders: 1, counted: 'so-1' };
    const create = writeLoyaltyRequest(shop, '7000000000001', defaultLoyaltyTarget, {
      metafieldId: undefined,
      value,
    });
    expect([create.method, create.url]).toEqual(['POST', `${customers}/metafields.json`]);
    expect(JSON.parse(create.body!)).toEqual({
      metafield: { namespace: 'funnelstorm', key: 'loyalty', type: 'json', value: JSON.stringify(value) },
    });
    expect(create.headers[fencingTokenHeader]).toBeUndefined();
    const update = writeLoyaltyRequest(
      shop,
      '7000000000001',
      defaultLoyaltyTarget,
      { metafieldId: 9, value },
      7,
    );
    expect([update.method, update.url, update.headers[fencingTokenHeader]]).toEqual([
      'PUT',
      `${customers}/metafields/9.json`,
      '7',
    ]);
    expect(JSON.parse(update.body!)).toEqual({ metafield: { value: JSON.stringify(value) } });
  });

  it('reads a loyalty value back, a missing metafield as zero, and refuses what is not one', () => {
    const metafield = {
      id: 9,
      namespace: 'funnelstorm',
      key: 'loyalty',
      value: '{"points":5,"orders":2,"counted":"a b%20c"}',
    };
    expect(loyaltyOf(answer({ metafields: [metafield] }), defaultLoyaltyTarget)).toEqual({
      metafieldId: 9,
      value: { points: 5, orders: 2, counted: 'a b%20c' },
    });
    // A value written as a JSON array of ids (before issue 12) reads as the same list.
    const asArray = { ...metafield, value: '{"points":5,"orders":2,"counted":["a","b c"]}' };
    expect(loyaltyOf(answer({ metafields: [asArray] }), defaultLoyaltyTarget)?.value.counted).toBe('a b%20c');
    expect(loyaltyOf(answer({ metafields: [] }), defaultLoyaltyTarget)).toEqual({
      metafieldId: undefined,
      value: { points: 0, orders: 0, counted: '' },
    });
    expect(
      loyaltyOf(answer({ metafields: [{ ...metafield, value: '{"points":"x"}' }] }), defaultLoyaltyTarget),
    ).toBeUndefined();
    expect(loyaltyOf(answer({ customer: {} }), defaultLoyaltyTarget)).toBeUndefined();
  });
});
