import type { Random } from '../runtime/random.js';
import { orderStream } from './order-stream.js';
import type { TrafficSettings } from './scenario-types.js';

/** One order as the upstream system (the funnel's checkout) sends it, before any webhook. */
export interface SourceOrder {
  /** `so-000001`, `so-000002`, … in arrival order; zero-padded to at least 6 digits so ids sort like arrivals. */
  id: string;
  /** When the order arrives, in milliseconds from the start of the run (fractional: not rounded). */
  arrivalMs: number;
  /**
   * `cust-0001` … `cust-<customers>`, picked uniformly, or Zipf-skewed towards `cust-0001` with
   * `traffic.customerSkew`; zero-padded to at least 4 digits.
   */
  customerId: string;
  /**
   * The same customer as a number, 1 … `customers`: the position of the shop customer the order is for
   * (the simulator maps it to the mock's customer ids, which start at 7 000 000 000 001).
   */
  customerNumber: number;
  /** The basket total, in cents: log-uniform on [{@link basketCentsMin}, {@link basketCentsMax}]. */
  totalCents: number;
}

/** The smallest basket, in cents ($15.00). */
export const basketCentsMin = 1_500;

/** The largest basket, in cents ($250.00). Log-uniform between the two puts the median near $61. */
export const basketCentsMax = 25_000;

/**
 * Generates the source orders of a scenario's traffic as a list, sorted by arrival (ties keep generation
 * order, phase by phase): {@link orderStream} collected, ids padded to the real count's digits. Each phase's
 * times are offset by the sum of the earlier phases' durations. A run pulls the stream instead.
 *
 * Each aspect draws from its own fork of `random` — `arrivals` (and under it one fork per phase),
 * `customers`, `baskets` — so changing one (say the customer count) never reshuffles another (the times).
 * Deterministic for a given seed. Customers are picked uniformly, or by a Zipf law when
 * `traffic.customerSkew` is above 0 (one draw of the `customers` stream per order either way); a skew
 * absent or 0 picks exactly as a traffic without one.
 *
 * @param traffic - The scenario's validated traffic section.
 * @param random - The run's stream for traffic, e.g. `createRandom(scenario.seed).fork('traffic')`.
 * @example
 * const orders = generateOrders(scenario.traffic, createRandom(scenario.seed).fork('traffic'));
 */
export function generateOrders(traffic: TrafficSettings, random: Random): SourceOrder[] {
  const orders = Array.from(orderStream(traffic, random));
  // The stream pads ids to the expected count's digits; a list knows its real count, and pads to that.
  const idWidth = Math.max(6, String(orders.length).length);
  if (orders.every((order) => order.id.length === idWidth + 3)) return orders;
  return orders.map((order, i) => ({ ...order, id: `so-${String(i + 1).padStart(idWidth, '0')}` }));
}
