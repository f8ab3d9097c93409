import type { Random } from '../runtime/random.js';
import type { SourceOrder } from './arrivals.js';
import type { WebhookSettings } from './scenario-types.js';

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
  if (webhooks === undefined)
    return orders.map((order) => ({ sourceOrderId: order.id, atMs: order.arrivalMs }));
  const stream = random.fork('webhooks');
  const late = stream.fork('late');
  const duplicates = stream.fork('duplicates');
  // uniform(0, max] from a draw in [0, 1): a late or repeated delivery always comes strictly later.
  const delayMs = (draw: number, maxSeconds: number): number => (1 - draw) * maxSeconds * 1000;

  const deliveries: WebhookDelivery[] = [];
  for (const order of orders) {
    const isLate = late.next() < webhooks.lateShare;
    const lateDraw = late.next();
    const isDuplicated = duplicates.next() < webhooks.duplicateShare;
    const duplicateDraw = duplicates.next();
    const firstMs = order.arrivalMs + (isLate ? delayMs(lateDraw, webhooks.lateDelaySeconds) : 0);
    deliveries.push({ sourceOrderId: order.id, atMs: firstMs });
    if (isDuplicated) {
      const secondMs = firstMs + delayMs(duplicateDraw, webhooks.duplicateDelaySeconds);
      deliveries.push({ sourceOrderId: order.id, atMs: secondMs });
    }
  }
  // Array.prototype.sort is stable (ES2019), so equal times keep their generation order.
  return deliveries.sort((a, b) => a.atMs - b.atMs);
}
