import { http, type RequestHandler } from 'msw';
import type { Clock } from '../runtime/clock.js';
import { FunnelstormError } from '../runtime/errors.js';
import { createRandom } from '../runtime/seeded-random.js';
import { systemClock } from '../runtime/system-clock.js';
import type { FaultPlanInput } from './faults/fault-plan-schema.js';
import { isShopDomain } from './http-shop-domain.js';
import type { BucketLimits } from './leaky-bucket.js';
import { carryOutOutcome } from './msw-outcome.js';
import { toModelRequest } from './msw-request.js';
import { allPlanNames, isPlanName, plans, type PlanName } from './plans.js';
import { createShopifyService, type ShopifyService } from './shopify-service.js';

/** What the handlers intercept: every method on every shop's Admin API (REST and `graphql.json`). */
export const shopifyAdminApiUrl = 'https://*.myshopify.com/admin/api/*';

/** Settings of {@link createShopifyMock} and {@link shopifyHandlers}. */
export interface ShopifyMockOptions {
  /**
   * The REST bucket of every app on every shop: a plan's name (`'plus'`: 400 calls, 20/s) or custom limits
   * (`{ bucketSize: 40, leakPerSecond: 2 }`). Defaults to `'standard'` (40/2), as `funnelstorm serve` does.
   * Ignored with `service`.
   */
  plan?: PlanName | BucketLimits;
  /** The fault plan in force from the handlers' creation on (its windows count from then). Defaults to none. */
  faults?: FaultPlanInput;
  /** Seed of the fault decisions (the stream `createRandom(seed).fork('faults')`). Defaults to 1. */
  seed?: number;
  /** When set, the only accepted `X-Shopify-Access-Token` values; others get 401. Defaults to any non-empty token. */
  accessTokens?: string[];
  /**
   * A service to serve instead of building one from `plan`, `faults`, `seed` and `accessTokens` (which
   * must then be left out): to share one model between faces or set model options those do not cover.
   */
  service?: ShopifyService;
  /**
   * The mock's time: bucket leaks and fault windows run on it, and latency faults wait on it. Time 0 is
   * the moment the handlers are created. Defaults to the system clock (runtime/system-clock.ts).
   */
  clock?: Clock;
}

/** Defaults of {@link ShopifyMockOptions}. */
export const defaultShopifyMockOptions = { plan: 'standard', seed: 1 } as const;

/** The handlers and the service behind them: read stats and the audit from `service.model`. */
export interface ShopifyMock {
  /** msw request handlers; spread them into `setupServer(...)` or `server.use(...)`. */
  readonly handlers: RequestHandler[];
  /**
   * The Shopify service the handlers call: `service.model.shop(domain).orders`, `service.model.stats()`,
   * `service.faultStats()`, `auditOrders(...)`; `service.reset()` between tests; `service.setFaultPlan`
   * and `service.setLimits` while running.
   */
  readonly service: ShopifyService;
}

/**
 * A mock Shopify for a test suite's own code, in-process through msw: handlers that intercept
 * `https://*.myshopify.com/admin/api/*` (every method) and answer from the same model as the simulator and
 * `funnelstorm serve` — the plan's exact leaky bucket per app per shop, `X-Shopify-Shop-Api-Call-Limit`,
 * 429 with Shopify's body and `Retry-After`, 401, pagination, and the fault plan's 5xx, resets, hangs,
 * latency and ambiguous commits (a reset or a hang is a network error on the client's `fetch`; a hang
 * lasts until the request's signal aborts). A host that is not a `*.myshopify.com` shop is passed on.
 *
 * @throws FunnelstormError `SCENARIO_INVALID` for an unknown plan name, bad limits, an invalid fault plan,
 *   or `service` given together with `plan`, `faults`, `seed` or `accessTokens`.
 * @example
 * import { setupServer } from 'msw/node';
 *
 * const shopify = createShopifyMock({ plan: 'plus', faults: { rules: [{ kind: 'status', status: 503, probability: 0.1 }] } });
 * const server = setupServer(...shopify.handlers);
 * beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
 * afterEach(() => shopify.service.reset());
 * afterAll(() => server.close());
 *
 * it('creates one order per source order', async () => {
 *   await syncOrders(); // the code under test, calling https://launch.myshopify.com/admin/api/2026-01/...
 *   expect(shopify.service.model.shop('launch.myshopify.com').orders.count).toBe(1);
 * });
 */
export function createShopifyMock(options: ShopifyMockOptions = {}): ShopifyMock {
  const clock = options.clock ?? systemClock;
  const startMs = clock.nowMs();
  // The model's time 0 is now: its dates (`created_at`) read from the clock's time at creation.
  const service = options.service ?? serviceOf(options, startMs);
  if (options.service !== undefined) checkOnlyService(options);
  const handler = http.all(shopifyAdminApiUrl, async ({ request }) => {
    // The pattern's `*` also matches `evil.test/x.myshopify.com`: only a real shop host is the mock's.
    if (!isShopDomain(new URL(request.url).hostname)) return undefined;
    const converted = await toModelRequest(request);
    const outcome = converted.ok
      ? service.serve(converted.value, clock.nowMs() - startMs)
      : { kind: 'response' as const, response: converted.reason, delayMs: 0 };
    return carryOutOutcome(outcome, clock, request.signal);
  });
  return { handlers: [handler], service };
}

/**
 * The msw handlers of {@link createShopifyMock}, for when the test needs no stats or audit.
 *
 * @example
 * const server = setupServer(...shopifyHandlers({ plan: 'plus', seed: 7 }));
 */
export function shopifyHandlers(options: ShopifyMockOptions = {}): RequestHandler[] {
  return createShopifyMock(options).handlers;
}

function serviceOf(options: ShopifyMockOptions, timeOriginMs: number): ShopifyService {
  const plan = options.plan ?? defaultShopifyMockOptions.plan;
  if (typeof plan === 'string' && !isPlanName(plan)) {
    invalid(`plan must be one of ${allPlanNames.join(', ')} or { bucketSize, leakPerSecond }, got "${plan}"`);
  }
  const limits = typeof plan === 'string' ? plans[plan] : plan;
  return createShopifyService({
    model: { limits, accessTokens: options.accessTokens, timeOriginMs },
    random: createRandom(options.seed ?? defaultShopifyMockOptions.seed).fork('faults'),
    faults: options.faults,
  });
}

function checkOnlyService(options: ShopifyMockOptions): void {
  const extra = (['plan', 'faults', 'seed', 'accessTokens'] as const).filter((k) => options[k] !== undefined);
  if (extra.length > 0) {
    invalid(`service is given, so ${extra.join(', ')} would be ignored: set them on the service instead`);
  }
}

function invalid(detail: string): never {
  throw new FunnelstormError('SCENARIO_INVALID', `Invalid msw Shopify mock options: ${detail}.`);
}
