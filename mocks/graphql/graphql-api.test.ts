import { describe, expect, it } from 'vitest';
import { plans } from '../plans.js';
import { costLimitsOfPlan } from './cost-bucket.js';
import { createGraphqlApi } from './graphql-api.js';
import { graphqlFixture, orderCreateMutation, orderInput } from './test-support.js';

const standard = costLimitsOfPlan(plans.standard);
const appA = 'a.myshopify.com\ntoken-1';
const bigQuery = '{ orders(first: 250) { nodes { id } } }'; // requests 252 points

describe('GraphQL API: the cost bucket', () => {
  it('answers THROTTLED exactly as Shopify: 200, no data, actualQueryCost null', () => {
    const { post } = graphqlFixture({ bucketSize: 100, restorePerSecond: 10 });
    const answer = post(bigQuery);
    expect(answer.status).toBe(200);
    expect(answer.outcome).toBe('throttled');
    expect(answer.json).toEqual({
      errors: [
        {
          message: 'Throttled',
          extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
        },
      ],
      extensions: {
        cost: {
          requestedQueryCost: 252,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 100, currentlyAvailable: 100, restoreRate: 10 },
        },
      },
    });
  });

  it('refuses a mutation whose requested cost exceeds the points available, and changes nothing', () => {
    const { api, shop, post } = graphqlFixture({ bucketSize: 25, restorePerSecond: 1 });
    expect(post(orderCreateMutation, { variables: { order: orderInput('1') } }).outcome).toBe('executed');
    expect(post(orderCreateMutation, { variables: { order: orderInput('2') } }).outcome).toBe('executed');
    const refused = post(orderCreateMutation, { variables: { order: orderInput('3') } });
    expect(refused.outcome).toBe('throttled');
    expect(shop.orders.count).toBe(2);
    expect(api.throttleStatus('launch.myshopify.com\ntoken', 0).currentlyAvailable).toBe(5);
  });

  it('can answer THROTTLED with 429 and the true wait in Retry-After', () => {
    const { post } = graphqlFixture({ bucketSize: 20, restorePerSecond: 4, throttledStatus: 429 });
    post(orderCreateMutation, { variables: { order: orderInput('1') } });
    post(orderCreateMutation, { variables: { order: orderInput('2') } });
    const refused = post(orderCreateMutation, { variables: { order: orderInput('3') } });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('2.5'); // 10 points at 4 points/s
  });

  it('charges the requested cost, then refunds what the query did not use', () => {
    const { post } = graphqlFixture(standard);
    post(orderCreateMutation, { variables: { order: orderInput('1') } }); // 10 points
    const answer = post('{ orders(first: 10) { nodes { id } } }');
    expect(answer.json['extensions']).toEqual({
      cost: {
        requestedQueryCost: 12,
        actualQueryCost: 3,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1987, restoreRate: 100 },
      },
    });
  });

  it('restores restore × t points after t seconds, up to the maximum', () => {
    const { api, post } = graphqlFixture(standard);
    for (let i = 0; i < 150; i++) post(orderCreateMutation, { variables: { order: orderInput(`${i}`) } });
    const key = 'launch.myshopify.com\ntoken';
    expect(api.throttleStatus(key, 0).currentlyAvailable).toBe(500);
    expect(api.throttleStatus(key, 2_500).currentlyAvailable).toBe(750);
    expect(api.throttleStatus(key, 15_000).currentlyAvailable).toBe(2000);
    expect(api.throttleStatus(key, 100_000).currentlyAvailable).toBe(2000);
  });

  it('refuses a query over 1000 requested points with MAX_COST_EXCEEDED, charging nothing', () => {
    const { api, post } = graphqlFixture(costLimitsOfPlan(plans.plus));
    const answer = post('{ orders(first: 100) { nodes { lineItems(first: 10) { nodes { id } } } } }');
    expect(answer.status).toBe(200);
    expect(answer.outcome).toBe('max-cost-exceeded');
    expect(answer.json).toEqual({
      errors: [
        {
          message: expect.stringMatching(
            /^Query cost is 1302, which exceeds the single query max cost limit \(1000\)\./,
          ),
          extensions: {
            code: 'MAX_COST_EXCEEDED',
            cost: 1302,
            maxCost: 1000,
            documentation: 'https://shopify.dev/api/usage/limits#rate-limits',
          },
        },
      ],
    });
    expect(api.throttleStatus('launch.myshopify.com\ntoken', 0).currentlyAvailable).toBe(20000);
  });

  it('keeps one bucket per app key: draining one app leaves another untouched', () => {
    const { api, post } = graphqlFixture({ bucketSize: 30, restorePerSecond: 1 });
    for (let i = 0; i < 3; i++) {
      post(orderCreateMutation, { appKey: appA, variables: { order: orderInput(`${i}`) } });
    }
    expect(post('{ orders(first: 1) { nodes { id } } }', { appKey: appA }).outcome).toBe('throttled');
    const other = post('{ orders(first: 1) { nodes { id } } }', { appKey: 'b.myshopify.com\ntoken-1' });
    expect(other.outcome).toBe('executed');
    expect(api.throttleStatus(appA, 0).currentlyAvailable).toBe(0);
    expect(api.throttleStatus('b.myshopify.com\ntoken-1', 0).currentlyAvailable).toBe(27);
  });

  it('applies lowered limits from the moment they are set', () => {
    const { api, post } = graphqlFixture(standard);
    post(bigQuery.replace('250', '98')); // 100 requested, 2 actual: 1998 left
    api.setLimits({ bucketSize: 1000, restorePerSecond: 50 }, 0);
    expect(api.throttleStatus('launch.myshopify.com\ntoken', 0)).toEqual({
      maximumAvailable: 1000,
      currentlyAvailable: 998,
      restoreRate: 50,
    });
  });
});

