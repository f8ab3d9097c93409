import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../mocks/http-server.js';
import { createShopifyService } from '../../mocks/shopify-service.js';
import type { Clock } from '../../runtime/clock.js';
import { createRandom } from '../../runtime/seeded-random.js';
import { systemClock } from '../../runtime/system-clock.js';
import type { FaultPlanInput } from '../../mocks/faults/fault-plan-schema.js';
import { api, orderBody } from './http-server-support.js';

// The politeness score and the duplicate causes over real HTTP. The server's clock is set by hand, so
// "2 ms later" and "2 s later" are exact and the test waits on nothing but the sockets.

let offsetMs = 0;
const base = systemClock.nowMs();
const handClock: Clock = {
  nowMs: () => base + offsetMs,
  sleep: (ms, signal) => systemClock.sleep(ms, signal),
  timeout: (ms) => systemClock.timeout(ms),
  gate: () => systemClock.gate(),
};

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  offsetMs = 0;
});

async function start(faults?: FaultPlanInput): Promise<MockServer> {
  const service = createShopifyService({
    model: { limits: { bucketSize: 2, leakPerSecond: 2 } },
    random: createRandom(1).fork('faults'),
    faults,
  });
  server = await startMockServer({ service, clock: handClock });
  return server;
}

async function call(method: string, path: string, token: string, body?: string): Promise<Response> {
  const response = await fetch(`${server?.url}${api}/${path}`, {
    method,
    headers: { 'x-shopify-access-token': token, 'content-type': 'application/json' },
    body,
  });
  await response.arrayBuffer();
  return response;
}

// The bodies have many shapes; the assertions check them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function admin(path: string): Promise<Json> {
  const response = await fetch(`${server?.url}/__admin${path}`);
  expect(response.status).toBe(200);
  return response.json();
}

describe('mock HTTP server: GET /__admin/clients (acceptance 4)', () => {
  it('flags a retry 2 ms after Retry-After: 2.0 with count and shortfall, and not a client that waits 2 s', async () => {
    await start();
    for (const token of ['shpat_hasty_http', 'shpat_patient_http']) {
      await call('GET', 'orders.json', token);
      await call('GET', 'orders.json', token);
      const throttled = await call('GET', 'orders.json', token);
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('2.0');
    }
    offsetMs = 2;
    await call('GET', 'orders.json', 'shpat_hasty_http');
    offsetMs = 2000;
    await call('GET', 'orders.json', 'shpat_patient_http');

    const { clients } = await admin('/clients');
    expect(clients).toHaveLength(2);
    expect(clients[0]).toMatchObject({
      client: 'shpat_…http',
      requests: 4,
      retryAfterViolations: 1,
      retryAfterShortfallMsTotal: 1998,
      retryAfterShortfallMsMax: 1998,
    });
    expect(clients[1]).toMatchObject({ requests: 4, retryAfterViolations: 0, retryAfterShortfallMsTotal: 0 });
    expect((await admin('/clients?shop=nobody.myshopify.com')).clients).toEqual([]);
  });
});

describe('mock HTTP server: duplicate causes in GET /__admin/audit', () => {
  it('gives each duplicate its cause and marks the ambiguous create in the order’s requests', async () => {
    await start({
      rules: [
        {
          kind: 'ambiguous',
          then: 503,
          match: { route: ['orders.create'] },
          window: { fromSeconds: 0, toSeconds: 0.1 },
        },
      ],
    });
    expect((await call('POST', 'orders.json', 'shpat_naive', orderBody('src-1'))).status).toBe(503);
    offsetMs = 203;
    expect((await call('POST', 'orders.json', 'shpat_naive', orderBody('src-1'))).status).toBe(201);

    const { shops } = await admin('/audit');
    expect(shops[0].duplicates).toBe(1);
    const [cause] = shops[0].duplicateCauses;
    expect(cause).toMatchObject({ sourceOrderId: 'src-1', kind: 'ambiguous-retry' });
    expect(cause.cause).toMatch(/^second create 203 ms after an ambiguous 503 /);
    const firstId = cause.orders[0].orderId;
    const { requests } = await admin(`/orders/${firstId}/requests`);
    expect(requests[0]).toMatchObject({ method: 'POST', status: 201, clientSaw: '503' });
  });
});
