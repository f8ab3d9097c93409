import { describe, expect, it } from 'vitest';
import { checkAdminRequest } from './admin-guard.js';

const open = {};
const json = { 'content-type': 'application/json' };

function status(
  method: string,
  path: string,
  headers: Record<string, string>,
  hasBody = false,
  tokens?: string[],
) {
  const decision = checkAdminRequest(method, path, headers, hasBody, { tokens: tokens && new Set(tokens) });
  return decision.ok ? decision.format : decision.response.status;
}

describe('admin guard', () => {
  it('lets a program (no Origin) through without a token when the server has none', () => {
    expect(status('GET', '/__admin/stats', { host: '127.0.0.1:4100' })).toBe('json');
    expect(status('POST', '/__admin/reset', {})).toBe('json');
  });

  it('accepts the server’s own origin only when it is named by an IP literal or localhost (DNS rebinding)', () => {
    expect(
      status('POST', '/__admin/reset', { host: '127.0.0.1:4100', origin: 'http://127.0.0.1:4100' }),
    ).toBe('json');
    expect(
      status('POST', '/__admin/reset', { host: 'localhost:4100', origin: 'http://localhost:4100' }),
    ).toBe('json');
    expect(status('POST', '/__admin/reset', { host: '[::1]:4100', origin: 'http://[::1]:4100' })).toBe(
      'json',
    );
    // A page on evil.example whose name was re-pointed at 127.0.0.1 sends its own name as Host and Origin.
    expect(
      status('POST', '/__admin/reset', { host: 'evil.example:4100', origin: 'http://evil.example:4100' }),
    ).toBe(403);
    expect(
      status('POST', '/__admin/reset', { host: '127.0.0.1:4100', origin: 'http://127.0.0.1:9999' }),
    ).toBe(403);
    expect(status('GET', '/__admin/stats', { 'sec-fetch-site': 'same-site' })).toBe(403);
    expect(status('GET', '/__admin/stats', { 'sec-fetch-site': 'same-origin' })).toBe('json');
  });

  it('checks the Origin before the token, and the token before the body', () => {
    expect(
      status('PUT', '/__admin/plan', { origin: 'http://evil.example', 'content-type': 'text/plain' }, true, [
        't',
      ]),
    ).toBe(403);
    expect(status('PUT', '/__admin/plan', { 'content-type': 'text/plain' }, true, ['t'])).toBe(401);
    expect(
      status('PUT', '/__admin/plan', { 'content-type': 'text/plain', 'x-shopify-access-token': 't' }, true, [
        't',
      ]),
    ).toBe(415);
    expect(status('PUT', '/__admin/plan', { ...json, authorization: 'bearer t' }, true, ['t'])).toBe('json');
  });

  it('reads YAML only on /__admin/faults and only when named; a body without a type is refused', () => {
    expect(status('PUT', '/__admin/faults', { 'content-type': 'text/yaml; charset=utf-8' }, true)).toBe(
      'yaml',
    );
    expect(status('PUT', '/__admin/plan', { 'content-type': 'application/yaml' }, true)).toBe(415);
    expect(status('PUT', '/__admin/faults', open, true)).toBe(415);
    expect(status('DELETE', '/__admin/faults', open, false)).toBe('json');
  });
});
