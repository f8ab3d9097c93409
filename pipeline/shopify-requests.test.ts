import { describe, expect, it } from 'vitest';
import { fencingTokenHeader } from './lease.js';
import { formatCents, parseCents, updateCustomerRequest } from './shopify-requests.js';

const shop = { domain: 'a.myshopify.com', accessToken: 'shpat_x', apiVersion: '2026-01' };

describe('customer requests', () => {
  it('writes totals as Shopify money strings, with the counted-order tags', () => {
    const request = updateCustomerRequest(shop, '7000000000001', {
      totalSpentCents: 123_405,
      ordersCount: 3,
      tags: 'vip, fs-counted-so-1',
    });
    expect(request.method).toBe('PUT');
    expect(request.url).toBe('https://a.myshopify.com/admin/api/2026-01/customers/7000000000001.json');
    expect(JSON.parse(request.body!)).toEqual({
      customer: { id: 7000000000001, total_spent: '1234.05', orders_count: 3, tags: 'vip, fs-counted-so-1' },
    });
    expect(request.headers[fencingTokenHeader]).toBeUndefined();
  });

  it('carries the lease’s fencing token when there is one', () => {
    const request = updateCustomerRequest(shop, '7', { totalSpentCents: 0, ordersCount: 0, tags: '' }, 42);
    expect(request.headers[fencingTokenHeader]).toBe('42');
  });

  it('reads money strings back to exact cents', () => {
    expect([formatCents(0), formatCents(5), formatCents(1999)]).toEqual(['0.00', '0.05', '19.99']);
    expect([parseCents('19.99'), parseCents('19.9'), parseCents('19'), parseCents(' 0.05 ')]).toEqual([
      1999, 1990, 1900, 5,
    ]);
    expect([parseCents('-1'), parseCents('1.234'), parseCents('abc'), parseCents(null)]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
