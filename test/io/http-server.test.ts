import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../mocks/http-server.js';
import {
  api,
  createOrder,
  jsonHeaders,
  orderBody,
  rawRequest,
  rawSocket,
  startTestServer,
} from './http-server-support.js';

let server: MockServer;
const logged: string[] = [];
beforeAll(async () => {
  server = await startTestServer('plus', (line) => logged.push(line));
});
afterAll(() => server.close());

describe('mock HTTP server: bad input never crashes it', () => {
  const cases: [string, () => Promise<{ status: number; body: string }>, number, RegExp][] = [
    [
      'malformed JSON',
      () =>
        rawRequest(server, {
          method: 'POST',
          path: `${api}/orders.json`,
          headers: jsonHeaders,
          chunks: [Buffer.from('{"order": {')],
        }),
      400,
      /JSON|order/i,
    ],
    [
      'a wrong content type',
      () =>
        rawRequest(server, {
          method: 'POST',
          path: `${api}/orders.json`,
          headers: { ...jsonHeaders, 'content-type': 'text/plain' },
          chunks: [Buffer.from(orderBody('ct'))],
        }),
      400,
      /Content-Type/,
    ],
    [
      'a 5 MB body with Content-Length (sent by fetch)',
      async () => {
        const response = await fetch(`${server.url}${api}/orders.json`, {
          method: 'POST',
          headers: jsonHeaders,
          body: ' '.repeat(5 * 1024 * 1024),
        });
        return { status: response.status, body: await response.text() };
      },
      413,
      /exceeds the limit of 1048576 bytes/,
    ],
    [
      'a 5 MB chunked body',
      () =>
        rawRequest(server, {
          method: 'POST',
          path: `${api}/orders.json`,
          headers: jsonHeaders,
          chunks: Array.from({ length: 80 }, () => Buffer.alloc(64 * 1024, 0x20)),
        }),
      413,
      /exceeds the limit/,
    ],
    [
      'an unknown route',
      () => rawRequest(server, { method: 'GET', path: `${api}/widgets.json`, headers: jsonHeaders }),
      404,
      /^\{"errors":"Not Found"\}$/,
    ],
    [
      'a path outside the Admin API',
      () => rawRequest(server, { method: 'GET', path: '/favicon.ico' }),
      404,
      /Not Found/,
    ],
    [
      'bytes that are not UTF-8',
      () =>
        rawRequest(server, {
          method: 'POST',
          path: `${api}/orders.json`,
          headers: jsonHeaders,
          chunks: [Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
        }),
      400,
      /not valid UTF-8/,
    ],
    [
      'an invalid fault plan',
      () =>
        rawRequest(server, {
          method: 'PUT',
          path: '/__admin/faults',
          headers: { 'content-type': 'application/json' },
          chunks: [Buffer.from('{"rules":[{"kind":"status","status":418,"probability":2}]}')],
        }),
      400,
      /rules\[0\]/,
    ],
    [
      'an invalid plan change',
      () =>
        rawRequest(server, {
          method: 'PUT',
          path: '/__admin/plan',
          chunks: [Buffer.from('{"bucketSize": -3, "leakPerSecond": 2}')],
        }),
      400,
      /bucketSize must be/,
    ],
    [
      'an unknown admin path',
      () => rawRequest(server, { method: 'GET', path: '/__admin/nope' }),
      404,
      /not an admin endpoint/,
    ],
  ];

  for (const [name, send, status, reason] of cases) {
    it(`answers ${name} with ${status} and a reason, then creates an order`, async () => {
      const answer = await send();
      expect(answer.status).toBe(status);
      expect(() => JSON.parse(answer.body)).not.toThrow();
      expect(answer.body).toMatch(reason);
      expect(await createOrder(server, `after-${name}`)).toBe(201);
    });
  }

  it('answers malformed HTTP with 400 and closes only that connection', async () => {
    const answer = await rawSocket(
      server,
      'GET /admin/api/2026-01/orders.json HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(answer).toMatch(/"errors":"Bad Request: malformed HTTP request/);
    expect(await createOrder(server, 'after-malformed-http')).toBe(201);
  });

  it('has logged no internal error', () => {
    expect(logged).toEqual([]);
  });
});
