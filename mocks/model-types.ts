import type { FulfillmentView } from './fulfillments-api.js';
import type { MetafieldView } from './metafield-store.js';
import type { HttpRequest, HttpResponse } from '../runtime/transport.js';
import type { AnswerSeen } from './answer-seen.js';
import type { BucketLevelSeries } from './bucket-timeline.js';
import type { ClientCapsSnapshot } from './client-caps.js';
import type { CustomerView } from './customer-store.js';
import type { WebhookDelivery } from './delivery-log.js';
import type { DuplicateCause } from './duplicate-causes.js';
import type { GraphqlAnswer } from './graphql/graphql-api.js';
import type { ShopifyModelOptions, ShopLimits } from './model-options.js';
import type { ServedAs } from './model-diagnostics.js';
import type { ShopifyModelStats } from './model-stats.js';
import type { OrderView } from './order-store.js';
import type { ClientPoliteness } from './politeness.js';
import type { OrderRequest } from './request-log.js';
import type { ShopState } from './shop-state.js';

/** One shop's state, read-only. */
export interface ShopView {
  /** The shop's domain, lower-case, e.g. `launch.myshopify.com`. */
  readonly domain: string;
  readonly orders: OrderView;
  readonly customers: CustomerView;
  /** Customer and order metafields. */
  readonly metafields: MetafieldView;
  /** Fulfillments, by order id. */
  readonly fulfillments: FulfillmentView;
}

/** The in-process Shopify REST model: synchronous, and pure in time (the caller passes `nowMs`). */
export interface ShopifyModel {
  /**
   * Answers one request arriving at `nowMs` (virtual ms). A bad request gets a Shopify-shaped 4xx, never
   * an exception; a non-finite `nowMs` (a caller's bug) throws `INTERNAL`.
   *
   * @param served - Set by a fault plan that delays the answer or replaces it (an ambiguous commit: the
   *   write happens, the client sees `served.replacedBy`): the politeness score and the request log then
   *   record what the client saw. Omitted, the client gets the answer as it is.
   */
  handle(request: HttpRequest, nowMs: number, served?: ServedAs): HttpResponse;
  /** The settings in force, defaults filled in (`limits` as created; see {@link ShopifyModel.limits}). */
  readonly settings: Readonly<ShopifyModelOptions>;
  /**
   * The REST and GraphQL bucket limits in force, with the order-creation cap when the model has one
   * (fixed at creation: {@link ShopifyModel.setLimits} changes the buckets only), so that `createShopifyModel({ ...options,
   * limits: model.limits })` rebuilds a model with the same rules.
   */
  readonly limits: Readonly<Required<ShopLimits> & { orderCreatesPerMinute?: number }>;
  /**
   * Changes the limits of every bucket from `nowMs` (virtual ms) on, keeping their levels (Shopify may
   * lower limits temporarily to protect the platform, doc). Every bucket is first leaked up to `nowMs` at
   * the old rate, so the new rate applies only to time after the change. A level above a lowered size
   * leaks down before calls fit. The GraphQL cost buckets change the same way, to the GraphQL pair of
   * `limits` or, without one, to what the leak rate implies (`costLimitsOfRestLimits`), so a lowered
   * REST rate lowers GraphQL in proportion.
   */
  setLimits(limits: ShopLimits, nowMs: number): void;
  /**
   * A spurious THROTTLED answer to a GraphQL body from an app on a shop (a fault injector's): checked as
   * a real request is, then nothing runs or is charged (`GraphqlApi.throttled`). Undefined when the
   * model does not serve its own GraphQL surface. Not counted in the stats or the request log.
   */
  graphqlThrottled(
    domain: string,
    accessToken: string,
    body: string | undefined,
    nowMs: number,
  ): GraphqlAnswer | undefined;
  /** A shop's state; an empty one for a shop never written to. */
  shop(domain: string): ShopView;
  /** Domains of the shops that have state, in the order they first had it. */
  readonly shopDomains: readonly string[];
  /** The used calls an app's bucket on a shop shows at `nowMs` (as in the call-limit header). */
  callsUsed(domain: string, accessToken: string, nowMs: number): number;
  /** A copy of the call counts so far, with calls and 429s over time. */
  stats(): ShopifyModelStats;
  /** The shops and apps kept against their caps (`maxShops`, `maxApps`), and the requests they refused. */
  capacity(): ClientCapsSnapshot;
  /** Each app's bucket on each shop: its highest used level per second (coarsened on long runs). */
  bucketLevels(): BucketLevelSeries[];
  /**
   * Every request that touched an order — its create, reads that returned it, lookups that found it —
   * oldest first; empty for an order the shop does not have. Ids are per shop, as `order.id` shows them.
   */
  requestsForOrder(domain: string, orderId: number): OrderRequest[];
  /**
   * A shop's mutable stores, created on first use: for wiring another API surface (GraphQL) onto the same
   * state. Internal: writes through it bypass the bucket and the request log.
   *
   * @internal
   */
  shopState(domain: string): ShopState;
  /**
   * Tells the model what the fault plan answered a request with, without the model (a spurious 429, a 5xx
   * or 408, a reset, a hang), so the politeness score counts it. `throttle`: the answer is a throttle
   * (a spurious GraphQL THROTTLED comes in a 200). A request naming no known route or token is ignored.
   */
  noteInjectedAnswer(request: HttpRequest, seen: AnswerSeen, nowMs: number, throttle: boolean): void;
  /**
   * How politely each client (access token) used a shop: 429s caused (the shop's own and injected apart),
   * Retry-After violations with their shortfall, calls at a full bucket, idle bucket capacity while work
   * waited, GraphQL requests over the available cost (politeness.ts defines each). In the order the
   * clients first called; empty for a shop without clients. Without a domain, every shop's clients.
   */
  clientPoliteness(domain?: string): ClientPoliteness[];
  /**
   * Records a webhook delivery a sender made to the system under test (the drill calls it for each
   * send), so the request log can say which delivery a create followed and {@link ShopifyModel.duplicateCauses}
   * can tell a redelivered webhook from a retry. Bounded (delivery-log.ts): past a cap it returns false.
   *
   * @throws FunnelstormError `INTERNAL` for a malformed delivery, naming the field.
   */
  recordDelivery(domain: string, delivery: WebhookDelivery): boolean;
  /**
   * Names source order ids a shop should see, for an `echo` order matching (order-matching.ts), which
   * finds only ids the model has heard of; `recordDelivery` names its order's id too. Bounded
   * (known-source-ids.ts).
   */
  expectSourceIds(domain: string, sourceOrderIds: Iterable<string>): void;
  /** Why each duplicated source order of a shop has more than one order (duplicate-causes.ts), by source id. */
  duplicateCauses(domain: string): DuplicateCause[];
}
