import type { ShopTarget } from '../pipeline/shopify-requests.js';
import type { LatencyRecorder } from '../reports/latency-recorder.js';
import type { Random } from '../runtime/random.js';
import type { SourceOrder } from '../scenarios/arrivals.js';

/** The shop and app every simulated run talks to. Names only; nothing leaves the process. */
export const simShop = {
  domain: 'funnelstorm-launch.myshopify.com',
  accessToken: 'shpat_funnelstorm_sim',
  apiVersion: '2026-01',
} as const;

/**
 * The domain of shop `index` (from 0) of a many-shop scenario: `funnelstorm-launch-01.myshopify.com`, … —
 * each a shop of one multi-brand merchant, with the app installed on each.
 */
export function manyShopDomain(index: number): string {
  return `funnelstorm-launch-${String(index + 1).padStart(2, '0')}.myshopify.com`;
}

/** One shop of a many-shop run, as sim/run-shops.ts hands it to `simulateScenario`. */
export interface ShopOfMany {
  /** The shop's rank, from 0. */
  index: number;
  domain: string;
  /** Whether a source order is this shop's. */
  owns(sourceOrderId: string): boolean;
  /** The whole run's recorders, which every shop's latencies also go into. */
  endToEnd: LatencyRecorder;
  apiCall: LatencyRecorder;
}

/** The part of a run one shop plays: its orders, its target, and the streams its world draws from. */
export interface ShopPart {
  orders: SourceOrder[];
  shop: ShopTarget;
  /** The root of its faults, network and pipeline streams. */
  world: Random;
  /** The stream its webhook deliveries draw from. */
  traffic: Random;
}

/**
 * The whole run for a one-shop scenario (`part` absent: the generated orders, {@link simShop}, the run's own
 * streams — exactly as before many shops existed), or shop `part`'s share of it: its own orders, its domain,
 * and streams forked by its rank, so no two shops draw alike.
 */
export function shopPart(
  root: Random,
  generated: SourceOrder[],
  traffic: Random,
  part: ShopOfMany | undefined,
): ShopPart {
  if (part === undefined) return { orders: generated, shop: simShop, world: root, traffic };
  const label = `shop-${part.index}`;
  return {
    orders: generated.filter((order) => part.owns(order.id)),
    shop: { ...simShop, domain: part.domain },
    world: root.fork(label),
    traffic: traffic.fork(label),
  };
}
