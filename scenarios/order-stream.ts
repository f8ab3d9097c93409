import type { Random } from '../runtime/random.js';
import { basketCentsMax, basketCentsMin, type SourceOrder } from './arrivals.js';
import { expectedOrders } from './expected-orders.js';
import { hawkesArrivals } from './hawkes-arrivals.js';
import { phaseArrivalTimes } from './phase-arrival-times.js';
import { readRateCsv } from './rate-csv.js';
import type { TrafficPhase, TrafficSettings } from './scenario-types.js';
import { shapeRate } from './shape-rate.js';
import { thinnedPoisson } from './thinned-poisson.js';
import { traceArrivals, type TraceArrival } from './trace-arrivals.js';
import { ZipfSampler } from './zipf-sampler.js';

/**
 * The source orders of a scenario's traffic, lazily, in arrival order: each `next()` makes one order, so a
 * run pulls them as virtual time reaches them and a trace of any length replays in constant memory
 * (nothing here keeps past orders). The same orders, draw for draw, as {@link generateOrders} returns.
 *
 * Phases follow each other: each phase's times are offset by the earlier phases' lengths — a phase's
 * `durationSeconds`, or for a `trace` phase without one the time of its last replayed order.
 *
 * Each aspect draws from its own fork of `random` — `arrivals` (one fork per phase), `customers`,
 * `baskets` — so changing one never reshuffles another. A trace order with a recorded customer maps it to
 * customer 1 … `customers` by a hash of its text (the same email, the same customer); with a recorded total
 * it keeps it; the draws are made either way, so the streams stay aligned.
 *
 * Ids are `so-` and the order's number padded to at least 6 digits, or to the digits of the traffic's
 * expected count when that is larger ({@link expectedOrders}; a trace counts 0, being unread yet).
 *
 * @param traffic - The validated traffic section (trace and rate files resolved by loadScenario).
 * @param random - The run's traffic stream, `createRandom(seed).fork('traffic')`.
 */
export function* orderStream(
  traffic: TrafficSettings,
  random: Random,
): Generator<SourceOrder, void, undefined> {
  const arrivals = random.fork('arrivals');
  const customers = random.fork('customers');
  const baskets = random.fork('baskets');
  const idWidth = Math.max(6, String(Math.ceil(expectedOrders(traffic))).length);
  const customerWidth = Math.max(4, String(traffic.customers).length);
  const logSpan = Math.log(basketCentsMax / basketCentsMin);
  const skew = traffic.customerSkew ?? 0;
  const zipf = skew > 0 ? new ZipfSampler(traffic.customers, skew) : undefined;
  let count = 0;
  let offsetSeconds = 0;
  for (const [index, phase] of traffic.phases.entries()) {
    let lastSeconds = 0;
    for (const arrival of phaseArrivals(phase, arrivals.fork(`phase-${index}`))) {
      // Generated times are in seconds; a trace's in ms, so a recorded whole millisecond stays exact.
      const atMs =
        typeof arrival === 'number' ? (offsetSeconds + arrival) * 1000 : offsetSeconds * 1000 + arrival.tMs;
      lastSeconds = typeof arrival === 'number' ? arrival : arrival.tMs / 1000;
      const drawn = zipf ? zipf.sample(customers) : customers.int(1, traffic.customers);
      const totalCents = Math.round(basketCentsMin * Math.exp(baskets.next() * logSpan));
      const recorded = typeof arrival === 'number' ? undefined : arrival;
      const customerNumber =
        recorded?.customer === undefined ? drawn : customerOf(recorded.customer, traffic.customers);
      count += 1;
      yield {
        id: `so-${String(count).padStart(idWidth, '0')}`,
        arrivalMs: atMs,
        customerId: `cust-${String(customerNumber).padStart(customerWidth, '0')}`,
        customerNumber,
        totalCents: recorded?.totalCents ?? totalCents,
      };
    }
    offsetSeconds += phase.durationSeconds ?? lastSeconds;
  }
}

/** A phase's arrivals: times in seconds from its start, or a trace's replayed orders. */
function phaseArrivals(phase: TrafficPhase, random: Random): Iterable<number | TraceArrival> {
  const duration = phase.durationSeconds ?? 0;
  switch (phase.arrival) {
    case 'poisson':
    case 'constant':
    case 'spike':
      return phaseArrivalTimes(phase, random);
    case 'ramp':
    case 'step':
    case 'wave':
    case 'diurnal':
      return thinnedPoisson(shapeRate(phase), duration, random);
    case 'rate-csv':
      return thinnedPoisson(readRateCsv(phase.file ?? ''), duration, random);
    case 'hawkes':
      return hawkesArrivals(
        {
          basePerSecond: phase.basePerSecond ?? 0,
          branchingRatio: phase.branchingRatio ?? 0,
          halfLifeSeconds: phase.halfLifeSeconds ?? 1,
        },
        duration,
        random,
      );
    case 'idle':
      return [];
    case 'trace':
      return traceArrivals(
        phase.file ?? '',
        {
          speed: phase.speed ?? 1,
          scale: phase.scale ?? 1,
          ...(phase.durationSeconds !== undefined && { durationSeconds: phase.durationSeconds }),
        },
        random,
      );
  }
}

/**
 * The customer number (1 … `customers`) of a recorded customer: FNV-1a (32-bit) of its text, modulo the
 * customer count — stable across runs and machines, so one email is always one customer.
 */
export function customerOf(recorded: string, customers: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < recorded.length; i++) {
    hash ^= recorded.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % customers) + 1;
}

/**
 * Passes `items` through, appending each to `into` as it is pulled: the run keeps the orders it has
 * generated for the audit, without generating them ahead of virtual time.
 *
 * @param items - Any iterable, e.g. {@link orderStream}.
 * @param into - The list that grows as items are pulled.
 */
export function* recording<T>(
  items: Iterable<T>,
  into: { push(item: T): void },
): Generator<T, void, undefined> {
  for (const item of items) {
    into.push(item);
    yield item;
  }
}
