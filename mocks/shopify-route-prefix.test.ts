import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchShopifyRoute } from './shopify-route.js';
import { splitUrl } from './split-url.js';

// matchShopifyRoute matches a URL that starts with the last shop-and-version prefix by its route alone.
// Whatever came before, a URL must match exactly as when taken apart in full.

/** A match in a comparable form (a query compared by its text). */
function matched(method: string, url: string): unknown {
  const result = matchShopifyRoute(method, url);
  if (!result.ok) return result;
  const { route, ...target } = result.value;
  return { ...target, route: 'query' in route ? { ...route, query: route.query.toString() } : route };
}

const prefixes = [
  'https://launch.myshopify.com/admin/api/2026-01/',
  'https://Launch.myshopify.com/admin/api/2026-01/',
  'http://127.0.0.1:8080/admin/api/2026-01/',
  'https://launch.myshopify.com:443/admin/api/unstable/',
];
const segment = fc.constantFrom(
  'orders',
  'customers',
  'metafields',
  'fulfillments',
  'graphql',
  '.',
  '..',
  '%2e',
);
const id = fc.oneof(
  fc.constantFrom('7', '7000000000001', '00', '12345678901234567'),
  fc.string({ maxLength: 3 }),
);
const known = fc.constantFrom(
  'orders.json',
  'orders/7.json',
  'customers/7.json',
  'customers/7000000000001/metafields.json',
  'customers/7/metafields/9.json',
  'orders/7/metafields.json',
  'orders/7/fulfillments.json',
  'graphql.json',
);
const anyPath = fc
  .array(fc.oneof(segment, id), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join('/'))
  .chain((path) => fc.constantFrom(`${path}.json`, path, `${path}.json/`));
const rest = fc.oneof(known, anyPath);
const query = fc.oneof(
  fc.constant(''),
  fc.constant('?'),
  fc.constant('?namespace=funnelstorm&key=loyalty'),
  fc.string({ maxLength: 8 }).map((text) => `?${text}`),
  fc.string({ maxLength: 8, unit: 'binary' }).map((text) => `?${text}`),
  fc.string({ maxLength: 4 }).map((text) => `#${text}`),
);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'get', 'DELETE');

describe('matchShopifyRoute after a URL of the same prefix', () => {
  it('matches as a URL taken apart in full', () => {
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), rest, query, method, (prefix, path, search, verb) => {
        const url = `${prefix}${path}${search}`;
        // Another shop first: the URL is taken apart in full (its parts may come from the URL cache,
        // which holds what taking it apart gave).
        matchShopifyRoute('GET', 'https://other.myshopify.com/admin/api/2026-01/orders.json');
        const full = matched(verb, url);
        // The same prefix first: the URL may be matched by its route alone.
        matchShopifyRoute('POST', `${prefix}orders.json`);
        expect(matched(verb, url)).toEqual(full);
      }),
    );
  });

  it('takes apart in full a URL the parser would rewrite', () => {
    matchShopifyRoute('POST', `${prefixes[0]}orders.json`);
    const spaced = matchShopifyRoute('GET', `${prefixes[0]}orders.json?tag=a b`);
    expect(spaced.ok && spaced.value.path).toBe(
      `/admin/api/2026-01/orders.json${splitUrl(`${prefixes[0]}orders.json?tag=a b`)?.search}`,
    );
    expect(spaced.ok && spaced.value.path).toBe('/admin/api/2026-01/orders.json?tag=a%20b');
  });
});
