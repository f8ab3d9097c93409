import type { Random } from '../runtime/random.js';
import type { SourceOrder } from './arrivals.js';
import type { WebhookSettings } from './scenario-types.js';
import { createRedelivery, type RedeliveryStats } from './webhook-redelivery.js';

/** One delivery of a source order's webhook to the pipeline; an order may be delivered more than once. */
export interface WebhookDelivery {
  /** The source order delivered (`so-000001` …); a duplicate delivery repeats its order's id. */
  sourceOrderId: string;
  /** When the delivery reaches the pipeline, in milliseconds from the start of the run (fractional). */
  atMs: number;
}

/**
 * The webhook deliveries of a traffic's source orders, sorted by time (stable: ties keep the order of the
 * orders, and an order's first delivery before its second).
 *
 * Without `webhooks`, each order is delivered once, when it arrives, and nothing is drawn. With it, each
 * order independently (../shared/SHOPIFY.md, "Webhooks": duplicates happen, order is not guaranteed, a
 * delivery can be late):
 * - its first delivery is late with chance `lateShare`, by uniform(0, `lateDelaySeconds`] seconds;
 * - it is delivered a second time with chance `duplicateShare`, uniform(0, `duplicateDelaySeconds`]
 *   seconds after the first.
 *
 * The draws come from `random.fork('webhooks')` — lateness from its fork `late`, duplicates from its fork
 * `duplicates`, two draws per order from each whatever the outcome — so they reshuffle nothing else in
 * the traffic, and raising a share only adds late or duplicated orders to those a lower share picked.
 *
 * @param orders - The source orders, as {@link generateOrders} returns them.
 * @param webhooks - The scenario's `traffic.webhooks`; absent: one delivery per order, on arrival.
 * @param random - The traffic stream the orders were generated from (`createRandom(seed).fork('traffic')`).
 * @example
 * const traffic = createRandom(scenario.seed).fork('traffic');
 * const orders = generateOrders(scenario.traffic, traffic);
 * const deliveries = generateDeliveries(orders, scenario.traffic.webhooks, traffic);
 */
export function generateDeliveries(
  orders: readonly SourceOrder[],
  webhooks: WebhookSettings | undefined,
  random: Random,
): WebhookDelivery[] {
  return planDeliveries(orders, webhooks, random).deliveries;
}

/** The deliveries of {@link planDeliveries}, and what Shopify's redelivery did (absent without it). */
export interface DeliveryPlan {
  deliveries: WebhookDelivery[];
  redelivery?: RedeliveryStats;
}

/**
 * {@link generateDeliveries}, with what Shopify's redelivery did when the settings have intake outages or
 * slow answers (webhook-redelivery.ts): every attempt that reached the pipeline is a delivery, and an order
 * whose every attempt failed has none. Out of order (`reorderWindowSeconds`): each order's first delivery
 * comes uniform[0, window) later, drawn from the fork `reorder`, one draw per order.
 */
export function planDeliveries(
  orders: readonly SourceOrder[],
  webhooks: WebhookSettings | undefined,
  random: Random,
): DeliveryPlan {
  if (webhooks === undefined)
    return { deliveries: orders.map((order) => ({ sourceOrderId: order.id, atMs: order.arrivalMs })) };
  const stream = random.fork('webhooks');
  const late = stream.fork('late');
  const duplicates = stream.fork('duplicates');
  const reorderWindowMs = (webhooks.reorderWindowSeconds ?? 0) * 1000;
  const reorder = reorderWindowMs > 0 ? stream.fork('reorder') : undefined;
  const redelivery = createRedelivery(webhooks, stream.fork('slow'));
  // uniform(0, max] from a draw in [0, 1): a late or repeated delivery always comes strictly later.
  const delayMs = (draw: number, maxSeconds: number): number => (1 - draw) * maxSeconds * 1000;

  const deliveries: WebhookDelivery[] = [];
  for (const order of orders) {
    const isLate = late.next() < webhooks.lateShare;
    const lateDraw = late.next();
    const isDuplicated = duplicates.next() < webhooks.duplicateShare;
    const duplicateDraw = duplicates.next();
    const shiftMs = reorder === undefined ? 0 : reorder.next() * reorderWindowMs;
    const firstMs = order.arrivalMs + (isLate ? delayMs(lateDraw, webhooks.lateDelaySeconds) : 0) + shiftMs;
    const deliver = (atMs: number): boolean => {
      if (redelivery !== undefined)
        return redelivery.deliver(atMs, (at) => deliveries.push({ sourceOrderId: order.id, atMs: at }));
      deliveries.push({ sourceOrderId: order.id, atMs });
      return true;
    };
    let reached = deliver(firstMs);
    if (isDuplicated)
      reached = deliver(firstMs + delayMs(duplicateDraw, webhooks.duplicateDelaySeconds)) || reached;
    if (!reached) redelivery?.stats.abandoned.push(order.id);
  }
  // Array.prototype.sort is stable (ES2019), so equal times keep their generation order.
  deliveries.sort((a, b) => a.atMs - b.atMs);
  return { deliveries, ...(redelivery && { redelivery: redelivery.stats }) };
}
