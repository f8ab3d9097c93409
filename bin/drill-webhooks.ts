import { createHash, createHmac } from 'node:crypto';
import { createRandom } from '../runtime/seeded-random.js';
import { generateOrders } from '../scenarios/arrivals.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { generateDeliveries } from '../scenarios/webhook-deliveries.js';
import { simCustomerId } from '../sim/run-scenario.js';

/** One webhook the drill sends: an `orders/create` delivery of a source order, signed, at its due time. */
export interface DrillWebhook {
  sourceOrderId: string;
  /** When it is due, in ms from the drill's first send (the scenario's time divided by `--speed`). */
  dueMs: number;
  /** The raw JSON body; the signature covers exactly these bytes. */
  body: string;
  /**
   * `X-Shopify-Webhook-Id`: one per delivery, kept by its redeliveries (Shopify redelivers "with the
   * original payload", shopify.dev/changelog/updates-to-webhook-retry-mechanism). A scenario duplicate is a
   * second delivery with a new id and the same event id: only an idempotency key on the order catches it.
   */
  webhookId: string;
  /** `X-Shopify-Event-Id`: shared by every delivery of one merchant action (one source order). */
  eventId: string;
  /** When the order arrived, in ms from the first send (`X-Shopify-Triggered-At` is built from it). */
  triggeredMs: number;
}

/** The Shopify headers of one delivery attempt, as {@link webhookHeaders} builds them. */
export interface WebhookHeaderSettings {
  /** The app's webhook secret, which signs the body. */
  secret: string;
  /** `X-Shopify-Shop-Domain`. */
  shopDomain: string;
  /** `X-Shopify-API-Version`, e.g. `2026-01`. */
  apiVersion: string;
  /** The Unix time of the drill's first send, in ms: `X-Shopify-Triggered-At` counts from it. */
  originUnixMs: number;
}

/** The base64 HMAC-SHA256 of the raw body keyed with the app's secret: `X-Shopify-Hmac-Sha256`. */
export function shopifyHmac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

/**
 * The headers Shopify sends with an HTTPS webhook delivery (shopify.dev/docs/apps/build/webhooks, "Delivery
 * structure": X-Shopify-Topic, X-Shopify-Hmac-Sha256, X-Shopify-Shop-Domain, X-Shopify-API-Version,
 * X-Shopify-Webhook-Id, X-Shopify-Event-Id, X-Shopify-Triggered-At; the retry changelog of 2024-09-10 tells
 * receivers to read X-Shopify-Triggered-At to spot a stale redelivery).
 */
export function webhookHeaders(
  webhook: DrillWebhook,
  settings: WebhookHeaderSettings,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-shopify-topic': 'orders/create',
    'x-shopify-hmac-sha256': shopifyHmac(settings.secret, webhook.body),
    'x-shopify-shop-domain': settings.shopDomain,
    'x-shopify-api-version': settings.apiVersion,
    'x-shopify-webhook-id': webhook.webhookId,
    'x-shopify-event-id': webhook.eventId,
    'x-shopify-triggered-at': new Date(settings.originUnixMs + webhook.triggeredMs).toISOString(),
  };
}

/**
 * The scenario's webhook deliveries as the drill sends them: the same orders and deliveries a sim run of
 * the scenario and seed has (`traffic.webhooks` duplicates and late deliveries included), due at their
 * times divided by `speed`, sorted by due time. The body carries what an `orders/create` payload carries
 * and an integration reads: `id` (the source order id), `name`, `email`, `currency`, `total_price`,
 * `customer.id` (the mock shop's customer, 7 000 000 000 001 up) and one line item.
 */
export function drillWebhooks(scenario: Scenario, speed: number): DrillWebhook[] {
  const traffic = createRandom(scenario.seed).fork('traffic');
  const orders = generateOrders(scenario.traffic, traffic);
  const deliveries = generateDeliveries(orders, scenario.traffic.webhooks, traffic);
  const byId = new Map(orders.map((order) => [order.id, order]));
  const seen = new Map<string, number>();
  return deliveries.map((delivery) => {
    const order = byId.get(delivery.sourceOrderId);
    if (order === undefined) throw new Error(`delivery of unknown order ${delivery.sourceOrderId}`);
    const nth = (seen.get(order.id) ?? 0) + 1;
    seen.set(order.id, nth);
    const price = (order.totalCents / 100).toFixed(2);
    const body = JSON.stringify({
      id: order.id,
      name: `#${order.id}`,
      email: `${order.customerId}@example.com`,
      currency: 'USD',
      total_price: price,
      customer: { id: Number(simCustomerId(order.customerNumber)) },
      line_items: [{ title: 'Funnel order', price, quantity: 1 }],
    });
    return {
      sourceOrderId: order.id,
      dueMs: delivery.atMs / speed,
      body,
      webhookId: uuidOf(`${scenario.seed}:webhook:${order.id}:${nth}`),
      eventId: uuidOf(`${scenario.seed}:event:${order.id}`),
      triggeredMs: order.arrivalMs / speed,
    };
  });
}

/** A UUID-shaped id derived from `text` (stable per scenario and seed, so two drills send the same ids). */
function uuidOf(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
