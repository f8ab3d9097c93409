import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAdminApi, type AdminApi } from '../../mocks/admin-api.js';
import { plans } from '../../mocks/plans.js';
import { createShopifyService, type ShopifyService } from '../../mocks/shopify-service.js';
import { createRandom } from '../../runtime/seeded-random.js';
import type { HttpRequest } from '../../runtime/transport.js';

// Issue 16, acceptance 5: generated HTTP requests — methods, paths, headers, bodies, the admin API's
// included — against the model in-process. Every answer is well-formed JSON with a status of at most 4xx
// unless a fault plan was in force, and a valid create afterwards still succeeds. Fixed seed in `npm test`
// (FC_SEED replays or varies it), printed.
const seed = Number(process.env['FC_SEED'] ?? 16_016);
const numRuns = Number(process.env['FUNNELSTORM_FUZZ_RUNS'] ?? 1000);

const shops = ['launch.myshopify.com', 'other.myshopify.com', 'x--y.myshopify.com', '127.0.0.1', 'a.example'];
const tokens = ['shpat_app', 'shpat_other', '', 'tok', 'x'.repeat(300), '\u00e9t\u00e9'];
const versions = ['2026-01', '2024-10', 'unstable', '2026-13', 'latest', '', '..'];

const validOrder = {
  order: {
    line_items: [{ title: 'Tee', price: '25.00', quantity: 1 }],
    note_attributes: [{ name: 'source_order_id', value: 'fuzz' }],
    tags: 'fs-src-fuzz',
  },
};

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', ',', ', ,', '#1001', 'null', '{', '[]', '\u0000', 'a'.repeat(300)),
);
const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1e-300, 1e308, Number.MAX_SAFE_INTEGER, 5000000000001, 7000000000001),
);
const scalar = fc.oneof(text, number, fc.boolean(), fc.constant(null));
const json = fc.jsonValue({ maxDepth: 4 });

/** Order bodies near the valid one: each field mutated, or a list grown past a limit. */
const orderBody = fc.oneof(
  fc.record({
    order: fc.record(
      {
        line_items: fc.oneof(
          fc.array(
            fc.record({ title: fc.oneof(text, scalar), price: fc.oneof(text, number), quantity: scalar }),
            {
              maxLength: 4,
            },
          ),
          fc.constant(Array.from({ length: 251 }, () => ({ title: 'T', price: '1' }))),
          scalar,
        ),
        note_attributes: fc.oneof(
          fc.array(fc.record({ name: scalar, value: scalar }), { maxLength: 3 }),
          scalar,
        ),
        tags: fc.oneof(
          text,
          fc.array(fc.oneof(text, scalar), { maxLength: 5 }),
          fc.constant('t,'.repeat(300)),
        ),
        customer: fc.oneof(fc.record({ id: scalar }), scalar),
      },
      { requiredKeys: [] },
    ),
  }),
  json,
);

const graphqlQuery = fc.oneof(
  fc.constantFrom(
    '{ orders(first: 5) { nodes { id name tags } } }',
    '{ orders(first: 300) { nodes { id } } }',
    '{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { title } } } } }',
    '{ order(id: "gid://shopify/Order/5000000000001") { id } }',
    '{ customer(id: "gid://shopify/Customer/7000000000001") { id amountSpent { amount } } }',
    'mutation { orderCreate(order: { lineItems: [{ title: "T", quantity: 1, priceSet: { shopMoney: { amount: "1.00", currencyCode: USD } } }] }) { order { id } userErrors { message } } }',
    '{ a { ...F } } fragment F on Order { ...F }',
    `{ orders ${'{ a '.repeat(3000)}${'}'.repeat(3000)} }`,
    `{ orders(first: 1, query: ${'['.repeat(3000)}) { nodes { id } } }`,
    'query A { x } query B { y }',
  ),
  text,
);
const graphqlBody = fc.oneof(
  fc.record(
    { query: graphqlQuery, variables: fc.option(json, { nil: undefined }) },
    { requiredKeys: ['query'] },
  ),
  json,
);

