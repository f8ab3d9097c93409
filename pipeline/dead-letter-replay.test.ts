import { describe, expect, it } from 'vitest';
import { createShopifyService } from '../mocks/shopify-service.js';
import { createRandom } from '../runtime/seeded-random.js';
import { createSimNetwork } from '../sim/sim-network.js';
import { Simulator } from '../sim/simulator.js';
import { liveDeadLetters } from './dead-letter-payload.js';
import { replayDeadLetters } from './dead-letter-replay.js';
import { createMemoryStore } from './memory-store.js';
import { orderClaimKey } from './order-claim.js';

// The replay of `funnelstorm dlq replay`, in-process on the simulator: the letters a live run left, re-driven
// through the reference pipeline against the model (the CLI's own test is test/io/dlq-command.test.ts).

const shop = { domain: 'replay.myshopify.com', accessToken: 'shpat_replay', apiVersion: '2026-01' };
const order = (id: string) => ({
  sourceOrderId: id,
  customerId: '7000000000001',
  totalCents: 500,
  receivedAtMs: 0,
});

describe('replayDeadLetters', () => {
  it('creates a dead-lettered order once, frees its dead-lettered claim, skips customer updates, and removes what it replayed', async () => {
    const sim = new Simulator();
    const store = createMemoryStore(sim);
    const service = createShopifyService({
      model: { limits: { bucketSize: 40, leakPerSecond: 20 }, fencing: true },
      random: createRandom(1).fork('faults'),
    });
    const transport = createSimNetwork(
      sim,
      (request, nowMs) => service.serve(request, nowMs),
      createRandom(2),
    );
    const log = liveDeadLetters(store, shop.domain);
    const letter = (id: string, stage: 'order' | 'customer-update') =>
      log.add({ key: id, reason: 'HTTP 503', attempts: 8, atMs: 0, payload: { ...order(id), stage } });
    await letter('so-1', 'order');
    await letter('so-2', 'order');
    await letter('so-3', 'customer-update');
    // so-2's attempt may have created it: its claim was completed with the dead-lettered marker.
    await store.set(orderClaimKey(shop, 'so-2'), 'done:{"deadLettered":true}');
    let result: Awaited<ReturnType<typeof replayDeadLetters>> | undefined;
    sim.spawn('replay', async () => {
      result = await replayDeadLetters(await log.list(), {
        clock: sim,
        random: createRandom(3),
        transport,
        store,
        log,
        shop,
        limits: { bucketSize: 40, leakPerSecond: 20 },
        concurrency: 2,
      });
    });
    await sim.run();
    expect(result).toMatchObject({ replayed: 2, failed: 0, skipped: 1 });
    expect(service.model.shop(shop.domain).orders.count).toBe(2);
    const left = await log.list();
    expect(left.map((entry) => (entry.ok ? entry.letter.key : entry.reason))).toEqual(['so-3']);
    // The marker was freed and the claim completed again, now with the order's id.
    expect(await store.get(orderClaimKey(shop, 'so-2'))).toMatch(/^done:\{"shopifyOrderId":\d+/);
  });
});
