import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditOrders } from '../../mocks/audit.js';
import { defaultOwnerHeartbeatOptions } from '../../pipeline/claim-owner.js';
import { defaultReferencePipelineOptions } from '../../pipeline/reference-pipeline.js';
import {
  expectedSourceIds,
  startLiveWorld,
  startWorkProcess,
  type LiveWorld,
} from '../support/live-workers.js';
import { requireRedisServer } from '../support/redis-server.js';

// Issue 16, acceptance 4: a live worker fails loudly and loses nothing. Redis killed 4 s into a run and
// back 20 s later: stderr says so within 5 s, every order is created or dead-lettered (in Redis or the
// local file), and the exit code says what happened. SIGINT mid-run: the worker takes no more orders,
// finishes those in flight, exits 130, and a rerun creates every remaining order exactly once.
const hasRedis = requireRedisServer('test/io/work-faults.test.ts');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const persist = (dir: string) => ['--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always'];

/**
 * A backlog of `orders` on a custom plan leaking `leak` calls/s (3 calls an order). Backoff is capped at
 * 5 s, so that workers waiting out an outage are back soon after it.
 */
const backlog = (name: string, orders: number, leak: number) => `
name: ${name}
seed: 16
shop: { plan: custom, bucketSize: ${leak}, leakPerSecond: ${leak} }
traffic:
  customers: 20
  phases: [{ name: backlog, arrival: spike, durationSeconds: 0, orders: ${orders} }]
pipeline: { concurrency: 4, maxDelayMs: 5000 }
`;

