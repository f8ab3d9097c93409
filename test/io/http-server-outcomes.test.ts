import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../mocks/http-server.js';
import { plans } from '../../mocks/plans.js';
import {
  createShopifyService,
  type ShopifyOutcome,
  type ShopifyService,
} from '../../mocks/shopify-service.js';
import { createRandom } from '../../runtime/seeded-random.js';
import { systemClock } from '../../runtime/system-clock.js';
import { api, createOrder, jsonHeaders } from './http-server-support.js';

// A service that carries out whatever outcome the request's `x-test-outcome` header asks for, so the
// server's handling of each outcome is tested apart from the fault injector that normally decides it.
function scriptedService(): ShopifyService {
  const real = createShopifyService({ model: { limits: plans.plus }, random: createRandom(1) });
  return Object.assign(Object.create(real) as ShopifyService, {
    serve(request: Parameters<ShopifyService['serve']>[0], nowMs: number): ShopifyOutcome {
      const script = request.headers['x-test-outcome'];
      if (script === 'throw') throw new Error('scripted failure');
      if (script === 'hang') return { kind: 'hang' };
      if (script?.startsWith('reset')) return { kind: 'reset', delayMs: Number(script.slice(6) || 0) };
      const outcome = real.serve(request, nowMs);
      if (script?.startsWith('delay') && outcome.kind === 'response')
        return { ...outcome, delayMs: Number(script.slice(6)) };
      return outcome;
    },
  });
}

let server: MockServer;
const logged: string[] = [];
beforeAll(async () => {
  server = await startMockServer({
    service: scriptedService(),
    clock: systemClock,
    log: (line) => logged.push(line),
  });
});
afterAll(() => server.close());

const get = (outcome: string, signal?: AbortSignal) =>
  fetch(`${server.url}${api}/orders.json`, {
    headers: { ...jsonHeaders, 'x-test-outcome': outcome },
    signal,
  });

describe('mock HTTP server: carrying out the service’s outcome', () => {
  it('answers after the outcome’s delay', async () => {
    const startedMs = performance.now();
    const response = await get('delay:150');
    expect(response.status).toBe(200);
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(140);
  });

  it('resets the connection, at once or after a delay, with no answer', async () => {
    for (const outcome of ['reset', 'reset:50']) {
      const error = await get(outcome).then(
        () => undefined,
        (failure: Error) => failure,
      );
      expect(String((error?.cause as Error | undefined)?.message ?? error)).toMatch(
        /ECONNRESET|other side closed|reset/i,
      );
    }
    expect(await createOrder(server, 'after-reset')).toBe(201);
  });

  it('holds a hung request until the client gives up, and keeps serving others', async () => {
    const startedMs = performance.now();
    const error = await get('hang', AbortSignal.timeout(200)).then(
      () => undefined,
      (failure: Error) => failure,
    );
    expect(error?.name).toBe('TimeoutError');
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(190);
    expect(await createOrder(server, 'after-hang')).toBe(201);
  });

  it('turns an exception in the service into a 500 with a JSON reason and one log line', async () => {
    const response = await get('throw');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ errors: 'Internal Server Error: scripted failure' });
    expect(logged).toEqual([
      expect.stringMatching(/internal error on GET \/admin\/api\/2026-01\/orders\.json: scripted failure/),
    ]);
    expect(await createOrder(server, 'after-throw')).toBe(201);
  });

  it('closes promptly with a request hung and another delayed, ending both', async () => {
    const local = await startMockServer({ service: scriptedService(), clock: systemClock });
    // Settle each fetch into a word at once, so a rejection arriving during close() is never unhandled.
    const settle = (request: Promise<Response>): Promise<string> =>
      request.then(
        () => 'answered',
        () => 'failed',
      );
    const hung = settle(
      fetch(`${local.url}${api}/orders.json`, {
        headers: { ...jsonHeaders, 'x-test-outcome': 'hang' },
      }),
    );
    const delayed = settle(
      fetch(`${local.url}${api}/orders.json`, {
        headers: { ...jsonHeaders, 'x-test-outcome': 'delay:60000' },
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const startedMs = performance.now();
    await local.close();
    expect(performance.now() - startedMs).toBeLessThan(1000);
    expect(await hung).toBe('failed');
    expect(await delayed).toBe('failed');
  });
});
