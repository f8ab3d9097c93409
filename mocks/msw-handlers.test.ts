import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../test/support/manual-clock.js';
import { isFunnelstormError } from '../runtime/errors.js';
import { createRandom } from '../runtime/seeded-random.js';
import type { FaultPlanInput } from './faults/fault-plan-schema.js';
import { createShopifyMock, shopifyHandlers, type ShopifyMockOptions } from './msw-handlers.js';
import { plans } from './plans.js';
import { createShopifyService } from './shopify-service.js';
import { throttledBody } from './shopify-responses.js';

const token = 'shpat_msw_test';
const jsonHeaders = { 'x-shopify-access-token': token, 'content-type': 'application/json' };
const ordersUrl = (shop: string): string => `https://${shop}/admin/api/2026-01/orders.json`;

const orderBody = (sourceId: string): string =>
  JSON.stringify({
    order: {
      line_items: [{ title: 'Launch tee', price: '25.00', quantity: 1 }],
      note_attributes: [{ name: 'source_order_id', value: sourceId }],
      tags: `fs-src-${sourceId}`,
    },
  });

const createOrder = (shop: string, sourceId: string, signal?: AbortSignal): Promise<Response> =>
  fetch(ordersUrl(shop), { method: 'POST', headers: jsonHeaders, body: orderBody(sourceId), signal });

// One msw server for the file; each test installs its own mock with `server.use`. The fallback handler
// answers whatever the Shopify handlers pass on, so nothing reaches the network.
const server = setupServer(http.all('*', () => HttpResponse.text('not the mock', { status: 599 })));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Installs a mock on a manual clock (time moves only when the test says). */
function install(options: ShopifyMockOptions = {}) {
  const clock = new ManualClock();
  const mock = createShopifyMock({ clock, ...options });
  server.use(...mock.handlers);
  return { ...mock, clock };
}

