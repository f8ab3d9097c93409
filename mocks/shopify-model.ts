import { FunnelstormError } from '../runtime/errors.js';
import { headerValue, type HttpRequest, type HttpResponse } from '../runtime/transport.js';
import {
  admitCall,
  bucketLevel,
  emptyBucket,
  usedCalls,
  type BucketLimits,
  type LeakyBucketState,
} from './leaky-bucket.js';
import { ModelStatsRecorder, type ShopifyModelStats } from './model-stats.js';
import { defaultOrderStoreOptions, OrderStore, type OrderView } from './order-store.js';
import { createOrder, getOrder, listOrders, type RouteAnswer } from './orders-api.js';
import {
  formatCallLimit,
  formatRetryAfter,
  invalidTokenBody,
  jsonResponse,
  notFoundBody,
  requestId,
  throttledBody,
} from './shopify-responses.js';
import { isApiVersion, matchShopifyRoute, type ShopifyRoute } from './shopify-route.js';

/** Settings of {@link createShopifyModel}. */
export interface ShopifyModelOptions {
  /** The REST bucket of every app on every shop; take it from a plan (`plans.standard`). Required. */
  limits: BucketLimits;
  /**
   * The version that answers every well-formed request, sent back in `x-shopify-api-version`. A retired
   * or future version is served by it ("fall forward", SHOPIFY.md, staff and seen). Defaults to `2026-01`.
   */
  apiVersion: string;
  /**
   * `Retry-After` on a 429, in seconds. Shopify sends a fixed `2.0` whatever the true wait (doc), so this
   * is not the time until the bucket has room. Defaults to 2.
   */
  retryAfterSeconds: number;
  /** The note attribute carrying the source order id. Defaults to `source_order_id`. */
  sourceIdAttribute: string;
  /** When set, the only accepted access tokens; otherwise any non-empty token is an app. Default unset. */
  accessTokens?: readonly string[];
}

/** Defaults of {@link ShopifyModelOptions} (all but the required `limits`). */
export const defaultShopifyModelOptions: Readonly<Omit<ShopifyModelOptions, 'limits'>> = {
  apiVersion: '2026-01',
  retryAfterSeconds: 2,
  sourceIdAttribute: defaultOrderStoreOptions.sourceIdAttribute,
};

/** One shop's state, read-only. */
export interface ShopView {
  /** The shop's domain, lower-case, e.g. `launch.myshopify.com`. */
  readonly domain: string;
  readonly orders: OrderView;
}

/** The in-process Shopify REST model: synchronous, and pure in time (the caller passes `nowMs`). */
export interface ShopifyModel {
  /**
   * Answers one request arriving at `nowMs` (virtual ms). A bad request gets a Shopify-shaped 4xx, never
   * an exception; a non-finite `nowMs` (a caller's bug) throws `INTERNAL`.
   */
  handle(request: HttpRequest, nowMs: number): HttpResponse;
  /** The bucket limits in force. */
  readonly limits: Readonly<BucketLimits>;
  /**
   * Changes the limits of every bucket from `nowMs` (virtual ms) on, keeping their levels (Shopify may
   * lower limits temporarily to protect the platform, doc). Every bucket is first leaked up to `nowMs` at
   * the old rate, so the new rate applies only to time after the change. A level above a lowered size
   * leaks down before calls fit.
   */
  setLimits(limits: BucketLimits, nowMs: number): void;
  /** A shop's state; an empty one for a shop never written to. */
  shop(domain: string): ShopView;
  /** Domains of the shops that have state, in the order they first had it. */
  readonly shopDomains: readonly string[];
  /** The used calls an app's bucket on a shop shows at `nowMs` (as in the call-limit header). */
  callsUsed(domain: string, accessToken: string, nowMs: number): number;
  /** A copy of the call counts so far. */
  stats(): ShopifyModelStats;
}

/** Spacing of order ids between shops, so that ids are unique across shops as Shopify's are. */
const shopIdStride = 1_000_000_000;

/**
 * Creates the Shopify REST model. Checks run in this order: URL and version (404, free), access token
 * (401, free: the bucket is per app, and an unknown token names no app), bucket (429), route (404), body
 * (400/422). Every answer that reached the bucket carries `x-shopify-shop-api-call-limit`.
 *
 * @throws FunnelstormError `SCENARIO_INVALID` when an option is out of range.
 * @example
 * const shopify = createShopifyModel({ limits: plans.standard });
 * const response = shopify.handle(request, clock.nowMs());
 */