const faultPlan = fc.record({
  rules: fc.array(
    fc.oneof(
      fc.record({
        kind: fc.constant('status'),
        status: fc.constantFrom(500, 502, 503, 504, 408),
        probability: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      fc.record({ kind: fc.constant('reset'), probability: fc.double({ min: 0, max: 1, noNaN: true }) }),
      fc.record({ kind: fc.constant('timeout'), probability: fc.double({ min: 0, max: 1, noNaN: true }) }),
      json,
    ),
    { maxLength: 2 },
  ),
});

const apiPath = fc.oneof(
  fc.constantFrom('orders.json', 'graphql.json', 'orders/5000000000001.json', 'customers/7000000000001.json'),
  fc.constantFrom(
    'orders/abc.json',
    'orders/99999999999999999.json',
    'customers/1.json',
    'products.json',
    '',
  ),
);
const query = fc.oneof(
  fc.constant(''),
  fc
    .array(
      fc.tuple(
        fc.constantFrom('limit', 'page_info', 'tag', 'name', 'status', 'fields', 'x'),
        fc.oneof(text, number.map(String)),
      ),
      { maxLength: 3 },
    )
    .map(
      (pairs) =>
        `?${new URLSearchParams(pairs.map(([key, value]): [string, string] => [key, String(value)])).toString()}`,
    ),
);

type Call =
  | { face: 'api'; request: HttpRequest; atMs: number }
  | {
      face: 'admin';
      method: string;
      target: string;
      body: string | undefined;
      headers: Record<string, string>;
      atMs: number;
    };

const method = fc.oneof(
  fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'get'),
  fc.string({ maxLength: 8 }),
);
const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/yaml',
  'application/x-www-form-urlencoded',
  'garbage',
);
const atMs = fc.integer({ min: 0, max: 3_600_000 });

/** Mostly the usual value, sometimes anything the arbitrary gives: requests stay near the routes they probe. */
const usually = <T>(value: T, other: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: other });

/** A route's usual method, path and body, each perturbed now and then. */
const route = fc.oneof(
  fc.record({
    method: usually('POST', method),
    path: usually('orders.json', apiPath),
    body: orderBody.map((v) => JSON.stringify(v)),
  }),
  fc.record({
    method: usually('GET', method),
    path: usually('orders.json', apiPath),
    body: fc.constant(undefined),
  }),
  fc.record({
    method: usually('GET', method),
    path: usually('orders/5000000000001.json', apiPath),
    body: fc.constant(undefined),
  }),
  fc.record({
    method: usually('PUT', method),
    path: usually('customers/7000000000001.json', apiPath),
    body: fc
      .oneof(
        fc.record({
          customer: fc.record(
            {
              tags: fc.oneof(text, fc.array(text, { maxLength: 3 })),
              note: scalar,
              total_spent: scalar,
              orders_count: scalar,
            },
            { requiredKeys: [] },
          ),
        }),
        json,
      )
      .map((v) => JSON.stringify(v)),
  }),
  fc.record({
    method: usually('POST', method),
    path: usually('graphql.json', apiPath),
    body: graphqlBody.map((v) => JSON.stringify(v)),
  }),
  fc.record({ method, path: apiPath, body: fc.option(text, { nil: undefined }) }),
);

const apiCall: fc.Arbitrary<Call> = fc
  .record({
    route,
    shop: usually(shops[0] as string, fc.constantFrom(...shops)),
    version: usually('2026-01', fc.constantFrom(...versions)),
    query,
    token: usually<string | undefined>(
      'shpat_app',
      fc.option(fc.constantFrom(...tokens), { nil: undefined }),
    ),
    contentType: usually<string | undefined>('application/json', contentType),
    atMs,
  })
  .map(
    ({
      route: { method: verb, path, body },
      shop,
      version,
      query: search,
      token,
      contentType: type,
      atMs: at,
    }) => {
      const headers: Record<string, string> = {};
      if (token !== undefined) headers['x-shopify-access-token'] = token;
      if (type !== undefined) headers['content-type'] = type;
      const request: HttpRequest = {
        method: verb,
        url: `https://${shop}/admin/api/${version}/${path}${search}`,
        headers,
      };
      if (body !== undefined) request.body = body;
      return { face: 'api' as const, request, atMs: at };
    },
  );

