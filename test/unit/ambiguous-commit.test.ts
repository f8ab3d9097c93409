import { describe, expect, it } from 'vitest';
import { auditOrders } from '../../mocks/audit.js';
import { auditCustomers } from '../../mocks/customer-audit.js';
import type { FaultPlanInput } from '../../mocks/faults/fault-plan-schema.js';
import { plans } from '../../mocks/plans.js';
import { createShopifyService } from '../../mocks/shopify-service.js';
import { createMemoryStore } from '../../pipeline/memory-store.js';
import type { OrderOutcome } from '../../pipeline/order-workflow.js';
import { variantGuarantees } from '../../pipeline/pipeline-variants.js';
import { createReferencePipeline, type ReferencePipelineDeps } from '../../pipeline/reference-pipeline.js';
import { createOrderRequest, type PipelineOrder, type ShopTarget } from '../../pipeline/shopify-requests.js';
import { createRandom } from '../../runtime/seeded-random.js';
import { createSimNetwork } from '../../sim/sim-network.js';
import { Simulator } from '../../sim/simulator.js';

const shop: ShopTarget = {
  domain: 'ambiguous.myshopify.com',
  accessToken: 'shpat_ambiguous',
  apiVersion: '2026-01',
};
const sourceIdAttribute = 'source_order_id';
/** The shop's first customer (the mock numbers them from 7 000 000 000 001). */
const customerId = '7000000000001';
const order: PipelineOrder = { sourceOrderId: 'src-1', customerId, totalCents: 1900, receivedAtMs: 0 };

/** Every order create in the first second is committed, then answered 503 (acceptance 2 of issue 3). */
const ambiguous503: FaultPlanInput = {
  rules: [
    {
      kind: 'ambiguous',
      then: 503,
      window: { fromSeconds: 0, toSeconds: 1 },
      match: { route: 'orders.create' },
    },
  ],
};

/** The simulator, the mock behind the fault plan, and the simulated network (100 ms round trip). */
function world(seed: number, faults: FaultPlanInput, limits = plans.standard) {
  const sim = new Simulator();
  const root = createRandom(seed);
  const service = createShopifyService({
    model: { limits, sourceIdAttribute, fencing: true },
    random: root.fork('faults'),
    faults,
  });
  const transport = createSimNetwork(
    sim,
    (request, nowMs) => service.serve(request, nowMs),
    root.fork('network'),
  );
  return { sim, root, service, transport };
}

/** 20 % ambiguous answers on `route`: the write happens, then 503 (10 %), a reset (5 %) or a timeout (5 %). */
function ambiguousMix(route: 'orders.create' | 'customers.update'): FaultPlanInput {
  return {
    rules: [
      { kind: 'ambiguous', then: 503, probability: 0.1, match: { route } },
      { kind: 'ambiguous', then: 'reset', probability: 0.05, match: { route } },
      { kind: 'ambiguous', then: 'timeout', probability: 0.05, match: { route } },
    ],
  };
}

/** Runs `orders` through a reference pipeline in `w`'s world until it drains; returns the pipeline. */
async function drive(
  w: ReturnType<typeof world>,
  settings: Omit<ReferencePipelineDeps, 'clock' | 'random' | 'transport' | 'store' | 'shop'>,
  orders: readonly PipelineOrder[],
) {
  const { sim, root, transport } = w;
  const pipeline = createReferencePipeline({
    clock: sim,
    random: root.fork('pipeline'),
    transport,
    store: createMemoryStore(sim),
    shop,
    ...settings,
  });
  pipeline.workers().forEach((body, index) => sim.spawn(`worker-${index}`, body));
  for (const each of orders) pipeline.accept(each);
  pipeline.close();
  const result = await sim.run();
  return { pipeline, result };
}

