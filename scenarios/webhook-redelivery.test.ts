import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import { generateOrders } from './arrivals.js';
import {
  defaultWebhookSettings,
  shopifyRetryScheduleSeconds,
  type TrafficSettings,
  type WebhookSettings,
} from './scenario-types.js';
import { validateScenario } from './validate-scenario.js';
import { planDeliveries } from './webhook-deliveries.js';

const traffic: TrafficSettings = {
  customers: 50,
  phases: [{ name: 'steady', arrival: 'constant', durationSeconds: 600, orders: 600 }],
};

function plan(webhooks: Partial<WebhookSettings>, seed = 1) {
  const stream = createRandom(seed).fork('traffic');
  const orders = generateOrders(traffic, stream);
  return { orders, ...planDeliveries(orders, { ...defaultWebhookSettings, ...webhooks }, stream) };
}

/** Each order's delivery times, in ms. */
function byOrder(deliveries: readonly { sourceOrderId: string; atMs: number }[]): Map<string, number[]> {
  const times = new Map<string, number[]>();
  for (const { sourceOrderId, atMs } of deliveries)
    times.set(sourceOrderId, [...(times.get(sourceOrderId) ?? []), atMs]);
  return times;
}

describe("Shopify's redelivery", () => {
  it('is 8 retries over 4 hours, each wait double the one before', () => {
    expect(shopifyRetryScheduleSeconds).toHaveLength(8);
    expect(shopifyRetryScheduleSeconds.at(-1)).toBe(14_400);
    const waits = shopifyRetryScheduleSeconds.map((s, i) => s - (shopifyRetryScheduleSeconds[i - 1] ?? 0));
    for (let i = 1; i < waits.length; i++) expect(waits[i]! / waits[i - 1]!).toBeCloseTo(2, 2);
  });

  it('retries every attempt made during an intake outage on the schedule, and nothing else', () => {
    const outage = { startSeconds: 100, durationSeconds: 120 };
    const { orders, deliveries, redelivery } = plan({ intakeOutages: [outage] });
    const times = byOrder(deliveries);
    let failed = 0;
    for (const order of orders) {
      const got = times.get(order.id)!;
      expect(got).toHaveLength(1);
      const down = (ms: number) => ms >= 100_000 && ms < 220_000;
      // The first attempt that falls outside the outage is the one delivered.
      const attempts = [0, ...shopifyRetryScheduleSeconds].map((s) => order.arrivalMs + s * 1000);
      expect(got[0]).toBe(attempts.find((ms) => !down(ms)));
      failed += attempts.indexOf(got[0]!);
    }
    // 120 orders arrive in the outage (one a second); those from 163 s on are down again at their first retry.
    expect(redelivery).toEqual({ failedAttempts: failed, slowAnswers: 0, redelivered: 120, abandoned: [] });
    expect(failed).toBeGreaterThan(120);
    // Still in time order.
    expect(deliveries.map((d) => d.atMs)).toEqual([...deliveries.map((d) => d.atMs)].sort((a, b) => a - b));
  });

  it('gives up after the last retry: an intake down for longer than 4 hours loses the webhook', () => {
    const { orders, deliveries, redelivery } = plan({
      intakeOutages: [{ startSeconds: 0, durationSeconds: 5 * 3600 }],
    });
    expect(deliveries).toEqual([]);
    expect(redelivery?.abandoned).toEqual(orders.map((o) => o.id));
    expect(redelivery?.failedAttempts).toBe(orders.length * 9);
  });

  it('delivers a slow answer again: the pipeline gets about slowShare of the orders twice', () => {
    const { orders, deliveries, redelivery } = plan({ slowShare: 0.2 });
    const times = byOrder(deliveries);
    const twice = [...times.values()].filter((t) => t.length > 1).length;
    // 600 orders at 0.2 (plus 4 % slow again): σ ≈ 10, a ±5σ band around 120.
    expect(twice).toBeGreaterThan(70);
    expect(twice).toBeLessThan(180);
    expect(redelivery?.slowAnswers).toBe(deliveries.length - orders.length);
    expect(redelivery?.redelivered).toBe(deliveries.length - orders.length);
    for (const order of orders) {
      const got = times.get(order.id)!;
      expect(got[0]).toBe(order.arrivalMs);
      if (got.length > 1) expect(got[1]! - got[0]!).toBeCloseTo(shopifyRetryScheduleSeconds[0]! * 1000, 6);
    }
  });

  it('delivers out of order within reorderWindowSeconds, each order once', () => {
    const { orders, deliveries, redelivery } = plan({ reorderWindowSeconds: 5 });
    expect(redelivery).toBeUndefined();
    const arrival = new Map(orders.map((o) => [o.id, o.arrivalMs]));
    let swapped = 0;
    let previous = -1;
    for (const { sourceOrderId, atMs } of deliveries) {
      const shift = atMs - arrival.get(sourceOrderId)!;
      expect(shift).toBeGreaterThanOrEqual(0);
      expect(shift).toBeLessThan(5_000);
      const index = Number(sourceOrderId.slice(3));
      if (index < previous) swapped++;
      previous = index;
    }
    expect(deliveries).toHaveLength(orders.length);
    // One order a second and a 5 s window: most deliveries overtake or are overtaken.
    expect(swapped).toBeGreaterThan(100);
  });

  it('follows a retry schedule given in the file', () => {
    const { orders, deliveries } = plan({
      intakeOutages: [{ startSeconds: 0, durationSeconds: 30 }],
      retryScheduleSeconds: [10, 20, 40],
    });
    const first = byOrder(deliveries).get(orders[0]!.id);
    expect(first).toEqual([orders[0]!.arrivalMs + 40_000]);
  });
});

describe('the new scenario keys', () => {
  const base = {
    name: 'keys',
    shop: { plan: 'standard' },
    traffic: { phases: [{ arrival: 'spike', durationSeconds: 0, orders: 1 }] },
  };
  const validate = (extra: Record<string, unknown>, webhooks?: Record<string, unknown>) =>
    validateScenario(
      { ...base, ...extra, ...(webhooks && { traffic: { ...base.traffic, webhooks } }) },
      'keys.yaml',
    );

  it('refuses a bad value, naming the key', () => {
    expect(() => validate({ store: { roundTripMs: -1 } })).toThrow(/keys\.yaml.*store\.roundTripMs/s);
    expect(() => validate({ store: { roundTrip: 1 } })).toThrow(/store.*roundTrip/s);
    expect(() => validate({}, { intakeOutages: [{ startSeconds: 10, durationSeconds: 0 }] })).toThrow(
      /traffic\.webhooks\.intakeOutages\[0\]\.durationSeconds must be > 0/,
    );
    expect(() => validate({}, { retryScheduleSeconds: [60, 30] })).toThrow(
      /traffic\.webhooks\.retryScheduleSeconds.*ascending/s,
    );
    expect(() => validate({}, { slowShare: 1.5 })).toThrow(/traffic\.webhooks\.slowShare/);
  });

  it('leaves them out of the resolved scenario when the file has none', () => {
    const scenario = validate({}, {});
    expect(scenario.store).toBeUndefined();
    expect(Object.keys(scenario.traffic.webhooks!).sort()).toEqual([
      'duplicateDelaySeconds',
      'duplicateShare',
      'lateDelaySeconds',
      'lateShare',
    ]);
  });
});
