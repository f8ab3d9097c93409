import { MetafieldStore } from '../metafield-store.js';
import { CustomerStore } from '../customer-store.js';
import { OrderStore } from '../order-store.js';
import type { CostBucketLimits } from './cost-bucket.js';
import { createGraphqlApi, type GraphqlAnswer, type GraphqlApi } from './graphql-api.js';
import type { GraphqlApiOptions } from './graphql-api-options.js';
import type { GraphqlShop } from './graphql-context.js';

/** An answer with its body parsed. */
export type ParsedAnswer = GraphqlAnswer & { json: Record<string, unknown> };

/** One request's extras: variables, the app and the time (virtual ms, default 0). */
export interface PostOptions {
  variables?: Record<string, unknown>;
  appKey?: string;
  nowMs?: number;
}

/** A GraphQL API over one fresh shop, and a `post` that sends a query and parses the answer. For tests. */
export function graphqlFixture(options: CostBucketLimits & Partial<GraphqlApiOptions>): {
  api: GraphqlApi;
  shop: GraphqlShop;
  post(query: string, extras?: PostOptions): ParsedAnswer;
} {
  const api = createGraphqlApi(options);
  const orders = new OrderStore();
  const shop = {
    orders,
    customers: new CustomerStore({ count: 100, totalsOf: (id) => orders.customerTotals(id) }),
    metafields: new MetafieldStore(),
  };
  return {
    api,
    shop,
    post(query, extras = {}) {
      const body = JSON.stringify({ query, variables: extras.variables });
      const answer = api.handle(
        extras.appKey ?? 'launch.myshopify.com\ntoken',
        shop,
        body,
        extras.nowMs ?? 0,
      );
      return { ...answer, json: JSON.parse(answer.body) as Record<string, unknown> };
    },
  };
}

/** The `orderCreate` mutation the tests send, selecting the order's id, name and tags. */
export const orderCreateMutation = `mutation create($order: OrderCreateOrderInput!) {
  orderCreate(order: $order) { order { id name tags customAttributes { key value } } userErrors { field message } }
}`;

/** An order input with one custom line item, a source-id attribute and a per-order tag. */
export function orderInput(sourceId: string, customerGid?: string): Record<string, unknown> {
  return {
    lineItems: [
      { title: 'Tee', quantity: 2, priceSet: { shopMoney: { amount: '19.90', currencyCode: 'USD' } } },
    ],
    customAttributes: [{ key: 'source_order_id', value: sourceId }],
    tags: [`fs-src-${sourceId}`, 'funnelstorm'],
    ...(customerGid === undefined ? {} : { customer: { toAssociate: { id: customerGid } } }),
  };
}
