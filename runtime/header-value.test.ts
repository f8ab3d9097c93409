import { describe, expect, it } from 'vitest';
import { headerValue } from './transport.js';

describe('headerValue', () => {
  it('finds a header whatever the case of its name or of the key, and says undefined when absent', () => {
    const headers = { 'x-shopify-shop-api-call-limit': '1/40', 'Retry-After': '2' };
    expect(headerValue(headers, 'X-Shopify-Shop-Api-Call-Limit')).toBe('1/40');
    expect(headerValue(headers, 'retry-after')).toBe('2');
    expect(headerValue(headers, 'x-fencing-token')).toBeUndefined();
  });

  it('reads only the record’s own keys', () => {
    const headers = Object.create({ 'Retry-After': '9' }) as Record<string, string>;
    headers['content-type'] = 'application/json';
    expect(headerValue(headers, 'retry-after')).toBeUndefined();
    expect(headerValue(headers, 'Content-Type')).toBe('application/json');
  });

  it('gives the same answers when a name is asked for again, and for more names than it remembers', () => {
    const headers = { 'x-shopify-shop-api-call-limit': '1/40', 'Retry-After': '2' };
    for (let round = 0; round < 2; round++) {
      expect(headerValue(headers, 'X-Shopify-Shop-Api-Call-Limit')).toBe('1/40');
      expect(headerValue(headers, 'RETRY-AFTER')).toBe('2');
      for (let i = 0; i < 100; i++) expect(headerValue(headers, `X-Other-${i}`)).toBeUndefined();
    }
  });
});
