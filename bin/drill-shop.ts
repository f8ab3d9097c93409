import type { OrderMatching } from '../mocks/order-matching.js';
import { randomBytes } from 'node:crypto';
import type { FaultPlan } from '../mocks/faults/fault-plan.js';
import type { FaultPlanInput } from '../mocks/faults/fault-plan-schema.js';
import { startMockServer, type MockServer } from '../mocks/http-server.js';
import { defaultShopifyModelOptions } from '../mocks/model-options.js';
import { defaultCustomerStoreOptions } from '../mocks/customer-store.js';
import { createShopifyService } from '../mocks/shopify-service.js';
import { createRandom } from '../runtime/seeded-random.js';
import { systemClock } from '../runtime/system-clock.js';
import type { Scenario } from '../scenarios/scenario-types.js';

/** The environment variables a drill passes to the service it starts (`--start`), and prints otherwise. */
export interface DrillCredentials {
  /** `SHOPIFY_API_URL`: the mock's base URL; Admin API paths (`/admin/api/2026-01/orders.json`) go after it. */
  apiUrl: string;
  /** `SHOPIFY_SHOP_DOMAIN`: the shop the webhooks come from (send it as the Host, or not at all). */
  shopDomain: string;
  /** `SHOPIFY_ACCESS_TOKEN`: the only token the mock accepts (`X-Shopify-Access-Token`). */
  accessToken: string;
  /** `SHOPIFY_WEBHOOK_SECRET`: the secret the webhooks are signed with. */
  webhookSecret: string;
  /** `SHOPIFY_API_VERSION`: the version the mock answers as. */
  apiVersion: string;
}

/** The shop the drill's webhooks come from. */
export const drillShopDomain = 'funnelstorm-drill.myshopify.com';

/** The credentials as environment variables, names as documented in docs/drill.md. */
export function credentialsEnv(credentials: DrillCredentials): Record<string, string> {
  return {
    SHOPIFY_API_URL: credentials.apiUrl,
    SHOPIFY_SHOP_DOMAIN: credentials.shopDomain,
    SHOPIFY_ACCESS_TOKEN: credentials.accessToken,
    SHOPIFY_WEBHOOK_SECRET: credentials.webhookSecret,
    SHOPIFY_API_VERSION: credentials.apiVersion,
  };
}

/** The mock Shopify of one drill. */
export interface DrillShop {
  server: MockServer;
  credentials: DrillCredentials;
  /** The Unix time the server started, in ms: the server's own times count from it. */
  startUnixMs: number;
  /**
   * Starts the scenario's fault plan now, its windows counted from this moment (the drill's first send),
   * and returns the server time it started at, in ms.
   */
  startFaults(): number;
}

/** Settings of {@link startDrillShop}. */
export interface DrillShopOptions {
  /** The port; 0 picks a free one. Defaults to 0. */
  port?: number;
  /** The access token; defaults to a random one. */
  accessToken?: string;
  /** The webhook secret; defaults to a random one. */
  webhookSecret?: string;
  /** The scenario's times are divided by this: fault windows too. */
  speed: number;
  /** How the shop's orders are matched to source orders (`--match`). Defaults to the note attribute. */
  orderMatching?: OrderMatching;
}

/**
 * Starts the mock Shopify on 127.0.0.1 for a drill: the scenario's plan, one access token, customers for
 * every traffic customer, no faults until {@link DrillShop.startFaults} (the scenario's windows then count
 * from the drill's first send, divided by `speed`, not from the server's start).
 */
export async function startDrillShop(scenario: Scenario, options: DrillShopOptions): Promise<DrillShop> {
  const accessToken = options.accessToken ?? `shpat_${randomBytes(16).toString('hex')}`;
  const webhookSecret = options.webhookSecret ?? randomBytes(24).toString('base64url');
  const startUnixMs = systemClock.nowMs();
  const service = createShopifyService({
    model: {
      limits: { bucketSize: scenario.shop.bucketSize, leakPerSecond: scenario.shop.leakPerSecond },
      accessTokens: [accessToken],
      customersPerShop: Math.max(defaultCustomerStoreOptions.count, scenario.traffic.customers),
      timeOriginMs: startUnixMs,
      ...(options.orderMatching !== undefined && { orderMatching: options.orderMatching }),
    },
    random: createRandom(scenario.seed).fork('faults'),
  });
  const server = await startMockServer({
    service,
    clock: systemClock,
    port: options.port ?? 0,
    defaultShop: drillShopDomain,
    planName: scenario.shop.plan,
    // The service may have a webhook intake slower than the mock; keep idle sockets a little longer.
    idleTimeoutMs: 120_000,
  });
  return {
    server,
    credentials: {
      apiUrl: server.url,
      shopDomain: drillShopDomain,
      accessToken,
      webhookSecret,
      apiVersion: defaultShopifyModelOptions.apiVersion,
    },
    startUnixMs,
    startFaults() {
      const nowMs = systemClock.nowMs() - startUnixMs;
      if (scenario.faults !== undefined)
        service.setFaultPlan(scaledFaultPlan(scenario.faults, options.speed), nowMs, nowMs);
      return nowMs;
    },
  };
}

/** The fault plan with every window divided by `speed`, as the scenario's arrival times are. */
export function scaledFaultPlan(plan: FaultPlan, speed: number): FaultPlanInput {
  return {
    ...plan,
    rules: plan.rules.map((rule) =>
      rule.window === undefined
        ? rule
        : {
            ...rule,
            window: {
              fromSeconds: rule.window.fromSeconds / speed,
              toSeconds: rule.window.toSeconds / speed,
            },
          },
    ),
  } as FaultPlanInput;
}