describe('GraphQL API: bad input', () => {
  const { post, api, shop } = graphqlFixture(standard);
  const raw = (body: string | undefined) => api.handle(appA, shop, body, 0);

  it('answers a body that is not JSON with a Shopify-shaped 400', () => {
    const answer = raw('{"query": ');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      errors: expect.stringMatching(/^Request body is not valid JSON/),
    });
  });

  it("answers a body without a query with the doc's 400", () => {
    for (const body of [undefined, '', '{}', '{"query": 3}']) {
      expect(raw(body)).toMatchObject({
        status: 400,
        body: '{"errors":{"query":"Required parameter missing or invalid"}}',
      });
    }
  });

  it('answers non-object bodies and variables with a 400', () => {
    expect(raw('[1]').status).toBe(400);
    expect(raw('{"query": "{ __typename }", "variables": [1]}').status).toBe(400);
    expect(raw('{"query": "{ __typename }", "variables": "{\\"a\\": 1}"}').status).toBe(200);
  });

  it('answers syntax and validation errors with 200 and errors[], charging nothing', () => {
    const syntax = post('{ orders(first: 1) { nodes { id }');
    expect(syntax.status).toBe(200);
    expect(syntax.json).toEqual({
      errors: [expect.objectContaining({ message: expect.stringMatching(/^Syntax Error/) })],
    });
    const unknownField = post('{ products(first: 1) { nodes { id } } }');
    expect(unknownField.json['errors']).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/products/) }),
    ]);
    expect(unknownField.json['extensions']).toBeUndefined();
    expect(api.throttleStatus('launch.myshopify.com\ntoken', 0).currentlyAvailable).toBe(2000);
  });

  it('answers variables that do not coerce with errors and refunds the whole charge', () => {
    const answer = post('query q($n: Int!) { orders(first: $n) { nodes { id } } }', {
      variables: { n: 'ten' },
    });
    expect(answer.json['errors']).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/\$n/) }),
    ]);
    expect(answer.json['extensions']).toMatchObject({ cost: { actualQueryCost: 0 } });
  });

  it('throws INTERNAL for a non-finite time: that is a caller bug, not bad input', () => {
    expect(() => api.handle(appA, shop, '{}', Number.NaN)).toThrow(
      expect.objectContaining({ code: 'INTERNAL' }),
    );
  });

  it('refuses out-of-range options with SCENARIO_INVALID', () => {
    const invalid = [
      { bucketSize: 0, restorePerSecond: 1 },
      { ...standard, restorePerSecond: Number.NaN },
      { ...standard, maxQueryCost: 0 },
      { ...standard, currencyCode: 'XYZ' },
    ];
    for (const options of invalid) {
      expect(() => createGraphqlApi(options)).toThrow(expect.objectContaining({ code: 'SCENARIO_INVALID' }));
    }
  });
});

describe('GraphQL API: operations', () => {
  it('runs the operation named by operationName, and says so when it cannot pick one', () => {
    const { api, shop } = graphqlFixture(standard);
    const query = 'query a { __typename } query b { orders(first: 1) { nodes { id } } }';
    const named = api.handle(appA, shop, JSON.stringify({ query, operationName: 'b' }), 0);
    expect(JSON.parse(named.body)).toMatchObject({
      data: { orders: { nodes: [] } },
      extensions: { cost: { requestedQueryCost: 3 } },
    });
    const unnamed = api.handle(appA, shop, JSON.stringify({ query }), 0);
    expect(JSON.parse(unnamed.body)).toEqual({
      errors: [{ message: 'Must provide operation name if query contains multiple operations.' }],
    });
  });

  it('refuses a document of more than 20,000 tokens without crashing', () => {
    const { post } = graphqlFixture(standard);
    const answer = post(`{ ${'__typename '.repeat(30_000)}}`);
    expect(answer.status).toBe(200);
    expect(answer.json['errors']).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/tokens/) }),
    ]);
  });
});
