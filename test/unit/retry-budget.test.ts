import { describe, expect, it } from 'vitest';
import { auditOrders } from '../../mocks/audit.js';
import type { FaultPlanInput } from '../../mocks/faults/fault-plan-schema.js';
import { plans } from '../../mocks/plans.js';
import { createShopifyService } from '../../mocks/shopify-service.js';
import { DeadLetterQueue } from '../../pipeline/dead-letter-queue.js';
import { createMemoryStore } from '../../pipeline/memory-store.js';
import { processOrder, type OrderOutcome } from '../../pipeline/order-workflow.js';
import { defaultReferencePipelineOptions } from '../../pipeline/reference-pipeline.js';
import { RetryBudget } from '../../pipeline/retry-budget.js';
import { retryInterceptor } from '../../pipeline/retry.js';
import type { PipelineOrder, ShopTarget } from '../../pipeline/shopify-requests.js';
import { timeoutInterceptor } from '../../pipeline/timeout.js';
import { createRandom } from '../../runtime/seeded-random.js';
import { compose, type Dispatch } from '../../runtime/transport.js';
import { createSimNetwork } from '../../sim/sim-network.js';
import { Simulator } from '../../sim/simulator.js';

const shop: ShopTarget = {
  domain: 'outage.myshopify.com',
  accessToken: 'shpat_outage',
  apiVersion: '2026-01',
};
const sourceIdAttribute = 'source_order_id';
const outageMs = 60_000;
const ordersPerSecond = 5;
const seed = 11;

/** Shopify answers every request with 503 for the first 60 s (acceptance 5 of issue 4). */
const outage: FaultPlanInput = {
  rules: [{ kind: 'status', status: 503, window: { fromSeconds: 0, toSeconds: outageMs / 1000 } }],
};

type Retries = 'none' | 'unbudgeted' | 'budgeted';

/**
 * One run: a steady open-model stream of orders during the outage (one process per arrival, so arrivals
 * never wait for the pipeline), each through the reference workflow (`processOrder`: create, look up after
 * an ambiguous failure, create again) over a client composed as the reference pipeline composes it —
 * retry → timeout → transport. `none` is the same traffic with no retries at all (one attempt per order).
 */
async function run(retries: Retries) {
  const sim = new Simulator();
  const root = createRandom(seed);
  const service = createShopifyService({
    model: { limits: plans.plus, sourceIdAttribute },
    random: root.fork('faults'),
    faults: outage,
  });
  const network = createSimNetwork(
    sim,
    (request, nowMs) => service.serve(request, nowMs),
    root.fork('network'),
  );
  let callsDuringOutage = 0;
  let callsInAll = 0;
  const counted: Dispatch = (request, options) => {
    callsInAll++;
    if (sim.nowMs() < outageMs) callsDuringOutage++;
    return network(request, options);
  };
  const settings = { ...defaultReferencePipelineOptions, sourceIdAttribute };
  if (retries === 'none') settings.maxAttempts = 1;
  const budget = retries === 'budgeted' ? new RetryBudget(sim) : undefined;
  const client = compose(
    retryInterceptor(sim, root.fork('retry'), { ...settings, ...(budget && { budget }) }),
    timeoutInterceptor(sim, settings.requestTimeoutMs),
  )(counted);
  const deadLetters = new DeadLetterQueue<PipelineOrder>();
  const deps = { clock: sim, client, store: createMemoryStore(sim), shop, deadLetters, settings };
  const outcomes: OrderOutcome[] = [];

  const ids: string[] = [];
  sim.spawn('traffic', async () => {
    for (let i = 0; i < (outageMs / 1000) * ordersPerSecond; i++) {
      await sim.sleep(i * (1000 / ordersPerSecond) - sim.nowMs());
      const order: PipelineOrder = {
        sourceOrderId: `so-${i}`,
        customerId: '1',
        totalCents: 1900,
        receivedAtMs: sim.nowMs(),
      };
      ids.push(order.sourceOrderId);
      sim.spawn(`order-${i}`, async () => {
        outcomes.push(await processOrder(order, { ...deps, random: root.fork(`order-${i}`) }));
      });
    }
  });
  const result = await sim.run();
  expect(result.blockedWaits).toBe(0);
  const audit = auditOrders(
    service.model.shop(shop.domain),
    ids,
    deadLetters.entries().map((d) => d.key),
  );
  return { callsDuringOutage, callsInAll, outcomes, audit, endMs: result.endMs, budget: budget?.snapshot() };
}

describe('retry budget (issue 4, acceptance 5)', () => {
  it(`drill: 503 outage 60 s at ${ordersPerSecond} orders/s — calls during the outage stay ≤ 1.1 × the no-retry calls with the budget, and far above without it (plan=plus, seed=${seed})`, async () => {
    const none = await run('none');
    const unbudgeted = await run('unbudgeted');
    const budgeted = await run('budgeted');
    const ratio = (r: { callsDuringOutage: number }) => r.callsDuringOutage / none.callsDuringOutage;
    console.info(
      `calls during the 60 s outage: no retries ${none.callsDuringOutage}; ` +
        `retries without budget ${unbudgeted.callsDuringOutage} (${ratio(unbudgeted).toFixed(3)}×); ` +
        `with budget ${budgeted.callsDuringOutage} (${ratio(budgeted).toFixed(3)}×)`,
    );
    const ends = (r: Awaited<ReturnType<typeof run>>) =>
      `${r.audit.created} created, ${r.outcomes.filter((o) => o.kind === 'dead-lettered').length} dead-lettered, ` +
      `${r.callsInAll} calls in all, last event at ${(r.endMs / 1000).toFixed(0)} s`;
    console.info(
      `afterwards: no retries ${ends(none)}; without budget ${ends(unbudgeted)}; with budget ${ends(budgeted)}`,
    );

    expect(none.callsDuringOutage).toBe((outageMs / 1000) * ordersPerSecond);
    expect(budgeted.callsDuringOutage).toBeLessThanOrEqual(1.1 * none.callsDuringOutage);
    expect(unbudgeted.callsDuringOutage).toBeGreaterThan(3 * none.callsDuringOutage);

    // The budget sheds retries, not orders: each order is still created or dead-lettered with a reason,
    // and none twice.
    for (const r of [none, unbudgeted, budgeted])
      expect(r.audit).toMatchObject({ duplicates: 0, missing: 0 });
  });
});
