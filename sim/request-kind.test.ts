import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import type { OperationKind } from './history.js';
import { requestCustomer, requestKind } from './request-kind.js';

const pathPattern = /\/admin\/api\/[^/]+\/(orders|customers\/([^/?#]+))\.json(?:[?#]|$)/;
const customerMetafieldPattern =
  /\/admin\/api\/[^/]+\/customers\/([^/?#]+)\/metafields(\/[^/?#]+)?\.json(?:[?#]|$)/;

/** The reading by the patterns the hand reader replaced (before issue 12's round 2), as the reference. */
function byPatterns(method: string, url: string): [OperationKind, string | undefined] {
  const metafield = customerMetafieldPattern.exec(url);
  if (metafield !== null) {
    if (method === 'GET') return ['customer.read', metafield[1]];
    const write = metafield[2] === undefined ? method === 'POST' : method === 'PUT';
    return write ? ['customer.write', metafield[1]] : ['other', undefined];
  }
  const match = pathPattern.exec(url);
  if (match === null) return ['other', undefined];
  if (match[1] === 'orders') {
    if (method === 'POST') return ['order.create', undefined];
    return [method === 'GET' ? 'order.lookup' : 'other', undefined];
  }
  if (method === 'GET') return ['customer.read', match[2]];
  return method === 'PUT' ? ['customer.write', match[2]] : ['other', undefined];
}

const byHand = (method: string, url: string): [OperationKind, string | undefined] => [
  requestKind(method, url),
  requestCustomer.id,
];

describe('requestKind', () => {
  it('reads the requests the pipeline sends', () => {
    const shop = 'https://a.myshopify.com/admin/api/2026-01';
    expect(byHand('POST', `${shop}/orders.json`)).toEqual(['order.create', undefined]);
    expect(byHand('GET', `${shop}/orders.json?status=any`)).toEqual(['order.lookup', undefined]);
    expect(byHand('PUT', `${shop}/customers/7.json`)).toEqual(['customer.write', '7']);
    expect(byHand('GET', `${shop}/customers/a%40b.json#x`)).toEqual(['customer.read', 'a%40b']);
    expect(byHand('GET', `${shop}/customers/7/metafields.json?limit=5`)).toEqual(['customer.read', '7']);
    expect(byHand('POST', `${shop}/customers/7/metafields.json`)).toEqual(['customer.write', '7']);
    expect(byHand('PUT', `${shop}/customers/7/metafields/9.json`)).toEqual(['customer.write', '7']);
    expect(byHand('POST', `${shop}/customers/7/metafields/9.json`)).toEqual(['other', undefined]);
    expect(byHand('DELETE', `${shop}/orders.json`)).toEqual(['other', undefined]);
    expect(byHand('GET', `${shop}/shop.json`)).toEqual(['other', undefined]);
  });

  it('takes exactly the URLs the patterns took, with the same customer id', () => {
    // URLs built from the pieces the patterns care about, so that most come near a match.
    const pieces = [
      '/admin/api/',
      '2026-01',
      '/',
      'orders',
      'customers',
      'metafields',
      '.json',
      '.js',
      'on',
      '?',
      '#',
      '7',
      '%40',
      'a.b',
      'x',
      '',
      '//',
    ];
    const methods = ['GET', 'POST', 'PUT', 'DELETE'];
    const random = createRandom(12);
    let matched = 0;
    for (let i = 0; i < 40_000; i++) {
      const piece = () => pieces[Math.floor(random.next() * pieces.length)] as string;
      const near = (text: string) => (random.next() < 0.8 ? text : piece());
      let url = i % 2 === 0 ? 'https://s/admin/api/v/' : '';
      if (i % 3 === 0) {
        // A route of the shape the patterns take, each part sometimes swapped for another piece.
        url += `${near('customers/')}${near('7')}${near('/metafields')}${random.next() < 0.5 ? near('/9') : ''}`;
        url += `${near('.json')}${random.next() < 0.5 ? piece() : ''}`;
      } else {
        const count = 1 + Math.floor(random.next() * 9);
        for (let p = 0; p < count; p++) url += piece();
      }
      const method = methods[i % methods.length] as string;
      const expected = byPatterns(method, url);
      if (expected[0] !== 'other') matched++;
      expect(byHand(method, url), `${method} ${url}`).toEqual(expected);
    }
    // The generator must reach the matches, not only the misses.
    expect(matched).toBeGreaterThan(1_000);
  });
});
