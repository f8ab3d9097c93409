import type { MetafieldStore } from './metafield-store.js';
import { FunnelstormError } from '../runtime/errors.js';
import { orderMatchingProblem, type OrderMatching } from './order-matching.js';
import { defaultCoarseSeriesOptions } from './coarse-series.js';
import { defaultCustomerStoreOptions, type CustomerStore } from './customer-store.js';
import type { BucketLimits } from './leaky-bucket.js';
import { defaultOrderStoreOptions, type OrderStore } from './order-store.js';
import { isApiVersion } from './shopify-route.js';

/**
 * Answers `POST graphql.json` for the model (the GraphQL Admin surface, mocks/graphql/, with its own cost
 * bucket). `appKey` names the app on the shop (domain, a newline, the access token); `shop` is that
 * shop's state. Synchronous, like the model.
 */
export type GraphqlHandler = (
  appKey: string,
  shop: { orders: OrderStore; customers: CustomerStore; metafields: MetafieldStore },
  body: string | undefined,
  nowMs: number,
) => { status: number; body: string; headers?: Record<string, string> };

/**
 * A shop's limits as the model takes them: the REST bucket, and optionally the GraphQL cost bucket's
 * restore rate and maximum (a plan from plans.ts carries both). Without the GraphQL pair it follows from
 * the leak rate (`costLimitsOfRestLimits`: 50 points/s per call/s, bucket 20 × that).
 */
export type ShopLimits = BucketLimits & {
  /** GraphQL restore rate, in cost points per second. */
  graphqlRestorePerSecond?: number;
  /** GraphQL bucket maximum, in cost points. */
  graphqlBucketSize?: number;
};

/** Settings of `createShopifyModel`. */
export interface ShopifyModelOptions {
  /**
   * The REST bucket of every app on every shop; take it from a plan (`plans.standard`). Required. A plan
   * that carries `orderCreatesPerMinute` (`plans.development`) also sets that cap.
   */
  limits: ShopLimits & { orderCreatesPerMinute?: number };
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
  /**
   * How orders are matched to source orders (order-matching.ts): a note attribute, a tag pattern, or a
   * known id echoed in the order. Unset: the note attribute `sourceIdAttribute`.
   */
  orderMatching?: OrderMatching;
  /** When set, the only accepted access tokens; otherwise any non-empty token is an app. Default unset. */
  accessTokens?: readonly string[];
  /**
   * Customers in each shop, with ids from 7 000 000 000 001 up (the same ids in every shop). Defaults to
   * 10,000 (customer-store.ts).
   */
  customersPerShop: number;
  /**
   * When true, `PUT customers/{id}.json` refuses with 409 a write whose `x-funnelstorm-fencing-token` is
   * older than the highest that customer has seen (issue 4's fenced mutex). Defaults to false.
   */
  fencing: boolean;
  /**
   * The largest request body accepted, in bytes; a larger one gets 413 before anything else. Shopify's
   * limit is not published: 1 MiB is a guess (a common proxy default). Defaults to 1,048,576.
   */
  maxBodyBytes: number;
  /**
   * Orders each shop may create per minute, apart from the bucket: over it, 429 with Shopify's
   * order-rate body and no `Retry-After` (SHOPIFY.md, "Resource throttles", seen; about 5 a minute on
   * development stores, unpublished — a guess). Defaults to the plan's `limits.orderCreatesPerMinute`,
   * which only `plans.development` sets; unset means no cap.
   */
  orderCreatesPerMinute?: number;
  /**
   * The Unix time, in ms, of the model's time 0, so `created_at` and `updated_at` show real dates: the
   * HTTP server passes when it started (`funnelstorm serve`, the msw handlers on the system clock);
   * the simulator keeps 0, so its answers stay the same from run to run. Defaults to 0 (1970).
   */
  timeOriginMs: number;
  /** The shops' currency, an ISO 4217 code, in customers' `currency`. Defaults to `USD` (a setting). */
  currency: string;
  /**
   * The most points each time series keeps (calls per second, bucket level per second); past it the
   * series coarsen (coarse-series.ts), so memory stays flat in run length. Defaults to 1024.
   */
  timelinePoints: number;
  /**
   * The handler of `POST graphql.json`. Unset (the default), the model serves its own GraphQL Admin surface
   * (mocks/graphql/) with the cost bucket of `limits`; `false` answers it 404. GraphQL requests never
   * charge the REST bucket: each app on each shop has a cost bucket of its own (SHOPIFY.md, doc).
   */
  graphql?: GraphqlHandler | false;
  /**
   * The HTTP status of a THROTTLED GraphQL answer: 200 as Shopify sends it (SHOPIFY.md, seen), or 429 for
   * clients that expect one. Defaults to 200.
   */
  graphqlThrottledStatus: 200 | 429;
  /**
   * The most shops the model keeps state for; a request naming a new shop past it gets 403 (client-caps.ts).
   * Defaults to 100.
   */
  maxShops: number;
  /**
   * The most apps — distinct shop and access-token pairs, each with its own REST and GraphQL buckets — the
   * model keeps; a new token past it gets 403. Defaults to 1,000.
   */
  maxApps: number;
}

