import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../mocks/http-server.js';
import { api, jsonHeaders, orderBody, startTestServer } from './http-server-support.js';

// Acceptance 3 of issue 3: under load far above the limit, the HTTP server's bucket stays exact.
let server: MockServer;
beforeAll(async () => {
  server = await startTestServer('plus');
});
afterAll(() => server.close());

describe('mock HTTP server under load (plan=plus, autocannon -c 50 for 5 s)', () => {
  it('admits exactly 400 + 20 × elapsed s creates and answers every other request 429, without errors', async () => {
    const result = await autocannon({
      url: `${server.url}${api}/orders.json`,
      method: 'POST',
      headers: jsonHeaders,
      body: orderBody('load'),
      connections: 50,
      duration: 5,
    });
    const stats = server.service.model.stats();
    const elapsedSeconds = ((stats.lastCallMs ?? 0) - (stats.firstCallMs ?? 0)) / 1000;
    const admitted = stats.byStatus[201] ?? 0;
    const expected = 400 + 20 * elapsedSeconds;
    console.info(
      `load: ${result.requests.total} requests (${Math.round(result.requests.average)}/s), ${admitted} admitted ` +
        `over ${elapsedSeconds.toFixed(3)} s (expected ${expected.toFixed(1)}), ${stats.throttled} × 429`,
    );
    expect(result.requests.total).toBeGreaterThan(5 * (400 + 20 * 5));
    expect(Math.abs(admitted - expected)).toBeLessThanOrEqual(Math.max(1, Math.ceil(elapsedSeconds)));
    expect(stats.calls).toBe(admitted + stats.throttled);
    // autocannon stops counting at 5 s with up to one request per connection still in flight; the server
    // answered those too, so its counts may exceed autocannon's by at most the connection count.
    const answered = result['2xx'] + result.non2xx;
    expect(stats.calls - answered).toBeGreaterThanOrEqual(0);
    expect(stats.calls - answered).toBeLessThanOrEqual(50);
    expect(result.statusCodeStats?.['429']?.count).toBe(result.non2xx);
    expect(admitted - result['2xx']).toBeGreaterThanOrEqual(0);
    expect(admitted - result['2xx']).toBeLessThanOrEqual(50);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.resets).toBe(0);
  });

  it('still answers afterwards, with a Shopify-shaped 429 while the bucket is full', async () => {
    const response = await fetch(`${server.url}${api}/orders.json`, {
      method: 'POST',
      headers: jsonHeaders,
      body: orderBody('after-load'),
    });
    expect([201, 429]).toContain(response.status);
    expect(response.headers.get('x-shopify-shop-api-call-limit')).toMatch(/^\d+\/400$/);
    const stats = await fetch(`${server.url}/__admin/stats`);
    expect(stats.status).toBe(200);
  });
});
