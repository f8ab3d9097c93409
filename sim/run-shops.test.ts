import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import { formatJsonReport } from '../reports/json-report.js';
import { validateScenario } from '../scenarios/validate-scenario.js';
import { runScenario, simulateScenario } from './run-scenario.js';
import { runLiveWorker } from './run-live.js';
import { assignShops } from './run-shops.js';

const orders = Array.from({ length: 20_000 }, (_, i) => ({ id: `so-${i}` }));

describe('assignShops', () => {
  it('gives each shop about its share, none to a share of 0, the same from the same seed', () => {
    const shop = { count: 4, shares: [5, 3, 0, 2] };
    const owner = assignShops(orders as never, shop, createRandom(1).fork('shops'));
    const counts = [0, 0, 0, 0];
    for (const index of owner.values()) counts[index]!++;
    // 20,000 draws: σ ≤ 71 orders per shop, a ±5σ band.
    expect(Math.abs(counts[0]! - 10_000)).toBeLessThan(355);
    expect(Math.abs(counts[1]! - 6_000)).toBeLessThan(355);
    expect(counts[2]).toBe(0);
    expect(Math.abs(counts[3]! - 4_000)).toBeLessThan(355);
    expect(assignShops(orders as never, shop, createRandom(1).fork('shops'))).toEqual(owner);
  });
});

const backlog = (shop: Record<string, unknown>) =>
  validateScenario(
    {
      name: 'many-shops',
      shop: { plan: 'standard', ...shop },
      traffic: { customers: 30, phases: [{ arrival: 'spike', durationSeconds: 0, orders: 150 }] },
      pipeline: { concurrency: 8 },
    },
    'test',
  );

describe('a many-shop run', () => {
  it('gives each shop its own bucket and pipeline, reports each, and judges each on its own evidence', async () => {
    const one = await runScenario(backlog({}));
    const three = await runScenario(backlog({ count: 3 }));
    const shops = three.shops!;
    expect(shops.map((s) => s.domain)).toEqual([
      'funnelstorm-launch-01.myshopify.com',
      'funnelstorm-launch-02.myshopify.com',
      'funnelstorm-launch-03.myshopify.com',
    ]);
    expect(shops.reduce((n, s) => n + s.orders, 0)).toBe(150);
    expect(three.orders).toMatchObject({ generated: 150, created: 150, duplicates: 0, missing: 0 });
    for (const shop of shops) {
      expect(shop.calls).toBe(3 * shop.orders);
      expect(shop.status429).toBe(0);
      expect(shop.brokenProperties).toEqual([]);
    }
    expect(three.api.leakPerSecond).toBe(3 * one.api.leakPerSecond);
    // Three buckets drain the same backlog about three times as fast as one: the throttle is per shop.
    expect(three.drain!.durationMs).toBeLessThan(one.drain!.durationMs / 2.5);
    expect(three.latencyMs.endToEnd.count).toBe(150);
    expect(three.properties?.every((v) => v.holds)).toBe(true);
    expect(three.properties?.find((v) => v.property === 'bounded-p99')?.applies).toBe(true);
    expect(one.shops).toBeUndefined();
  });

  it('breaks a property when it breaks on one shop, naming that shop and its orders', async () => {
    const race = validateScenario(
      {
        name: 'many-shops-race',
        shop: { plan: 'plus', count: 2 },
        traffic: { customers: 2, phases: [{ arrival: 'spike', durationSeconds: 0, orders: 60 }] },
        pipeline: { name: 'no-mutex', concurrency: 16 },
      },
      'test',
    );
    const report = await runScenario(race);
    const shops = report.shops!;
    const verdict = report.properties!.find((v) => v.property === 'no-lost-updates')!;
    const brokenOn = shops.filter((s) => s.brokenProperties.includes('no-lost-updates'));
    expect(brokenOn.length).toBeGreaterThan(0);
    expect(verdict.holds).toBe(false);
    expect(verdict.detail).toMatch(
      new RegExp(`^broken on ${brokenOn.length} of 2 shops; ${brokenOn[0]!.domain.replaceAll('.', '\\.')}: `),
    );
    expect(verdict.orderIds.length).toBeGreaterThan(0);
    expect(report.customers.lostUpdates).toBe(shops.reduce((n, s) => n + s.lostUpdates, 0));
    expect(report.customers.lostUpdates).toBeGreaterThan(0);
  });

  it('gives the same report byte for byte from the same seed', async () => {
    const a = formatJsonReport(await runScenario(backlog({ count: 2, shares: [1, 3] })));
    const b = formatJsonReport(await runScenario(backlog({ count: 2, shares: [1, 3] })));
    expect(a).toBe(b);
  });

  it('is refused by simulateScenario, which runs one shop', async () => {
    await expect(simulateScenario(backlog({ count: 2 }))).rejects.toThrow(/runs one shop.*runScenario/);
  });

  it('is refused by a live worker, which serves one shop', async () => {
    const deps = { shop: { domain: 'launch.myshopify.com' } } as Parameters<typeof runLiveWorker>[2];
    await expect(runLiveWorker(backlog({ count: 2 }), {}, deps)).rejects.toThrow(
      /shop\.count 2: a live worker serves one shop \(launch\.myshopify\.com\)/,
    );
  });

  it('needs one share per shop', () => {
    expect(() => backlog({ count: 3, shares: [1, 2] })).toThrow(
      /shop\.shares.*one weight per shop: 3 \(got 2\)/,
    );
    expect(() => backlog({ shares: [1, 2] })).toThrow(/needs shop\.count/);
    expect(() => backlog({ count: 1 })).toThrow(/shop\.count/);
  });
});
