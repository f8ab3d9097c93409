import type { Random } from '../runtime/random.js';
import { phaseArrivalTimes } from './phase-arrival-times.js';
import type { TrafficSettings } from './scenario-types.js';
import { ZipfSampler } from './zipf-sampler.js';

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
 * Generates the source orders of a scenario's traffic, sorted by arrival (stable: ties keep generation
 * order, phase by phase). Each phase's times are offset by the sum of the earlier phases' durations.
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
  const arrivals = random.fork('arrivals');
  const times: number[] = [];
  let offsetSeconds = 0;
  for (const [index, phase] of traffic.phases.entries()) {
    for (const t of phaseArrivalTimes(phase, arrivals.fork(`phase-${index}`)))
      times.push((offsetSeconds + t) * 1000);
    offsetSeconds += phase.durationSeconds;
  }
  // Each phase's times are sorted and lie within its own span, so this only settles float edge cases.
  times.sort((a, b) => a - b);

  const customers = random.fork('customers');
  const baskets = random.fork('baskets');
  const idWidth = Math.max(6, String(times.length).length);
  const customerWidth = Math.max(4, String(traffic.customers).length);
  const logSpan = Math.log(basketCentsMax / basketCentsMin);
  const skew = traffic.customerSkew ?? 0;
  const zipf = skew > 0 ? new ZipfSampler(traffic.customers, skew) : undefined;
  return times.map((arrivalMs, i) => {
    const customerNumber = zipf ? zipf.sample(customers) : customers.int(1, traffic.customers);
    return {
      id: `so-${String(i + 1).padStart(idWidth, '0')}`,
      arrivalMs,
      customerId: `cust-${String(customerNumber).padStart(customerWidth, '0')}`,
      customerNumber,
      totalCents: Math.round(basketCentsMin * Math.exp(baskets.next() * logSpan)),
    };
  });
}