describe('ambiguous commit (issue 3, acceptance 2)', () => {
  it('drill: a naive client that retries a create after an ambiguous 503 makes two orders, and the audit counts one duplicate (plan=standard, seed=1)', async () => {
    const { sim, service, transport } = world(1, ambiguous503);
    const statuses: number[] = [];
    sim.spawn('naive-client', async () => {
      // The naive client: a 5xx means "try again", with no look-up first.
      for (let attempt = 1; attempt <= 5; attempt++) {
        const result = await transport(createOrderRequest(shop, order, sourceIdAttribute), {
          signal: sim.timeout(10_000),
        });
        statuses.push(result.ok ? result.response.status : 0);
        if (result.ok && result.response.status === 201) return;
        await sim.sleep(2_000);
      }
    });
    await sim.run();

    expect(statuses).toEqual([503, 201]);
    const audit = auditOrders(service.model, [order.sourceOrderId], []);
    expect(audit).toMatchObject({ created: 1, duplicates: 1, missing: 0, duplicateSourceIds: ['src-1'] });
    expect(service.model.shop(shop.domain).orders.count).toBe(2);
    expect(service.faultStats()).toMatchObject({ byKind: { ambiguous: 1 }, ambiguousCommitted: 1 });
  });

  it('drill: the reference pipeline looks the order up after the ambiguous 503 and makes no duplicate (plan=standard, seed=1)', async () => {
    const w = world(1, ambiguous503);
    const { service } = w;
    const outcomes: OrderOutcome[] = [];
    await drive(
      w,
      {
        limits: plans.standard,
        options: { sourceIdAttribute, concurrency: 1 },
        hooks: { onOrderDone: (_order, outcome) => outcomes.push(outcome) },
      },
      [order],
    );

    expect(outcomes).toEqual([expect.objectContaining({ kind: 'created', reconciled: true })]);
    const audit = auditOrders(service.model, [order.sourceOrderId], []);
    expect(audit).toMatchObject({ created: 1, duplicates: 0, missing: 0 });
    expect(service.faultStats().ambiguousCommitted).toBe(1);
  });

  it('drill: 300 orders through 20 % ambiguous creates (503, reset and timeout) — the reference pipeline makes no duplicate (plan=plus, seed=5)', async () => {
    const w = world(5, ambiguousMix('orders.create'), plans.plus);
    const { service } = w;
    const ids = Array.from({ length: 300 }, (_, i) => `src-${i}`);
    const { pipeline } = await drive(
      w,
      { limits: plans.plus, options: { sourceIdAttribute, concurrency: 16, requestTimeoutMs: 2_000 } },
      ids.map((id) => ({ ...order, sourceOrderId: id })),
    );

    const deadLettered = pipeline.deadLetters.entries().map((d) => d.key);
    const audit = auditOrders(service.model, ids, deadLettered);
    expect(service.faultStats().ambiguousCommitted).toBeGreaterThan(30);
    expect(audit).toMatchObject({ duplicates: 0, missing: 0 });
    expect(audit.created + deadLettered.length).toBe(300);
  });

  for (const [variant, lost] of [
    ['reference', 'none'],
    ['no-mutex', 'some'],
  ] as const) {
    it(`drill: 200 orders of one customer through 20 % ambiguous customer updates (503, reset, timeout) — ${variant} loses ${lost} of its updates (plan=plus, seed=9)`, async () => {
      const w = world(9, ambiguousMix('customers.update'), plans.plus);
      const { service } = w;
      const ids = Array.from({ length: 200 }, (_, i) => `src-${i}`);
      const { pipeline, result } = await drive(
        w,
        {
          limits: plans.plus,
          options: {
            ...variantGuarantees(variant),
            sourceIdAttribute,
            concurrency: 16,
            requestTimeoutMs: 2_000,
          },
          spawn: (name, body) => w.sim.spawn(name, body),
        },
        ids.map((id) => ({ ...order, sourceOrderId: id, totalCents: 1000 + Number(id.slice(4)) })),
      );
      expect(result.blockedWaits).toBe(0);

      expect(service.faultStats().ambiguousCommitted).toBeGreaterThan(20);
      expect(auditOrders(service.model, ids, [])).toMatchObject({ created: 200, duplicates: 0, missing: 0 });
      const customers = auditCustomers(service.model);
      expect(customers.customersChecked).toBe(1);
      if (variant === 'reference') {
        expect(pipeline.customerDeadLetters.entries()).toEqual([]);
        expect(customers.lostUpdates).toBe(0);
        // Shopify's own count follows the orders; the loyalty metafield (audited above) counts each once.
        const record = service.model.shop(shop.domain).customers.get(Number(customerId));
        expect(record?.ordersCount).toBe(200);
        expect(customers.mismatches).toEqual([]);
      } else {
        expect(customers.lostUpdates).toBe(1);
        expect(customers.mismatches[0]?.actualCount).toBeLessThan(200);
      }
    });
  }
});
