import { createLatencyRecorder, initLatencyRecorders } from '../reports/latency-recorder.js';
import type { RunReport } from '../reports/report-model.js';
import { createRandom } from '../runtime/seeded-random.js';
import type { Random } from '../runtime/random.js';
import { generateOrders, type SourceOrder } from '../scenarios/arrivals.js';
import type { Scenario, ShopSettings } from '../scenarios/scenario-types.js';
import { mergeShopReports } from './merge-shop-reports.js';
import type { RunScenarioOptions, SimulatedRun } from './run-scenario.js';
import { manyShopDomain } from './shop-part.js';

/** `simulateScenario`, passed in (sim/run-scenario.ts calls this module; it does not import it back). */
type Simulate = (scenario: Scenario, overrides: object, options: RunScenarioOptions) => Promise<SimulatedRun>;

/**
 * Runs a many-shop scenario (`shop.count`, a multi-brand merchant): each order goes to one shop, drawn by
 * the shops' shares from the run's `shops` stream; then each shop runs as a world of its own — its own
 * Shopify bucket and customers, its own pipeline (`pipeline.concurrency` workers, a throttle keyed by its
 * shop), its own faults and network streams — and its six properties are judged on its own evidence. The
 * shops share nothing a run could feel: Shopify's buckets are per app per shop (../shared/SHOPIFY.md), and
 * every Store key of the pipeline is hash-tagged by shop. So shop after shop, on one virtual timeline from
 * 0 each, is the same run as all at once, and the report merges them (merge-shop-reports.ts): sums, the
 * whole run's latency percentiles, and `shops`, one line per shop.
 *
 * @param scenario - Resolved (flag overrides applied), with `shop.count` ≥ 2.
 */
export async function runShops(
  scenario: Scenario,
  options: RunScenarioOptions,
  simulate: Simulate,
): Promise<RunReport> {
  const count = scenario.shop.count ?? 1;
  await initLatencyRecorders();
  const root = createRandom(scenario.seed);
  const orders = generateOrders(scenario.traffic, root.fork('traffic'));
  const owner = assignShops(orders, scenario.shop, root.fork('shops'));
  const endToEnd = createLatencyRecorder();
  const apiCall = createLatencyRecorder();
  try {
    const reports: RunReport[] = [];
    let ordersBefore = 0;
    for (let index = 0; index < count; index++) {
      const { onProgress } = options;
      const before = ordersBefore;
      const { report } = await simulate(
        scenario,
        {},
        {
          ...(options.pipeline && { pipeline: options.pipeline }),
          ...(onProgress && {
            onProgress: (p) =>
              onProgress({ ...p, ordersDone: before + p.ordersDone, ordersTotal: orders.length }),
          }),
          shopOfMany: {
            index,
            domain: manyShopDomain(index),
            owns: (id) => owner.get(id) === index,
            endToEnd,
            apiCall,
          },
        },
      );
      ordersBefore += report.orders.generated;
      reports.push(report);
    }
    return mergeShopReports(scenario, reports, {
      domains: reports.map((_, index) => manyShopDomain(index)),
      latency: { endToEnd: endToEnd.summary(), apiCall: apiCall.summary() },
      generated: orders.length,
    });
  } finally {
    endToEnd.destroy();
    apiCall.destroy();
  }
}

/**
 * Each order's shop (its rank, from 0): one draw per order from `random`, shop k with weight `shares[k]`
 * (equal without `shares`).
 */
export function assignShops(
  orders: readonly SourceOrder[],
  shop: Pick<ShopSettings, 'count' | 'shares'>,
  random: Random,
): Map<string, number> {
  const weights = shop.shares ?? Array<number>(shop.count ?? 1).fill(1);
  const cumulative: number[] = [];
  let total = 0;
  let last = 0;
  weights.forEach((weight, index) => {
    total += weight;
    cumulative.push(total);
    if (weight > 0) last = index;
  });
  const owner = new Map<string, number>();
  for (const order of orders) {
    const draw = random.next() * total;
    const index = cumulative.findIndex((upTo, k) => draw < upTo && weights[k]! > 0);
    // Rounding can leave a draw at the very top: it goes to the last shop with a weight.
    owner.set(order.id, index === -1 ? last : index);
  }
  return owner;
}
