import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../mocks/http-server.js';
import { plans } from '../../mocks/plans.js';
import { createShopifyService } from '../../mocks/shopify-service.js';
import { createRandom } from '../../runtime/seeded-random.js';
import { systemClock } from '../../runtime/system-clock.js';
import { api, orderBody } from './http-server-support.js';

const token = 'shpat_good';
const adminToken = 'admin-secret';
const outage = JSON.stringify({ rules: [{ kind: 'status', status: 503, probability: 1 }] });

function startServer(options: { tokens?: string[]; adminToken?: string }): Promise<MockServer> {
  const service = createShopifyService({
    model: { limits: plans.plus, accessTokens: options.tokens },
    random: createRandom(1).fork('faults'),
  });
  return startMockServer({ service, clock: systemClock, adminToken: options.adminToken });
}

async function send(
  server: MockServer,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; errors: string }> {
  const response = await fetch(`${server.url}${path}`, { method, headers, body });
  const json = (await response.json()) as { errors?: unknown };
  return { status: response.status, errors: typeof json.errors === 'string' ? json.errors : '' };
}

/** What a refused request must leave as it was: the fault plan, the orders, the plan. */
async function state(server: MockServer, headers: Record<string, string>) {
  const faults = (await (await fetch(`${server.url}/__admin/faults`, { headers })).json()) as {
    plan: { rules: unknown[] };
  };
  const stats = (await (await fetch(`${server.url}/__admin/stats`, { headers })).json()) as {
    plan: { plan: string };
  };
  const model = server.service.model;
  return {
    rules: faults.plan.rules.length,
    orders: model.shop(model.shopDomains[0] ?? 'x').orders.count,
    plan: stats.plan.plan,
  };
}

describe('mock HTTP server: /__admin is guarded (issue 16)', () => {
  let server: MockServer;
  const withToken = { 'x-shopify-access-token': token };
  const json = { 'content-type': 'application/json' };
  beforeAll(async () => {
    server = await startServer({ tokens: [token] });
    const created = await fetch(`${server.url}${api}/orders.json`, {
      method: 'POST',
      headers: { ...withToken, ...json },
      body: orderBody('kept'),
    });
    expect(created.status).toBe(201);
  });
  afterAll(() => server.close());

  const before = { rules: 0, orders: 1, plan: 'custom' };

  it('with --token set, answers 401 to /__admin without it or with a wrong one, and changes nothing', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { 'x-shopify-access-token': 'shpat_wrong' },
      { authorization: 'Bearer nope' },
    ];
    for (const headers of attempts) {
      const put = await send(server, 'PUT', '/__admin/faults', { ...headers, ...json }, outage);
      expect(put.status).toBe(401);
      expect(put.errors).toMatch(
        /^\[API\] Invalid API key or access token .*\/__admin needs the server's token/,
      );
      expect((await send(server, 'POST', '/__admin/reset', headers)).status).toBe(401);
      expect((await send(server, 'GET', '/__admin/stats', headers)).status).toBe(401);
    }
    expect(await state(server, withToken)).toEqual(before);
  });

  it('takes the token as X-Shopify-Access-Token or Authorization: Bearer', async () => {
    const put = await send(
      server,
      'PUT',
      '/__admin/faults',
      { authorization: `Bearer ${token}`, ...json },
      outage,
    );
    expect(put.status).toBe(200);
    expect((await state(server, withToken)).rules).toBe(1);
    expect((await send(server, 'DELETE', '/__admin/faults', withToken)).status).toBe(200);
    expect(await state(server, withToken)).toEqual(before);
  });

  it('answers 415 to a body that is not JSON — text/plain, a form, YAML outside /faults — and changes nothing', async () => {
    const cases: [string, string, string, string][] = [
      ['POST', '/__admin/reset', 'text/plain', ''],
      ['POST', '/__admin/reset', 'text/plain;charset=UTF-8', '{}'],
      ['PUT', '/__admin/faults', 'text/plain', outage],
      ['PUT', '/__admin/faults', 'application/x-www-form-urlencoded', 'rules=x'],
      ['PUT', '/__admin/plan', 'application/yaml', 'plan: basic'],
      ['PUT', '/__admin/plan', 'multipart/form-data; boundary=x', '--x--'],
    ];
    for (const [method, path, type, body] of cases) {
      const answer = await send(server, method, path, { ...withToken, 'content-type': type }, body);
      expect({ path, type, status: answer.status }).toEqual({ path, type, status: 415 });
      expect(answer.errors).toMatch(/Content-Type .* is not accepted by \/__admin: send application\/json/);
    }
    expect(await state(server, withToken)).toEqual(before);
  });

  it('answers 403 to a request from a web page (a foreign Origin or Sec-Fetch-Site), even with the token', async () => {
    const browsers: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of browsers) {
      const reset = await send(server, 'POST', '/__admin/reset', { ...withToken, ...headers, ...json }, '{}');
      expect(reset.status).toBe(403);
      expect(reset.errors).toMatch(/^\/__admin refuses requests from a web page/);
      const put = await send(server, 'PUT', '/__admin/faults', { ...withToken, ...headers, ...json }, outage);
      expect(put.status).toBe(403);
    }
    expect(await state(server, withToken)).toEqual(before);
  });

  it('accepts its own origin, and a YAML fault plan named as YAML', async () => {
    const own = { ...withToken, origin: server.url, 'content-type': 'application/yaml' };
    const yaml =
      'rules:\n  - { kind: status, status: 502, probability: 1, match: { route: orders.create } }\n';
    expect((await send(server, 'PUT', '/__admin/faults', own, yaml)).status).toBe(200);
    expect((await state(server, withToken)).rules).toBe(1);
    expect((await send(server, 'DELETE', '/__admin/faults', withToken)).status).toBe(200);
  });

  it('with --admin-token, /__admin takes that token only, and the API tokens do not open it', async () => {
    const separate = await startServer({ tokens: [token], adminToken });
    try {
      expect((await send(separate, 'GET', '/__admin/stats', withToken)).status).toBe(401);
      const put = await send(
        separate,
        'PUT',
        '/__admin/faults',
        { authorization: `Bearer ${adminToken}`, ...json },
        outage,
      );
      expect(put.status).toBe(200);
    } finally {
      await separate.close();
    }
  });

  it('without any token (loopback), /__admin stays open to programs but not to web pages', async () => {
    const open = await startServer({});
    try {
      expect((await send(open, 'PUT', '/__admin/plan', json, '{"plan":"basic"}')).status).toBe(200);
      const page = await send(
        open,
        'PUT',
        '/__admin/plan',
        { ...json, origin: 'http://evil.example' },
        '{"plan":"plus"}',
      );
      expect(page.status).toBe(403);
      expect(((await (await fetch(`${open.url}/__admin/plan`)).json()) as { plan: string }).plan).toBe(
        'basic',
      );
    } finally {
      await open.close();
    }
  });
});