/** What `createShopifyModel` takes: the limits, and any other option. */
export type ShopifyModelInput = Pick<ShopifyModelOptions, 'limits'> & Partial<ShopifyModelOptions>;

/** Defaults of {@link ShopifyModelOptions} (all but the required `limits` and the unset ones). */
export const defaultShopifyModelOptions: Readonly<
  Omit<ShopifyModelOptions, 'limits' | 'accessTokens' | 'orderCreatesPerMinute' | 'graphql' | 'orderMatching'>
> = {
  graphqlThrottledStatus: 200,
  maxShops: 100,
  maxApps: 1000,
  timeOriginMs: 0,
  apiVersion: '2026-01',
  retryAfterSeconds: 2,
  sourceIdAttribute: defaultOrderStoreOptions.sourceIdAttribute,
  customersPerShop: defaultCustomerStoreOptions.count,
  fencing: false,
  maxBodyBytes: 1024 * 1024,
  currency: 'USD',
  timelinePoints: defaultCoarseSeriesOptions.maxPoints,
};

/**
 * Fills in the defaults, field by field so that an option passed as `undefined` takes its default instead
 * of erasing it, and checks every value.
 *
 * @throws FunnelstormError `SCENARIO_INVALID` when an option is out of range.
 */
export function resolveModelOptions(options: ShopifyModelInput): ShopifyModelOptions {
  const defaults = defaultShopifyModelOptions;
  const settings: ShopifyModelOptions = {
    limits: options.limits,
    apiVersion: options.apiVersion ?? defaults.apiVersion,
    retryAfterSeconds: options.retryAfterSeconds ?? defaults.retryAfterSeconds,
    sourceIdAttribute: options.sourceIdAttribute ?? defaults.sourceIdAttribute,
    orderMatching: options.orderMatching,
    accessTokens: options.accessTokens,
    customersPerShop: options.customersPerShop ?? defaults.customersPerShop,
    fencing: options.fencing ?? defaults.fencing,
    maxBodyBytes: options.maxBodyBytes ?? defaults.maxBodyBytes,
    orderCreatesPerMinute: options.orderCreatesPerMinute ?? options.limits.orderCreatesPerMinute,
    currency: options.currency ?? defaults.currency,
    timeOriginMs: options.timeOriginMs ?? defaults.timeOriginMs,
    timelinePoints: options.timelinePoints ?? defaults.timelinePoints,
    graphql: options.graphql,
    graphqlThrottledStatus: options.graphqlThrottledStatus ?? defaults.graphqlThrottledStatus,
    maxShops: options.maxShops ?? defaults.maxShops,
    maxApps: options.maxApps ?? defaults.maxApps,
  };
  checkLimits(settings.limits);
  if (!isApiVersion(settings.apiVersion)) {
    invalid(`apiVersion must be YYYY-MM or unstable, got ${JSON.stringify(settings.apiVersion)}`);
  }
  if (!Number.isFinite(settings.retryAfterSeconds) || settings.retryAfterSeconds < 0) {
    invalid(`retryAfterSeconds must be a number ≥ 0, got ${settings.retryAfterSeconds}`);
  }
  if (settings.sourceIdAttribute === '') invalid('sourceIdAttribute must not be empty');
  const matchingProblem = orderMatchingProblem(settings.orderMatching);
  if (matchingProblem !== undefined) invalid(`orderMatching: ${matchingProblem}`);
  checkWhole('customersPerShop', settings.customersPerShop, 0, 1e9);
  checkWhole('maxBodyBytes', settings.maxBodyBytes, 1, 2 ** 31);
  if (settings.orderCreatesPerMinute !== undefined) {
    checkWhole('orderCreatesPerMinute', settings.orderCreatesPerMinute, 1, 1e6);
  }
  if (!/^[A-Z]{3}$/.test(settings.currency)) {
    invalid(`currency must be an ISO 4217 code such as USD, got ${JSON.stringify(settings.currency)}`);
  }
  checkWhole('timelinePoints', settings.timelinePoints, 2, 1e6);
  checkWhole('maxShops', settings.maxShops, 1, 1e6);
  checkWhole('maxApps', settings.maxApps, 1, 1e7);
  if (!Number.isFinite(settings.timeOriginMs) || Math.abs(settings.timeOriginMs) > 4e15) {
    invalid(`timeOriginMs must be a Unix time in ms, got ${settings.timeOriginMs}`);
  }
  if (settings.graphqlThrottledStatus !== 200 && settings.graphqlThrottledStatus !== 429) {
    invalid(`graphqlThrottledStatus must be 200 or 429, got ${String(settings.graphqlThrottledStatus)}`);
  }
  return settings;
}

/** Checks a bucket's limits (also on `setLimits`). */
export function checkLimits(limits: BucketLimits): void {
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

function checkWhole(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    invalid(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

function invalid(detail: string): never {
  throw new FunnelstormError(
    'SCENARIO_INVALID',
    `Invalid Shopify model options: ${detail}. Please fix the shop settings of the scenario.`,
  );
}
