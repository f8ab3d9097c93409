import type { CustomerStore } from '../customer-store.js';
import type { MetafieldStore } from '../metafield-store.js';
import type { OrderStore } from '../order-store.js';

/** One shop's stores, as the lead's model hands them to the GraphQL API. */
export interface GraphqlShop {
  orders: OrderStore;
  customers: CustomerStore;
  metafields: MetafieldStore;
}

/** What every resolver of one request sees. */
export interface GraphqlContext extends GraphqlShop {
  /** The request's arrival, in virtual ms: creation and update times. */
  nowMs: number;
  /** The shop's currency, e.g. `USD`, for every `MoneyV2.currencyCode`. */
  currencyCode: string;
}
