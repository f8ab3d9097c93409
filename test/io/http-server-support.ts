import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { systemClock } from '../../runtime/system-clock.js';
import { createRandom } from '../../runtime/seeded-random.js';
import { plans, type PlanName } from '../../mocks/plans.js';
import { createShopifyService } from '../../mocks/shopify-service.js';
import { startMockServer, type MockServer } from '../../mocks/http-server.js';

/** The Admin API path prefix the tests use. */
export const api = '/admin/api/2026-01';
/** Headers of an authorised JSON request. */
export const jsonHeaders = { 'x-shopify-access-token': 'shpat_test', 'content-type': 'application/json' };
/** A valid order-create body. */
export const orderBody = (sourceId: string): string =>
  JSON.stringify({
    order: {
      line_items: [{ title: 'Launch tee', price: '25.00', quantity: 1 }],
      note_attributes: [{ name: 'source_order_id', value: sourceId }],
      tags: `fs-src-${sourceId}`,
    },
  });

/** Starts a mock server on a free loopback port, on the system clock. */
export function startTestServer(plan: PlanName = 'plus', log?: (line: string) => void): Promise<MockServer> {
  const service = createShopifyService({
    model: { limits: plans[plan] },
    random: createRandom(1).fork('faults'),
  });
  return startMockServer({ service, clock: systemClock, planName: plan, log });
}

/** POSTs a valid order and returns the status. */
export async function createOrder(server: MockServer, sourceId: string): Promise<number> {
  const response = await fetch(`${server.url}${api}/orders.json`, {
    method: 'POST',
    headers: jsonHeaders,
    body: orderBody(sourceId),
  });
  await response.arrayBuffer();
  return response.status;
}

/** One raw exchange with node:http, so tests can send what fetch refuses to (chunked bodies, raw bytes). */
export function rawRequest(
  server: MockServer,
  options: { method: string; path: string; headers?: Record<string, string | number>; chunks?: Buffer[] },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${options.path}`, {
      method: options.method,
      headers: options.headers,
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    // The server may answer (413) and close before the whole body is written: the answer is what counts.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

/** Sends raw bytes over TCP and resolves with everything the server sent back before closing. */
export function rawSocket(server: MockServer, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(bytes));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
}