describe('createShopifyMock (msw)', () => {
  it('creates an order that a later GET returns, with the call-limit and request-id headers', async () => {
    const { service } = install({ plan: 'plus' });
    const created = await createOrder('launch.myshopify.com', 'src-1');
    expect(created.status).toBe(201);
    expect(created.headers.get('x-shopify-shop-api-call-limit')).toBe('1/400');
    expect(created.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const { order } = (await created.json()) as { order: { id: number; tags: string } };
    expect(order.tags).toBe('fs-src-src-1');

    const read = await fetch(`https://launch.myshopify.com/admin/api/2026-01/orders/${order.id}.json`, {
      headers: jsonHeaders,
    });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { order: { id: number } }).order.id).toBe(order.id);
    expect(service.model.shop('launch.myshopify.com').orders.countBySourceId('src-1')).toBe(1);
  });

  it('answers the 41st call within the same instant on standard with 429, Retry-After 2.0 and the throttle body', async () => {
    install({ plan: 'standard' });
    for (let i = 0; i < 40; i++)
      expect((await createOrder('launch.myshopify.com', `o${i}`)).status).toBe(201);
    const throttled = await createOrder('launch.myshopify.com', 'o40');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2.0');
    expect(throttled.headers.get('x-shopify-shop-api-call-limit')).toBe('40/40');
    expect(await throttled.text()).toBe(throttledBody(2));
  });

  it('leaks the bucket on the injected clock: half a second later on standard, one more call fits', async () => {
    const { clock } = install({ plan: 'standard' });
    for (let i = 0; i < 40; i++) await createOrder('launch.myshopify.com', `o${i}`);
    clock.advance(500);
    expect((await createOrder('launch.myshopify.com', 'late-1')).status).toBe(201);
    expect((await createOrder('launch.myshopify.com', 'late-2')).status).toBe(429);
  });

  it('keeps one bucket per shop: a throttled shop does not throttle another', async () => {
    const { service } = install({ plan: 'standard' });
    for (let i = 0; i < 41; i++) await createOrder('first.myshopify.com', `o${i}`);
    const other = await createOrder('second.myshopify.com', 'o0');
    expect(other.status).toBe(201);
    expect(other.headers.get('x-shopify-shop-api-call-limit')).toBe('1/40');
    expect(service.model.shop('second.myshopify.com').orders.count).toBe(1);
    expect(service.model.shop('first.myshopify.com').orders.count).toBe(40);
  });

  it('answers 401 with the documented body for a token outside accessTokens', async () => {
    install({ accessTokens: ['shpat_other'] });
    const response = await createOrder('launch.myshopify.com', 'a');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
    });
  });

  it('answers a 503 from the fault plan and writes nothing', async () => {
    const faults: FaultPlanInput = { rules: [{ kind: 'status', status: 503, probability: 1 }] };
    const { service } = install({ faults });
    const response = await createOrder('launch.myshopify.com', 'a');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ errors: expect.any(String) });
    expect(service.model.shop('launch.myshopify.com').orders.count).toBe(0);
  });

  it('turns an ambiguous reset into a network error after the write happened', async () => {
    const faults: FaultPlanInput = { rules: [{ kind: 'ambiguous', then: 'reset', probability: 1 }] };
    const { service } = install({ faults });
    await expect(createOrder('launch.myshopify.com', 'a')).rejects.toThrow(TypeError);
    expect(service.model.shop('launch.myshopify.com').orders.countBySourceId('a')).toBe(1);
  });

  it('leaves a timeout fault unanswered until the request is aborted', async () => {
    install({ faults: { rules: [{ kind: 'timeout', probability: 1, match: { route: 'orders.create' } }] } });
    const controller = new AbortController();
    let settled = false;
    const pending = createOrder('launch.myshopify.com', 'a', controller.signal).finally(
      () => (settled = true),
    );
    // A later request through the same handlers is answered while the first one is still waiting.
    const list = await fetch(ordersUrl('launch.myshopify.com'), { headers: jsonHeaders });
    expect(list.status).toBe(200);
    expect(settled).toBe(false);
    controller.abort();
    await expect(pending).rejects.toThrow();
  });

  it('waits a latency fault on the injected clock before answering', async () => {
    const clock = new ManualClock();
    const slept: number[] = [];
    clock.sleep = async (ms: number) => {
      slept.push(ms);
      clock.advance(ms);
    };
    const faults: FaultPlanInput = {
      rules: [{ kind: 'latency', latency: { distribution: 'fixed', ms: 250 }, probability: 1 }],
    };
    server.use(...shopifyHandlers({ clock, faults }));
    expect((await createOrder('launch.myshopify.com', 'a')).status).toBe(201);
    expect(slept).toEqual([250]);
  });

  it('answers a body that is not UTF-8 with a Shopify-shaped 400', async () => {
    install();
    const response = await fetch(ordersUrl('launch.myshopify.com'), {
      method: 'POST',
      headers: jsonHeaders,
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: expect.stringContaining('UTF-8') });
  });

  it('passes on a URL whose host is not a *.myshopify.com shop', async () => {
    install();
    const response = await fetch('https://evil.test/x.myshopify.com/admin/api/2026-01/orders.json');
    expect(response.status).toBe(599);
  });

  it('serves a given service, so two faces can share one model', async () => {
    const service = createShopifyService({ model: { limits: plans.plus }, random: createRandom(3) });
    const mock = install({ service });
    expect(mock.service).toBe(service);
    await createOrder('launch.myshopify.com', 'shared');
    expect(service.model.shop('launch.myshopify.com').orders.count).toBe(1);
  });

  it.each([
    ['an unknown plan', { plan: 'gold' as never }],
    [
      'a service with a plan',
      {
        plan: 'plus' as const,
        service: createShopifyService({ model: { limits: plans.plus }, random: createRandom(1) }),
      },
    ],
    [
      'an invalid fault plan',
      { faults: { rules: [{ kind: 'status', status: 418, probability: 1 }] } as never },
    ],
  ])('refuses %s with SCENARIO_INVALID', (_, options) => {
    expect(() => createShopifyMock(options)).toThrow(
      expect.toSatisfy((error: unknown) => isFunnelstormError(error, 'SCENARIO_INVALID')),
    );
  });
});