export function createShopifyModel(
  options: Pick<ShopifyModelOptions, 'limits'> & Partial<ShopifyModelOptions>,
): ShopifyModel {
  // Field by field, so that an option passed as `undefined` takes its default instead of erasing it.
  const settings: ShopifyModelOptions = {
    limits: options.limits,
    apiVersion: options.apiVersion ?? defaultShopifyModelOptions.apiVersion,
    retryAfterSeconds: options.retryAfterSeconds ?? defaultShopifyModelOptions.retryAfterSeconds,
    sourceIdAttribute: options.sourceIdAttribute ?? defaultShopifyModelOptions.sourceIdAttribute,
    accessTokens: options.accessTokens,
  };
  checkOptions(settings);
  let limits: BucketLimits = {
    bucketSize: settings.limits.bucketSize,
    leakPerSecond: settings.limits.leakPerSecond,
  };
  const allowedTokens = settings.accessTokens === undefined ? undefined : new Set(settings.accessTokens);
  const buckets = new Map<string, LeakyBucketState>();
  const shops = new Map<string, OrderStore>();
  const stats = new ModelStatsRecorder();
  // What a shop that has no orders yet shows to readers; never written to.
  const noOrders: OrderView = new OrderStore();
  let responses = 0;

  const bucketKey = (domain: string, token: string): string => `${domain}\n${token}`;
  const storeOf = (domain: string): OrderStore => {
    let store = shops.get(domain);
    if (store === undefined) {
      const firstOrderId = defaultOrderStoreOptions.firstOrderId + shops.size * shopIdStride;
      const firstLineItemId = defaultOrderStoreOptions.firstLineItemId + shops.size * shopIdStride;
      store = new OrderStore({
        sourceIdAttribute: settings.sourceIdAttribute,
        firstOrderId,
        firstLineItemId,
      });
      shops.set(domain, store);
    }
    return store;
  };

  const answer = (response: HttpResponse, nowMs: number): HttpResponse => {
    response.headers['x-request-id'] = requestId(++responses);
    response.headers['x-shopify-api-version'] = settings.apiVersion;
    stats.record(response.status, nowMs);
    return response;
  };

  const route = (target: ShopifyRoute, domain: string, request: HttpRequest, nowMs: number): RouteAnswer => {
    const orders: OrderView = shops.get(domain) ?? noOrders;
    switch (target.kind) {
      case 'createOrder':
        return createOrder(storeOf(domain), request, nowMs);
      case 'listOrders':
        return listOrders(orders, target.query);
      case 'getOrder':
        return getOrder(orders, target.id, target.query);
      case 'unknown':
        return { status: 404, body: notFoundBody };
    }
  };

  return {
    handle(request, nowMs) {
      checkTime(nowMs);
      const target = matchShopifyRoute(request.method, request.url);
      if (!target.ok) return answer(jsonResponse(404, notFoundBody), nowMs);
      const token = headerValue(request.headers, 'x-shopify-access-token') ?? '';
      if (token === '' || (allowedTokens !== undefined && !allowedTokens.has(token))) {
        return answer(jsonResponse(401, invalidTokenBody), nowMs);
      }
      const { shopDomain } = target.value;
      const key = bucketKey(shopDomain, token);
      const decision = admitCall(buckets.get(key) ?? emptyBucket(nowMs), nowMs, limits);
      buckets.set(key, decision.state);
      const callLimit = formatCallLimit(decision.used, limits.bucketSize);
      if (!decision.admitted) {
        const headers = {
          'x-shopify-shop-api-call-limit': callLimit,
          'retry-after': formatRetryAfter(settings.retryAfterSeconds),
        };
        return answer(jsonResponse(429, throttledBody(limits.leakPerSecond), headers), nowMs);
      }
      const result = route(target.value.route, shopDomain, request, nowMs);
      return answer(
        jsonResponse(result.status, result.body, { 'x-shopify-shop-api-call-limit': callLimit }),
        nowMs,
      );
    },
    get limits() {
      return { ...limits };
    },
    setLimits(next, nowMs) {
      checkLimits(next);
      checkTime(nowMs);
      for (const [key, state] of buckets) {
        buckets.set(key, { level: bucketLevel(state, nowMs, limits), atMs: Math.max(nowMs, state.atMs) });
      }
      limits = { bucketSize: next.bucketSize, leakPerSecond: next.leakPerSecond };
    },
    shop(domain) {
      const lower = domain.toLowerCase();
      return { domain: lower, orders: shops.get(lower) ?? noOrders };
    },
    get shopDomains() {
      return [...shops.keys()];
    },
    callsUsed(domain, accessToken, nowMs) {
      const state = buckets.get(bucketKey(domain.toLowerCase(), accessToken));
      return state === undefined ? 0 : usedCalls(bucketLevel(state, nowMs, limits));
    },
    stats: () => stats.snapshot(),
  };
}

/** The largest time a JavaScript Date can show (created_at is its ISO string), in ms either side of 0. */
const maxTimeMs = 8.64e15;

function checkTime(nowMs: number): void {
  if (!Number.isFinite(nowMs) || Math.abs(nowMs) > maxTimeMs) {
    throw new FunnelstormError('INTERNAL', `ShopifyModel got nowMs=${nowMs}: pass the clock's time in ms.`);
  }
}

function checkOptions(options: ShopifyModelOptions): void {
  checkLimits(options.limits);
  if (!isApiVersion(options.apiVersion)) {
    invalid(`apiVersion must be YYYY-MM or unstable, got ${JSON.stringify(options.apiVersion)}`);
  }
  if (!Number.isFinite(options.retryAfterSeconds) || options.retryAfterSeconds < 0) {
    invalid(`retryAfterSeconds must be a number ≥ 0, got ${options.retryAfterSeconds}`);
  }
  if (options.sourceIdAttribute === '') invalid('sourceIdAttribute must not be empty');
}

function checkLimits(limits: BucketLimits): void {
  const { bucketSize, leakPerSecond } = limits;
  if (
    !Number.isFinite(bucketSize) ||
    bucketSize < 1 ||
    !Number.isFinite(leakPerSecond) ||
    leakPerSecond <= 0
  ) {
    invalid(`limits need bucketSize ≥ 1 and leakPerSecond > 0, got ${bucketSize}/${leakPerSecond}`);
  }
}

function invalid(detail: string): never {
  throw new FunnelstormError(
    'SCENARIO_INVALID',
    `Invalid Shopify model options: ${detail}. Please fix the shop settings of the scenario.`,
  );
}
