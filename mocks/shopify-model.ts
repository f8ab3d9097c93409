import { FunnelstormError } from '../runtime/errors.js';
import { jsonValueResponse } from '../runtime/json-response.js';
import { headerValue, type HttpRequest, type HttpResponse } from '../runtime/transport.js';
import { bucketLevelSeries, createBucketEntry, type BucketEntry } from './bucket-timeline.js';
import { capRefusedBody, ClientCaps } from './client-caps.js';
import { costLimitsOfRestLimits, type CostBucketLimits } from './graphql/cost-bucket.js';
import { createGraphqlApi, type GraphqlApi } from './graphql/graphql-api.js';
import { admitCallInPlace, bucketLevel, usedCalls, type BucketLimits } from './leaky-bucket.js';
import {
  checkLimits,
  resolveModelOptions,
  type GraphqlHandler,
  type ShopifyModelInput,
} from './model-options.js';
import { ModelStatsRecorder } from './model-stats.js';
import { ModelDiagnostics, type ServedAs } from './model-diagnostics.js';
import type { ShopifyModel, ShopView } from './model-types.js';
import { jsonTooComplex, maxJsonTokens } from './json-complexity.js';
import { bodyExceeds } from './request-body.js';
import { logTouches, routeRestRequest } from './rest-routes.js';
import { ShopRegistry } from './shop-registry.js';
import { refreshEchoMatches } from './shop-state.js';
import { KnownSourceIds } from './known-source-ids.js';
import {
  formatCallLimit,
  formatRetryAfter,
  invalidTokenBody,
  notFoundBody,
  payloadTooLargeBody,
  requestId,
  throttledBody,
  tooComplexBody,
} from './shopify-responses.js';
import { matchShopifyRoute, type ShopifyTarget } from './shopify-route.js';

// Kept importable from here, where the model's callers have always found them.
export {
  defaultShopifyModelOptions,
  type GraphqlHandler,
  type ShopifyModelOptions,
  type ShopLimits,
} from './model-options.js';
export type { ShopifyModel, ShopView } from './model-types.js';

/**
 * Creates the Shopify REST model. Checks run in this order: body size and structure (413, free: a front end
 * refuses it before the app sees it), URL and version (404, free), access token (401, free: the bucket is per app,
 * and an unknown token names no app), a new shop or app past `maxShops`/`maxApps` (403, free), bucket (429), route (404), body (400/422), resource rules (409,
 * the order-rate 429). Every answer that reached the bucket carries `x-shopify-shop-api-call-limit`; every
 * answer carries `x-request-id` and `x-shopify-api-version`.
 *
 * @param options - The model's settings (model-options.ts); only `limits` is required.
 * @throws FunnelstormError `SCENARIO_INVALID` when an option is out of range.
 * @example
 * const shopify = createShopifyModel({ limits: plans.standard });
 * const response = shopify.handle(request, clock.nowMs());
 */
