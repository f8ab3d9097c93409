import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOrders } from '../../mocks/audit.js';
import { auditCustomers } from '../../mocks/customer-audit.js';
import {
  expectedSourceIds,
  runWorkProcess,
  startLiveWorld,
  type LiveWorld,
} from '../support/live-workers.js';
import { requireRedisServer } from '../support/redis-server.js';

// Issue 4, acceptance 2: the same pipeline code as the simulator's, as four `funnelstorm work` processes
// sharing one shop of a real HTTP mock through a real redis-server. Needs `npm run build` (npm test does it).
const hasRedis = requireRedisServer('test/io/multi-process.test.ts');
const shop = 'multi-process.myshopify.com';
const processes = 4;

// A custom plan fast enough for a test (bucket 100, leak 100/s): 240 orders × 3 calls drain in about 6 s.
const scenarioYaml = `
name: multi-process
seed: 11
shop:
  plan: custom
  bucketSize: 100
  leakPerSecond: 100
traffic:
  customers: 30
  phases:
    - name: backlog
      arrival: spike
      durationSeconds: 0
      orders: 240
pipeline:
  concurrency: 6
`;

let world: LiveWorld | undefined;
beforeAll(async () => {
  if (hasRedis) world = await startLiveWorld(scenarioYaml, { bucketSize: 100, leakPerSecond: 100 });
});
afterAll(() => world?.close());

describe.skipIf(!hasRedis)('four worker processes, one shop, one Redis (issue 4, acceptance 2)', () => {
  it('create every order once, lose no customer update, and keep 429s ≤ 0.5 % of calls (seed=11)', async () => {
    if (world === undefined) throw new Error('no world');
    const { service, scenarioFile } = world;
    const where = { scenarioFile, target: world.server.url, redis: world.redis.url, shop, count: processes };
    const summaries = await Promise.all(
      Array.from({ length: processes }, (_, i) => runWorkProcess({ ...where, index: i + 1 })),
    );
    const orders = auditOrders(service.model.shop(shop), expectedSourceIds(scenarioFile), []);
    const customers = auditCustomers(service.model.shop(shop));
    const calls = summaries.reduce((sum, s) => sum + s.calls, 0);
    const status429 = summaries.reduce((sum, s) => sum + s.status429, 0);
    const stats = service.model.stats();
    console.log(
      `4 processes: ${orders.created} created, ${orders.duplicates} duplicates, ${orders.missing} missing, ` +
        `${customers.lostUpdates} lost updates of ${customers.customersChecked} customers; ` +
        `${calls} calls, ${status429} × 429 (${((100 * status429) / calls).toFixed(2)} %); ` +
        `wall ${Math.max(...summaries.map((s) => s.durationMs))} ms`,
    );
    expect(summaries.map((s) => s.orders)).toEqual([60, 60, 60, 60]);
    expect(summaries.flatMap((s) => s.deadLetterReasons)).toEqual([]);
    expect(orders).toMatchObject({ created: 240, duplicates: 0, missing: 0 });
    expect(customers.lostUpdates).toBe(0);
    expect(customers.customersChecked).toBeGreaterThan(0);
    // The mock counted the same traffic the workers did.
    expect(stats.calls).toBe(calls);
    expect(status429 / calls).toBeLessThanOrEqual(0.005);
  });
});