const adminCall: fc.Arbitrary<Call> = fc
  .record({
    method,
    path: fc.constantFrom(
      '',
      '/stats',
      '/audit',
      '/reset',
      '/plan',
      '/faults',
      '/orders/5000000000001/requests',
      '/nope',
      '/faults?origin=start',
      '/faults?origin=x',
    ),
    contentType: fc.oneof({ weight: 3, arbitrary: fc.constant('application/json') }, contentType),
    origin: fc.option(fc.constantFrom('http://evil.example', 'null', 'http://127.0.0.1:4100'), {
      nil: undefined,
    }),
    body: fc.option(
      fc.oneof(
        faultPlan.map((value) => JSON.stringify(value)),
        fc
          .record({ plan: fc.oneof(fc.constantFrom('basic', 'plus', 'development', 'gold'), scalar) })
          .map((value) => JSON.stringify(value)),
        fc
          .record({ bucketSize: number, leakPerSecond: number }, { requiredKeys: [] })
          .map((value) => JSON.stringify(value)),
        fc
          .record({ expectedSourceIds: fc.oneof(fc.array(text, { maxLength: 3 }), scalar) })
          .map((value) => JSON.stringify(value)),
        fc.constantFrom('rules: [ { kind: status', 'a: 1\na: 2\n', 'rules:\n  - &a { kind: status }\n'),
        text,
      ),
      { nil: undefined },
    ),
    atMs,
  })
  .map(({ method: verb, path, contentType: type, origin, body, atMs: at }) => {
    const headers: Record<string, string> = { host: '127.0.0.1:4100' };
    if (type !== undefined) headers['content-type'] = type;
    if (origin !== undefined) headers['origin'] = origin;
    return { face: 'admin' as const, method: verb, target: `/__admin${path}`, body, headers, atMs: at };
  });

function world(): { service: ShopifyService; admin: AdminApi } {
  const service = createShopifyService({
    model: { limits: plans.plus, maxShops: 4, maxApps: 8, customersPerShop: 10 },
    random: createRandom(seed).fork('faults'),
  });
  return { service, admin: createAdminApi({ service, defaultShop: shops[0] as string, planName: 'plus' }) };
}

const createRequest = (shop: string): HttpRequest => ({
  method: 'POST',
  url: `https://${shop}/admin/api/2026-01/orders.json`,
  headers: { 'x-shopify-access-token': 'shpat_app', 'content-type': 'application/json' },
  body: JSON.stringify(validOrder),
});

describe('the mock under generated HTTP requests (issue 16, acceptance 5)', () => {
  it(
    'answers every request with well-formed JSON and at most a 4xx unless a fault plan is in force; a valid create still succeeds after',
    { timeout: 120_000 },
    async () => {
      console.log(`mock HTTP fuzz: seed=${seed}, ${numRuns} runs (replay with FC_SEED=${seed})`);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof({ weight: 4, arbitrary: apiCall }, { weight: 1, arbitrary: adminCall }), {
            maxLength: 12,
          }),
          async (calls) => {
            // A macrotask between runs, so that the worker answers vitest's calls during a long suite.
            await new Promise((resolve) => setImmediate(resolve));
            const { service, admin } = world();
            let clockMs = 0;
            expect(service.serve(createRequest(shops[0] as string), clockMs).kind).toBe('response');
            for (const call of calls) {
              clockMs += call.atMs % 5000;
              const faulted = service.faultPlan.rules.length > 0;
              if (call.face === 'admin') {
                const response = admin.handle(call.method, call.target, call.body, clockMs, call.headers);
                expect(response.status).toBeGreaterThanOrEqual(200);
                expect(response.status).toBeLessThan(500);
                expect(() => JSON.parse(response.body) as unknown).not.toThrow();
                continue;
              }
              const outcome = service.serve(call.request, clockMs);
              if (outcome.kind !== 'response') {
                expect(faulted).toBe(true);
                continue;
              }
              const { status, body, headers } = outcome.response;
              expect(Number.isInteger(status) && status >= 200).toBe(true);
              if (!faulted) expect(status).toBeLessThan(500);
              expect(headers['content-type']).toMatch(/^application\/json/);
              expect(() => JSON.parse(body) as unknown).not.toThrow();
            }
            // Afterwards, with the faults removed and time for the buckets to drain, a valid create succeeds.
            admin.handle('DELETE', '/__admin/faults', undefined, clockMs);
            admin.handle('PUT', '/__admin/plan', '{"plan":"plus"}', clockMs, {
              'content-type': 'application/json',
            });
            const after = service.serve(createRequest(shops[0] as string), clockMs + 3_600_000);
            expect(after.kind === 'response' && after.response.status).toBe(201);
          },
        ),
        { seed, numRuns },
      );
    },
  );
});