export function createShopifyModel(options: ShopifyModelInput): ShopifyModel {
  const settings = resolveModelOptions(options);
  let limits: BucketLimits = {
    bucketSize: settings.limits.bucketSize,
    leakPerSecond: settings.limits.leakPerSecond,
  };
  let graphqlLimits: CostBucketLimits = costLimitsOfRestLimits(settings.limits);
  // The built-in GraphQL Admin surface unless the caller wired its own handler or turned it off.
  const builtInGraphql: GraphqlApi | undefined =
    settings.graphql === undefined
      ? createGraphqlApi({
          ...graphqlLimits,
          currencyCode: settings.currency,
          throttledStatus: settings.graphqlThrottledStatus,
        })
      : undefined;
  const graphqlHandler: GraphqlHandler | undefined =
    builtInGraphql === undefined
      ? settings.graphql || undefined
      : (appKey, shop, body, nowMs) => builtInGraphql.handle(appKey, shop, body, nowMs);
  const allowedTokens = settings.accessTokens === undefined ? undefined : new Set(settings.accessTokens);
  // Shop → token → bucket: two lookups of strings the request already has, instead of building a key.
  const buckets = new Map<string, Map<string, BucketEntry>>();
  const known = new KnownSourceIds();
  const shops = new ShopRegistry(settings, known);
  const caps = new ClientCaps(settings.maxShops, settings.maxApps);
  const stats = new ModelStatsRecorder(settings.timelinePoints);
  const diagnostics = new ModelDiagnostics(
    settings,
    shops,
    () => limits,
    (shop, token) => buckets.get(shop)?.get(token),
  );
  let requests = 0;
  const shopViews = new Map<string, ShopView>();

  /**
   * Every answer: the JSON body (a string as is, a plain value handed over with its text made when read,
   * else stringified) with the headers every answer has, the
   * call limit when the request reached the bucket, and the route's own. One object literal of a fixed
   * shape: this runs on every request.
   */
  const answer = (
    status: number,
    body: unknown,
    number: number,
    nowMs: number,
    callLimit?: string,
    extra?: Record<string, string>,
    plain = false,
  ): HttpResponse => {
    // Each case one literal, so every answer's headers have one of two fixed shapes.
    const headers: Record<string, string> =
      callLimit === undefined
        ? {
            'content-type': 'application/json; charset=utf-8',
            'x-request-id': requestId(number),
            'x-shopify-api-version': settings.apiVersion,
          }
        : {
            'content-type': 'application/json; charset=utf-8',
            'x-request-id': requestId(number),
            'x-shopify-api-version': settings.apiVersion,
            'x-shopify-shop-api-call-limit': callLimit,
          };
    if (extra !== undefined) Object.assign(headers, extra);
    stats.record(status, nowMs);
    if (typeof body === 'string') return { status, headers, body };
    // A route's own value: its text is written only when read (the HTTP face), not for the simulator's
    // pipeline, which takes the value (issue 12).
    const handed =
      typeof body === 'object' && body !== null ? jsonValueResponse(status, headers, body, plain) : undefined;
    return handed ?? { status, headers, body: JSON.stringify(body) };
  };

  /** Every bucket, shop by shop in the order they first had one. */
  function* eachBucket(): Iterable<BucketEntry> {
    for (const shopBuckets of buckets.values()) yield* shopBuckets.values();
  }

  /** `POST graphql.json` through the wired handler; the orders it creates are logged against it. */
  const graphql = (
    handler: GraphqlHandler,
    target: ShopifyTarget,
    token: string,
    request: HttpRequest,
    number: number,
    nowMs: number,
    served: ServedAs | undefined,
  ): HttpResponse => {
    const client = diagnostics.arrive(target.shopDomain, token, nowMs, request);
    const shop = shops.get(target.shopDomain);
    const before = shop.orders.count;
    const result = handler(`${target.shopDomain}\n${token}`, shop, request.body, nowMs);
    const touched = Array.from({ length: shop.orders.count - before }, (_, i) => before + i);
    const row = logTouches(shops, target, request.method, { status: result.status, touched }, number, nowMs);
    const response = answer(result.status, result.body, number, nowMs, undefined, result.headers);
    const throttle = 'outcome' in result && result.outcome === 'throttled';
    diagnostics.answered(client, target.shopDomain, row, nowMs, response, served, throttle, request);
    return response;
  };

  return {
    handle(request, nowMs, served) {
      checkTime(nowMs);
      const number = ++requests;
      if (bodyExceeds(request.body, settings.maxBodyBytes)) {
        return answer(413, payloadTooLargeBody(settings.maxBodyBytes), number, nowMs);
      }
      if (jsonTooComplex(request.body)) return answer(413, tooComplexBody(maxJsonTokens), number, nowMs);
      const matched = matchShopifyRoute(request.method, request.url);
      if (!matched.ok) return answer(404, notFoundBody, number, nowMs);
      // The lower-case name first, as every face passes headers (no scan of the others on the hot path).
      const token =
        request.headers['x-shopify-access-token'] ??
        headerValue(request.headers, 'x-shopify-access-token') ??
        '';
      if (token === '' || (allowedTokens !== undefined && !allowedTokens.has(token))) {
        return answer(401, invalidTokenBody, number, nowMs);
      }
      const target = matched.value;
      if (target.route.kind === 'graphql') {
        const refused = caps.admit(target.shopDomain, token);
        if (refused !== undefined) {
          return answer(403, capRefusedBody(refused, target.shopDomain, caps.snapshot()), number, nowMs);
        }
        if (graphqlHandler !== undefined) {
          return graphql(graphqlHandler, target, token, request, number, nowMs, served);
        }
        // Not served when turned off, and never charged to the REST bucket: GraphQL has its own.
        return answer(404, notFoundBody, number, nowMs);
      }
      let shopBuckets = buckets.get(target.shopDomain);
      let bucket = shopBuckets?.get(token);
      if (bucket === undefined) {
        // Only a request that would create a bucket can be new to the caps: a known app skips them.
        const refused = caps.admit(target.shopDomain, token);
        if (refused !== undefined) {
          return answer(403, capRefusedBody(refused, target.shopDomain, caps.snapshot()), number, nowMs);
        }
        if (shopBuckets === undefined) {
          shopBuckets = new Map();
          buckets.set(target.shopDomain, shopBuckets);
        }
        bucket = createBucketEntry(target.shopDomain, token, nowMs, settings.timelinePoints);
        shopBuckets.set(token, bucket);
      }
      const client = diagnostics.arrive(target.shopDomain, token, nowMs, request, bucket);
      const admitted = admitCallInPlace(bucket.state, nowMs, limits);
      const used = usedCalls(bucket.state.level);
      bucket.levels.add(nowMs, used);
      const callLimit = formatCallLimit(used, limits.bucketSize);
      if (!admitted) {
        const retryAfter = { 'retry-after': formatRetryAfter(settings.retryAfterSeconds) };
        const body = throttledBody(limits.leakPerSecond);
        const throttled = answer(429, body, number, nowMs, callLimit, retryAfter);
        diagnostics.answered(client, target.shopDomain, undefined, nowMs, throttled, served, false, request);
        return throttled;
      }
      const result = routeRestRequest(target, request, nowMs, shops, settings);
      const row = logTouches(shops, target, request.method, result, number, nowMs);
      const response = answer(
        result.status,
        result.body,
        number,
        nowMs,
        callLimit,
        result.headers,
        result.plainBody,
      );
      diagnostics.answered(client, target.shopDomain, row, nowMs, response, served, false, request);
      return response;
    },
    settings,
    get limits() {
      const cap = settings.orderCreatesPerMinute;
      const all = {
        ...limits,
        graphqlRestorePerSecond: graphqlLimits.restorePerSecond,
        graphqlBucketSize: graphqlLimits.bucketSize,
      };
      return cap === undefined ? all : { ...all, orderCreatesPerMinute: cap };
    },
    setLimits(next, nowMs) {
      checkLimits(next);
      checkTime(nowMs);
      const nextGraphql = costLimitsOfRestLimits(next);
      builtInGraphql?.setLimits(nextGraphql, nowMs);
      for (const bucket of eachBucket()) {
        const level = bucketLevel(bucket.state, nowMs, limits);
        bucket.state = { level, atMs: Math.max(nowMs, bucket.state.atMs) };
      }
      limits = { bucketSize: next.bucketSize, leakPerSecond: next.leakPerSecond };
      graphqlLimits = nextGraphql;
    },
    graphqlThrottled(domain, accessToken, body, nowMs) {
      checkTime(nowMs);
      return builtInGraphql?.throttled(`${domain.toLowerCase()}\n${accessToken}`, body, nowMs);
    },
    shop(domain) {
      const lower = domain.toLowerCase();
      const state = shops.find(lower);
      if (state !== undefined) refreshEchoMatches(state, known);
      // A shop with state keeps its stores, so its view is made once: the simulator asks before and after
      // every request it records.
      const view = shopViews.get(lower);
      if (view !== undefined) return view;
      const made: ShopView = {
        domain: lower,
        orders: state?.orders ?? shops.noOrders,
        customers: state?.customers ?? shops.noCustomers,
        metafields: state?.metafields ?? shops.noMetafields,
        fulfillments: state?.fulfillments ?? shops.noFulfillments,
      };
      if (state !== undefined) shopViews.set(lower, made);
      return made;
    },
    get shopDomains() {
      return shops.domains;
    },
    callsUsed(domain, accessToken, nowMs) {
      const bucket = buckets.get(domain.toLowerCase())?.get(accessToken);
      return bucket === undefined ? 0 : usedCalls(bucketLevel(bucket.state, nowMs, limits));
    },
    stats: () => stats.snapshot(),
    capacity: () => caps.snapshot(),
    bucketLevels: () => [...eachBucket()].map(bucketLevelSeries),
    requestsForOrder(domain, orderId) {
      const state = shops.find(domain.toLowerCase());
      if (state === undefined) return [];
      refreshEchoMatches(state, known);
      const position = state.orders.indexOfId(orderId);
      const requests = state.requests.requestsFor(position, requestId);
      return diagnostics.withDeliveries(state.domain, state.orders.sourceIdAt(position), requests);
    },
    shopState: (domain) => shops.get(domain.toLowerCase()),
    noteInjectedAnswer(request, seen, nowMs, throttle) {
      checkTime(nowMs);
      const matched = matchShopifyRoute(request.method, request.url);
      const token = headerValue(request.headers, 'x-shopify-access-token') ?? '';
      if (!matched.ok || token === '' || (allowedTokens !== undefined && !allowedTokens.has(token))) return;
      const shop = matched.value.shopDomain;
      const client = diagnostics.arrive(shop, token, nowMs, request);
      diagnostics.injected(client, nowMs, seen, throttle, request);
    },
    clientPoliteness: (domain) =>
      domain === undefined
        ? diagnostics.politeness.all()
        : diagnostics.politeness.snapshot(domain.toLowerCase()),
    recordDelivery(domain, delivery) {
      const kept = diagnostics.deliveries.record(domain.toLowerCase(), delivery);
      known.add(domain.toLowerCase(), delivery.sourceOrderId);
      return kept;
    },
    expectSourceIds(domain, ids) {
      for (const id of ids) if (typeof id === 'string' && id !== '') known.add(domain.toLowerCase(), id);
    },
    duplicateCauses(domain) {
      const state = shops.find(domain.toLowerCase());
      if (state !== undefined) refreshEchoMatches(state, known);
      return diagnostics.duplicateCauses(domain.toLowerCase());
    },
  };
}

/** The largest time a JavaScript Date can show (created_at is its ISO string), in ms either side of 0. */
const maxTimeMs = 8.64e15;

function checkTime(nowMs: number): void {
  if (!Number.isFinite(nowMs) || Math.abs(nowMs) > maxTimeMs) {
    throw new FunnelstormError('INTERNAL', `ShopifyModel got nowMs=${nowMs}: pass the clock's time in ms.`);
  }
}
