import type { ShopTarget } from '../pipeline/shopify-requests.js';
import type { Random } from '../runtime/random.js';
import type { SourceOrder } from '../scenarios/arrivals.js';
import { deliveryStream, type ScheduledDelivery } from '../scenarios/delivery-stream.js';
import { orderStream, recording } from '../scenarios/order-stream.js';
import type { TrafficSettings } from '../scenarios/scenario-types.js';
import type { RedeliveryStats } from '../scenarios/webhook-redelivery.js';
import { planDeliveries } from '../scenarios/webhook-deliveries.js';
import { shopPart, simShop, type ShopOfMany } from './shop-part.js';

/** What one run (or one shop of a many-shop run) delivers to its pipeline, and where. */
export interface ShopDeliveries {
  /** The webhook deliveries in time order, each with its order; pulled by the run's traffic process. */
  scheduled: Iterable<ScheduledDelivery>;
  /** The shop the run talks to. */
  shop: ShopTarget;
  /** The root of the run's (or the shop's) faults, network and pipeline streams. */
  world: Random;
  /** What Shopify's redelivery did, when the scenario has intake outages or slow answers. */
  redelivery?: RedeliveryStats;
}

/**
 * The deliveries of a run. Streamed lazily (a trace of any length replays in constant memory) unless the
 * run needs the whole plan first: a shop of a many-shop run (its share of the orders), or Shopify's
 * redelivery and out-of-order delivery (scenarios/webhook-deliveries.ts `planDeliveries`), which are
 * computed over every order. Both paths give the same deliveries, draw for draw, where both apply.
 *
 * @param orders - Every order the run delivers is appended here, for the audit.
 */
export function shopDeliveries(
  traffic: TrafficSettings,
  root: Random,
  trafficRandom: Random,
  orders: { push(order: SourceOrder): void },
  part: ShopOfMany | undefined,
): ShopDeliveries {
  const webhooks = traffic.webhooks;
  const planned =
    part !== undefined ||
    (webhooks !== undefined &&
      ((webhooks.intakeOutages?.length ?? 0) > 0 ||
        (webhooks.slowShare ?? 0) > 0 ||
        (webhooks.reorderWindowSeconds ?? 0) > 0));
  if (!planned) {
    const scheduled = deliveryStream(
      recording(orderStream(traffic, trafficRandom), orders),
      webhooks,
      trafficRandom,
    );
    return { scheduled, shop: simShop, world: root };
  }
  const own = shopPart(root, [...orderStream(traffic, trafficRandom)], trafficRandom, part);
  for (const order of own.orders) orders.push(order);
  const plan = planDeliveries(own.orders, webhooks, own.traffic);
  const byId = new Map(own.orders.map((order) => [order.id, order]));
  return {
    scheduled: withFirst(plan.deliveries, byId),
    shop: own.shop,
    world: own.world,
    ...(plan.redelivery && { redelivery: plan.redelivery }),
  };
}

/** A planned delivery list as {@link ScheduledDelivery}s: `first` marks each order's earliest delivery. */
function* withFirst(
  deliveries: readonly { sourceOrderId: string; atMs: number }[],
  byId: ReadonlyMap<string, SourceOrder>,
): Generator<ScheduledDelivery, void, undefined> {
  const seen = new Set<string>();
  for (const { sourceOrderId, atMs } of deliveries) {
    // planDeliveries delivers only the orders it was given.
    const order = byId.get(sourceOrderId)!;
    const first = !seen.has(sourceOrderId);
    if (first) seen.add(sourceOrderId);
    yield { order, atMs, first };
  }
}
