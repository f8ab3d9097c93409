import { CustomerStore } from './customer-store.js';
import { FulfillmentStore } from './fulfillments-api.js';
import { MetafieldStore } from './metafield-store.js';
import { OrderCreateCap } from './order-create-cap.js';
import type { KnownSourceIds } from './known-source-ids.js';
import { sourceIdMatcher, type OrderMatching, type SourceIdMatcher } from './order-matching.js';
import { defaultOrderStoreOptions, OrderStore } from './order-store.js';
import { OrderNotes } from './order-update.js';
import { RequestLog } from './request-log.js';

/** One shop's mutable state inside the model. */
export interface ShopState {
  /** The shop's domain, lower-case. */
  readonly domain: string;
  readonly orders: OrderStore;
  readonly customers: CustomerStore;
  /** Customer and order metafields. */
  readonly metafields: MetafieldStore;
  /** Fulfillments, by order id. */
  readonly fulfillments: FulfillmentStore;
  /** Notes written by order updates. */
  readonly orderNotes: OrderNotes;
  /** The requests that touched each order. */
  readonly requests: RequestLog;
  /** The order-creation cap of a development store, when the model has one. */
  readonly orderCap: OrderCreateCap | undefined;
  /** The matcher of an `echo` order matching (undefined for the others), to match orders again later. */
  readonly echoMatcher: SourceIdMatcher | undefined;
  /** The known-id version the orders were last matched against (see `refreshEchoMatches`). */
  echoVersion: number;
}

/** What every shop of one model shares. */
export interface ShopStateSettings {
  sourceIdAttribute: string;
  orderMatching?: OrderMatching | undefined;
  customersPerShop: number;
  orderCreatesPerMinute?: number | undefined;
  timeOriginMs: number;
}

/** Spacing of order and line item ids between shops, so that ids are unique across shops as Shopify's are. */
const shopIdStride = 1_000_000_000;

/**
 * The state of the model's `shopIndex`-th shop (0-based, in the order shops first had state). Order ids
 * are offset per shop so that no two shops share one; customer ids are the same in every shop (ids from
 * customer-store.ts), so that a test or a scenario can name customers without knowing the shop's rank —
 * the shop in the URL keeps them apart.
 */
export function createShopState(
  domain: string,
  shopIndex: number,
  settings: ShopStateSettings,
  known?: KnownSourceIds,
): ShopState {
  const matching = settings.orderMatching;
  const matcher =
    matching === undefined ? undefined : sourceIdMatcher(matching, (id) => known?.has(domain, id) === true);
  const orders = new OrderStore({
    matchSourceId: matcher,
    sourceIdAttribute: settings.sourceIdAttribute,
    firstOrderId: defaultOrderStoreOptions.firstOrderId + shopIndex * shopIdStride,
    firstLineItemId: defaultOrderStoreOptions.firstLineItemId + shopIndex * shopIdStride,
    timeOriginMs: settings.timeOriginMs,
  });
  // Shopify computes a customer's `total_spent` and `orders_count` from its orders: so does the model.
  const customers = new CustomerStore({
    count: settings.customersPerShop,
    timeOriginMs: settings.timeOriginMs,
    totalsOf: (id) => orders.customerTotals(id),
  });
  return {
    domain,
    orders,
    customers,
    metafields: new MetafieldStore({ customerIds: { firstId: customers.idAt(0), count: customers.count } }),
    fulfillments: new FulfillmentStore(),
    orderNotes: new OrderNotes(),
    requests: new RequestLog(),
    orderCap:
      settings.orderCreatesPerMinute === undefined
        ? undefined
        : new OrderCreateCap(settings.orderCreatesPerMinute),
    echoMatcher: matching?.kind === 'echo' ? matcher : undefined,
    echoVersion: known?.version(domain) ?? 0,
  };
}

/**
 * Under an `echo` matching, matches the shop's unattributed orders again when the shop has heard of new
 * source order ids since the last time (an order is often created before its delivery is recorded).
 */
export function refreshEchoMatches(state: ShopState, known: KnownSourceIds): void {
  if (state.echoMatcher === undefined || state.echoVersion === known.version(state.domain)) return;
  state.echoVersion = known.version(state.domain);
  state.orders.reattribute(state.echoMatcher);
}