let world: LiveWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe.skipIf(!hasRedis)('live worker under faults (issue 16, acceptance 4)', () => {
  it('says within 5 s that Redis is gone, loses no order through a 20 s outage, and exits 3 or 4 saying why (seed=16)', async () => {
    // 150 orders × 3 calls at 40 calls/s: about 11 s of work, around a 20 s outage.
    world = await startLiveWorld(
      backlog('redis-outage', 150, 40),
      { bucketSize: 40, leakPerSecond: 40 },
      persist,
    );
    const { service, scenarioFile, redis } = world;
    const shop = 'outage.myshopify.com';
    const where = { scenarioFile, target: world.server.url, redis: redis.url, shop, index: 1, count: 1 };
    const work = startWorkProcess({ ...where, timeoutMs: 55_000 }, ['--dead-letter-file', 'dlq.jsonl']);
    await sleep(4_000);
    const createdBefore = service.model.shop(shop).orders.count;
    const killedAtMs = performance.now();
    await redis.stop('SIGKILL');
    await sleep(20_000);
    await redis.restart();
    const outcome = await work.ended;

    const lost = outcome.stderrLines.find(({ line }) => line.includes('lost the Store'));
    const back = outcome.stderrLines.find(({ line }) => line.includes('the Store is back'));
    const summary = outcome.summary;
    if (summary === undefined) throw new Error(`no summary; stderr: ${outcome.stderr}`);
    const localFile = join(dirname(scenarioFile), 'dlq.jsonl');
    const local = existsSync(localFile)
      ? readFileSync(localFile, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { sourceOrderId: string; stage: string })
      : [];
    const audit = auditOrders(
      service.model.shop(shop),
      expectedSourceIds(scenarioFile),
      summary.deadLetteredOrderIds,
    );
    console.log(
      `Redis killed after ${createdBefore} orders; "lost" said after ${((lost?.atMs ?? NaN) - killedAtMs).toFixed(0)} ms; ` +
        `exit ${outcome.code}; ${audit.created} created, ${summary.deadLettered} dead-lettered ` +
        `(${summary.deadLettersStored} in Redis, ${summary.deadLettersLocal} in the local file), ` +
        `${audit.duplicates} duplicates, ${audit.missing} missing`,
    );
    expect(createdBefore).toBeGreaterThan(0);
    expect(createdBefore).toBeLessThan(150);
    expect(lost).toBeDefined();
    expect((lost?.atMs ?? Infinity) - killedAtMs).toBeLessThan(5_000);
    expect(lost?.line).toMatch(/retried for up to 60 s.*dlq\.jsonl/);
    expect(back?.line).toMatch(/back after \d+\.\d s/);
    expect(audit.duplicates).toBe(0);
    expect(audit.missing).toBe(0);
    // Every dead letter is kept: in Redis or, while it was away, in the local file.
    expect(summary.deadLettersStored + summary.deadLettersLocal).toBe(
      summary.deadLettered + summary.customerUpdatesDeadLettered,
    );
    expect(local).toHaveLength(summary.deadLettersLocal);
    expect(outcome.code).toBe(summary.deadLettersLocal > 0 ? 4 : 3);
    expect(outcome.stderr).toMatch(summary.deadLettersLocal > 0 ? /only in dlq\.jsonl/ : /went away 1 time/);
  }, 60_000);

  it('stops at SIGINT with exit 130 and what it did; a rerun creates every remaining order exactly once (seed=16)', async () => {
    // 60 orders × 3 calls at 10 calls/s: about 18 s of work; interrupted a few seconds in.
    world = await startLiveWorld(backlog('interrupt', 60, 10), { bucketSize: 10, leakPerSecond: 10 });
    const { service, scenarioFile, redis } = world;
    const shop = 'interrupt.myshopify.com';
    const where = { scenarioFile, target: world.server.url, redis: redis.url, shop, index: 1, count: 1 };
    const first = startWorkProcess({ ...where, timeoutMs: 25_000 });
    const deadline = performance.now() + 15_000;
    while (service.model.shop(shop).orders.count < 10 && performance.now() < deadline) await sleep(50);
    first.child.kill('SIGINT');
    const stopped = await first.ended;
    const createdByFirst = service.model.shop(shop).orders.count;
    const rerun = await startWorkProcess({ ...where, timeoutMs: 25_000 }).ended;

    const expected = expectedSourceIds(scenarioFile);
    const audit = auditOrders(service.model.shop(shop), expected, []);
    console.log(
      `SIGINT after ${createdByFirst} orders: first ${JSON.stringify(stopped.summary)}; rerun exit ${rerun.code}, ` +
        `${rerun.summary?.created} created, ${rerun.summary?.alreadyClaimed} already claimed`,
    );
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/SIGINT: taking no more orders/);
    expect(stopped.stderr).toMatch(
      /stopped by SIGINT: \d+ created, 0 already claimed, 0 dead-lettered of 60; \d+ not started/,
    );
    expect(stopped.summary?.interrupted).toBe(true);
    expect(stopped.summary?.notStarted).toBeGreaterThan(0);
    expect(createdByFirst).toBeLessThan(60);
    // The first run finished what it had started: every order it took is created, none left in flight.
    expect(stopped.summary?.created).toBe(60 - (stopped.summary?.notStarted ?? 0));
    expect(rerun.code).toBe(0);
    expect(rerun.summary?.created).toBe(60 - createdByFirst);
    expect(rerun.summary?.alreadyClaimed).toBe(createdByFirst);
    expect(audit).toMatchObject({ created: 60, duplicates: 0, missing: 0 });
  }, 60_000);

  it('a rerun takes over the claims of a worker killed outright, once its heartbeat lapses, and skips no order (seed=16)', async () => {
    world = await startLiveWorld(backlog('killed', 60, 10), { bucketSize: 10, leakPerSecond: 10 });
    const { service, scenarioFile, redis } = world;
    const shop = 'killed.myshopify.com';
    const where = { scenarioFile, target: world.server.url, redis: redis.url, shop, index: 1, count: 1 };
    const first = startWorkProcess({ ...where, timeoutMs: 25_000 });
    const deadline = performance.now() + 15_000;
    while (service.model.shop(shop).orders.count < 10 && performance.now() < deadline) await sleep(50);
    first.child.kill('SIGKILL');
    const killed = await first.ended;
    const createdByFirst = service.model.shop(shop).orders.count;
    // Its claims in flight stay for 4 h; its heartbeat (renewed every 3 s, 15 s TTL) lapses within 15 s.
    // Its customer locks (30 s lease, renewed every 10 s) lapse only within 30 s: a rerun started once
    // the heartbeat is gone takes over the claims at once, but its workers wait out those leases (they
    // must: a lease is never broken early) — up to 30 − 16 = 14 s, plus one lock poll of up to 5 s, before
    // the orders of those customers, which hold up every worker within a few orders. Add the rerun's own
    // work, at most 60 orders × 3 calls at 10 calls/s = 18 s, and 5 s to start and finish.
    const { lockTtlMs, lockPollMaxMs } = defaultReferencePipelineOptions;
    const heartbeatLapseMs = defaultOwnerHeartbeatOptions.ttlMs + 1_000;
    await sleep(heartbeatLapseMs);
    const rerunBoundMs = lockTtlMs - heartbeatLapseMs + lockPollMaxMs + (60 * 3 * 1_000) / 10 + 5_000;
    const rerun = await startWorkProcess({ ...where, timeoutMs: rerunBoundMs }).ended;

    const audit = auditOrders(service.model.shop(shop), expectedSourceIds(scenarioFile), []);
    console.log(
      `SIGKILL after ${createdByFirst} orders; rerun exit ${rerun.code} in ${rerun.summary?.durationMs} ms ` +
        `(bound ${rerunBoundMs} ms): ${rerun.summary?.created} created, ` +
        `${rerun.summary?.alreadyClaimed} already claimed; audit ${JSON.stringify(audit)}`,
    );
    expect(killed.code).toBeNull();
    expect(rerun.code).toBe(0);
    // Every order is in the shop once: those in flight at the kill were taken over (and looked up first).
    expect(audit).toMatchObject({ created: 60, duplicates: 0, missing: 0 });
    expect(rerun.summary?.alreadyClaimed).toBeLessThanOrEqual(createdByFirst);
  }, 90_000);
});
