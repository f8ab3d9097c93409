import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../mocks/http-server.js';
import { createFetchTransport } from '../../runtime/fetch-transport.js';
import type { HttpRequest } from '../../runtime/transport.js';
import { startTestServer } from './http-server-support.js';

let server: MockServer;
beforeAll(async () => {
  server = await startTestServer('standard');
});
afterAll(() => server.close());

const listOrders = (shop: string): HttpRequest => ({
  method: 'GET',
  url: `https://${shop}/admin/api/2026-01/orders.json?limit=1`,
  headers: { 'x-shopify-access-token': 'shpat_fetch_transport' },
});

describe('createFetchTransport (the live Transport)', () => {
  it('sends a shop URL to the mock’s origin, naming the shop in X-Funnelstorm-Shop', async () => {
    const transport = createFetchTransport({ origin: `${server.url}/` });
    const first = await transport(listOrders('fetch-a.myshopify.com'));
    const other = await transport(listOrders('fetch-b.myshopify.com'));
    const again = await transport(listOrders('fetch-a.myshopify.com'));
    expect(first).toMatchObject({ ok: true, response: { status: 200, body: '{"orders":[]}' } });
    if (!first.ok || !other.ok || !again.ok) throw new Error('expected answers');
    expect(first.response.headers['x-shopify-shop-api-call-limit']).toBe('1/40');
    // Each shop has its own bucket: the header reached the mock.
    expect(other.response.headers['x-shopify-shop-api-call-limit']).toBe('1/40');
    expect(again.response.headers['x-shopify-shop-api-call-limit']).toMatch(/^[12]\/40$/);
  });

  it('returns a refused connection as `refused`, never throwing', async () => {
    const port = await freePort();
    const transport = createFetchTransport({ origin: `http://127.0.0.1:${port}` });
    const result = await transport(listOrders('fetch-a.myshopify.com'));
    expect(result).toMatchObject({ ok: false, error: { kind: 'refused' } });
  });

  it('tells a timeout signal (`timeout`) from the caller’s own abort (`aborted`)', async () => {
    // Accepts connections and never answers; keeps its sockets so the test can end them.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const transport = createFetchTransport({ origin: `http://127.0.0.1:${address.port}` });
    try {
      const timedOut = await transport(listOrders('fetch-a.myshopify.com'), {
        signal: AbortSignal.timeout(100),
      });
      expect(timedOut).toMatchObject({ ok: false, error: { kind: 'timeout' } });
      const controller = new AbortController();
      const pending = transport(listOrders('fetch-a.myshopify.com'), { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      expect(await pending).toMatchObject({ ok: false, error: { kind: 'aborted' } });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('returns a connection dropped mid-exchange as `reset`', async () => {
    const dropping = createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    const address = dropping.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const transport = createFetchTransport({ origin: `http://127.0.0.1:${address.port}` });
    try {
      const result = await transport(listOrders('fetch-a.myshopify.com'));
      expect(result).toMatchObject({ ok: false, error: { kind: 'reset' } });
    } finally {
      await new Promise((resolve) => dropping.close(resolve));
    }
  });
});

/** A port nothing listens on: bind one, then close it. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
