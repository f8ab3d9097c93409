import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOrders } from '../../mocks/audit.js';
import { StoreDeadLetters } from '../../pipeline/dead-letter-log.js';
import { orderClaimKey } from '../../pipeline/order-claim.js';
import { createRedisStore } from '../../pipeline/redis-store.js';
import { createOrderRequest, type PipelineOrder, type ShopTarget } from '../../pipeline/shopify-requests.js';
import { createFetchTransport } from '../../runtime/fetch-transport.js';
import { simCustomerId } from '../../sim/run-scenario.js';
import { parseLiveDeadLetterPayload, type LiveDeadLetterPayload } from '../../sim/run-live.js';
import { funnelstormBin, startLiveWorld, type LiveWorld } from '../support/live-workers.js';
import { requireRedisServer } from '../support/redis-server.js';

// Issue 4, "dead-letter queue": `funnelstorm dlq list|replay` as processes, against a real redis-server and
// the mock over HTTP. Needs `npm run build` (npm test does it).
const hasRedis = requireRedisServer('test/io/dlq-command.test.ts');
const shop: ShopTarget = {
  domain: 'dlq.myshopify.com',
  accessToken: 'shpat_funnelstorm_live',
  apiVersion: '2026-01',
};

let world: LiveWorld | undefined;
beforeAll(async () => {
  if (hasRedis) world = await startLiveWorld('name: dlq\n', { bucketSize: 40, leakPerSecond: 20 });
});
afterAll(() => world?.close());

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with `args`; killed after 20 s. */
function runCli(args: string[]): Promise<Ran> {
  const child = spawn(process.execPath, [funnelstormBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`funnelstorm ${args.join(' ')} still running after 20 s; stderr: ${stderr}`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const order = (sourceOrderId: string, customerNumber: number): PipelineOrder => ({
  sourceOrderId,
  customerId: simCustomerId(customerNumber),
  totalCents: 4200,
  receivedAtMs: 0,
});

describe.skipIf(!hasRedis)('funnelstorm dlq (issue 4, dead-letter queue)', () => {
  it('lists the letters, and replay creates the missing order once and finds the created one by lookup', async () => {
    if (world === undefined) throw new Error('no world');
    const redis = world.redis.url;
    const target = world.server.url;
    const store = createRedisStore({ redis });
    try {
      const log = new StoreDeadLetters<LiveDeadLetterPayload>(store, shop.domain, {
        parsePayload: parseLiveDeadLetterPayload,
      });
      // dlq-1 was never created: its claim was released. dlq-2 was created by an attempt whose answer was
      // lost: its claim was completed with the dead-lettered marker. dlq-3's customer update gave up.
      const never = await log.add({
        key: 'dlq-1',
        reason: 'HTTP 503',
        attempts: 8,
        atMs: Date.UTC(2026, 0, 1),
        payload: { ...order('dlq-1', 1), stage: 'order' },
        lastResponse: { status: 503, body: 'Service Unavailable' },
      });
      const created = createOrderRequest(shop, order('dlq-2', 2), 'source_order_id');
      expect((await createFetchTransport({ origin: target })(created)).ok).toBe(true);
      await store.set(orderClaimKey(shop, 'dlq-2'), 'done:{"deadLettered":true}');
      const ambiguous = await log.add({
        key: 'dlq-2',
        reason: 'timed out after 10000 ms',
        attempts: 8,
        atMs: Date.UTC(2026, 0, 1),
        payload: { ...order('dlq-2', 2), stage: 'order' },
      });
      const customer = await log.add({
        key: 'dlq-3',
        reason: 'customer lock not taken in 600000 ms',
        attempts: 0,
        atMs: Date.UTC(2026, 0, 1),
        payload: { ...order('dlq-3', 3), stage: 'customer-update' },
      });

      const listed = await runCli(['dlq', 'list', '--redis', redis, '--shop', shop.domain]);
      expect(listed.code).toBe(0);
      const lines = listed.stdout.trim().split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[0]).toContain(`${never}  order  dlq-1  attempts 8  2026-01-01T00:00:00.000Z  HTTP 503`);
      expect(lines[1]).toContain(`${ambiguous}  order  dlq-2`);
      expect(lines[2]).toContain(`${customer}  customer-update  dlq-3`);
      const json = await runCli(['dlq', 'list', '--redis', redis, '--shop', shop.domain, '--json']);
      expect(
        json.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as unknown),
      ).toMatchObject([
        { id: never, stage: 'order', sourceOrderId: 'dlq-1', lastResponse: { status: 503 } },
        { id: ambiguous, stage: 'order', sourceOrderId: 'dlq-2' },
        { id: customer, stage: 'customer-update', sourceOrderId: 'dlq-3' },
      ]);

      const replay = await runCli([
        'dlq',
        'replay',
        '--redis',
        redis,
        '--shop',
        shop.domain,
        '--target',
        target,
        '--all',
      ]);
      expect(replay.code, replay.stderr).toBe(0);
      expect(replay.stdout).toContain(`${never} replayed: created`);
      expect(replay.stdout).toContain(`${ambiguous} replayed: found by lookup`);
      expect(replay.stdout).toContain(`${customer} skipped`);
      expect(replay.stdout).toContain('replayed 2 · failed again 0 · skipped 1');
      const audit = auditOrders(world.service.model.shop(shop.domain), ['dlq-1', 'dlq-2'], []);
      expect(audit).toMatchObject({ created: 2, duplicates: 0, missing: 0 });
      // The customer-update letter stays; both order letters are gone.
      expect((await log.list()).map((entry) => entry.id)).toEqual([customer]);
    } finally {
      await store.close();
    }
  });

  it('exits 2 for an unreachable Redis and for replay without --all or --id', async () => {
    const unreachable = await runCli(['dlq', 'list', '--redis', 'redis://127.0.0.1:1']);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain('cannot reach Redis');
    const neither = await runCli([
      'dlq',
      'replay',
      '--redis',
      world?.redis.url ?? 'redis://127.0.0.1:1',
      '--target',
      'http://127.0.0.1:1',
    ]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('either --all or --id');
  });
});
