import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitUrl } from './split-url.js';

function byUrlParser(url: string): ReturnType<typeof splitUrl> {
  try {
    const parsed = new URL(url);
    return {
      origin: parsed.origin,
      hostname: parsed.hostname,
      pathname: parsed.pathname,
      search: parsed.search,
    };
  } catch {
    return undefined;
  }
}

describe('splitUrl', () => {
  it('splits a plain Admin API URL into origin, host, path and query', () => {
    expect(
      splitUrl('https://Launch.MyShopify.com:443/admin/api/2026-01/orders.json?tag=a%20b&limit=2'),
    ).toEqual({
      origin: 'https://launch.myshopify.com',
      hostname: 'launch.myshopify.com',
      pathname: '/admin/api/2026-01/orders.json',
      search: '?tag=a%20b&limit=2',
    });
    expect(splitUrl('http://127.0.0.1:8080/admin?')).toEqual({
      origin: 'http://127.0.0.1:8080',
      hostname: '127.0.0.1',
      pathname: '/admin',
      search: '',
    });
    expect(splitUrl('not a url')).toBeUndefined();
  });

  it('agrees with the WHATWG URL parser on any URL-like text', () => {
    const piece = fc.constantFrom(
      'a',
      'B',
      '0',
      '9',
      '-',
      '.',
      '..',
      '/',
      '%',
      '%2e',
      '%2E',
      '?',
      '#',
      ' ',
      "'",
      '"',
      '<',
      '`',
      '\\',
      '[',
      ']',
      '{',
      '|',
      '^',
      ':',
      '@',
      '=',
      '&',
      'ü',
      'xn--',
      '0x7f',
      '00080',
      '65536',
      '443',
      '\t',
      '~',
    );
    const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
    const url = fc
      .tuple(
        fc.constantFrom('https://', 'http://', 'HTTPS://', 'ftp://', 'https:/', ''),
        text,
        fc.option(fc.constantFrom(':443', ':80', ':0', ':99999', ':'), { nil: '' }),
        text,
        text,
      )
      .map(
        ([scheme, host, port, path, query]) =>
          `${scheme}${host}${port}/${path}${query === '' ? '' : `?${query}`}`,
      );
    fc.assert(
      fc.property(url, (candidate) => {
        expect(splitUrl(candidate)).toEqual(byUrlParser(candidate));
      }),
      { numRuns: 3000 },
    );
  });
  it('agrees with the WHATWG URL parser on plausible URLs, most of which take the fast path', () => {
    const label = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9-]{1,6}$/),
      fc.constantFrom('0x7f', '127', 'xn--abc', 'xn--', '1'),
    );
    const host = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
    const segment = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9._~!$&()*+,;=:@-]{0,6}$/),
      fc.constantFrom('.', '..', '%2e', 'a%20b', "it's"),
    );
    const path = fc.array(segment, { maxLength: 5 }).map((segments) => `/${segments.join('/')}`);
    const query = fc.option(fc.stringMatching(/^[A-Za-z0-9._~!$&()*+,;=:@%/?[\]{}|^'"<> `-]{0,10}$/), {
      nil: undefined,
    });
    const port = fc.constantFrom('', ':443', ':80', ':0', ':08080', ':65535', ':65536');
    const url = fc
      .tuple(fc.constantFrom('https', 'http'), host, port, path, query)
      .map(([scheme, h, p, pa, q]) => `${scheme}://${h}${p}${pa}${q === undefined ? '' : `?${q}`}`);
    fc.assert(
      fc.property(url, (candidate) => {
        expect(splitUrl(candidate)).toEqual(byUrlParser(candidate));
      }),
      { numRuns: 3000 },
    );
  });
});
