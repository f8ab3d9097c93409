import { CustomerStore } from './customer-store.js';
import { FulfillmentStore } from './fulfillments-api.js';
import { MetafieldStore } from './metafield-store.js';
import type { KnownSourceIds } from './known-source-ids.js';
import type { ShopifyModelOptions } from './model-options.js';
import { OrderStore } from './order-store.js';
import { createShopState, type ShopState } from './shop-state.js';

/** The shops of one model, each created on first write, in the order they first had state. */
export class ShopRegistry {
  private readonly shops = new Map<string, ShopState>();
  /** What a shop without state shows to readers; never written to. */
  readonly noOrders = new OrderStore();
  /** A shop's metafields and fulfillments before any write: none; never written to. */
  readonly noMetafields = new MetafieldStore();
  readonly noFulfillments = new FulfillmentStore();
  /** A shop's customers as they are before any write; never written to. */
  readonly noCustomers: CustomerStore;

  constructor(
    private readonly settings: Pick<
      ShopifyModelOptions,
      'sourceIdAttribute' | 'customersPerShop' | 'orderCreatesPerMinute' | 'timeOriginMs' | 'orderMatching'
    >,
    /** The source order ids each shop heard of, for an `echo` order matching. */
    readonly known?: KnownSourceIds,
  ) {
    this.noCustomers = new CustomerStore({
      count: settings.customersPerShop,
      timeOriginMs: settings.timeOriginMs,
    });
  }

  /** Domains of the shops that have state, in the order they first had it. */
  get domains(): string[] {
    return [...this.shops.keys()];
  }

  /** The state of a shop (lower-case domain), or undefined when it has none yet. */
  find(domain: string): ShopState | undefined {
    return this.shops.get(domain);
  }

  /** The state of a shop (lower-case domain), created when it has none yet. */
  get(domain: string): ShopState {
    let state = this.shops.get(domain);
    if (state === undefined) {
      state = createShopState(domain, this.shops.size, this.settings, this.known);
      this.shops.set(domain, state);
    }
    return state;
  }
}
