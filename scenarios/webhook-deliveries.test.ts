import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import { generateOrders, type SourceOrder } from './arrivals.js';
import { defaultWebhookSettings, type TrafficSettings, type WebhookSettings } from './scenario-types.js';
import { generateDeliveries, type WebhookDelivery } from './webhook-deliveries.js';

const traffic: TrafficSettings = {
  customers: 50,
  phases: [{ name: 'steady', arrival: 'poisson', durationSeconds: 3600, orders: 5000 }],
};

/** The orders of `traffic` and their deliveries under `webhooks`, from one seed's traffic stream. */
function deliver(webhooks: Partial<WebhookSettings> | undefined, seed = 1, settings = traffic) {
  const stream = createRandom(seed).fork('traffic');
  const orders = generateOrders(settings, stream);
  const resolved = webhooks && { ...defaultWebhookSettings, ...webhooks };
  return { orders, deliveries: generateDeliveries(orders, resolved, stream) };
}

/** Each order's deliveries, in time order. */
function byOrder(deliveries: readonly WebhookDelivery[]): Map<string, number[]> {
  const times = new Map<string, number[]>();
  for (const { sourceOrderId, atMs } of deliveries)
    times.set(sourceOrderId, [...(times.get(sourceOrderId) ?? []), atMs]);
  return times;
}

const arrivalOf = (orders: readonly SourceOrder[]) => new Map(orders.map((o) => [o.id, o.arrivalMs]));

describe('generateDeliveries', () => {
  it('delivers each order once, at its arrival, in arrival order, without a webhooks section', () => {
    const { orders, deliveries } = deliver(undefined);
    expect(deliveries).toEqual(orders.map((o) => ({ sourceOrderId: o.id, atMs: o.arrivalMs })));
  });

  it('delivers exactly as without the section when both shares are 0', () => {
    expect(deliver({}).deliveries).toEqual(deliver(undefined).deliveries);
  });

  it('duplicates about duplicateShare of the orders, the second delivery within (0, duplicateDelaySeconds] of the first', () => {
    const { orders, deliveries } = deliver({ duplicateShare: 0.2, duplicateDelaySeconds: 30 });
    const times = byOrder(deliveries);
    const twice = [...times.values()].filter((t) => t.length === 2);
    expect([...times.values()].every((t) => t.length === 1 || t.length === 2)).toBe(true);
    expect(times.size).toBe(orders.length);
    // 5,000 orders at 0.2: σ ≈ 28 orders, a ±5σ band.
    expect(twice.length).toBeGreaterThan(860);
    expect(twice.length).toBeLessThan(1_140);
    expect(deliveries).toHaveLength(orders.length + twice.length);
    for (const [first, second] of twice) {
      expect(second! - first!).toBeGreaterThan(0);
      expect(second! - first!).toBeLessThanOrEqual(30_000);
    }
    // Not late: the first delivery is the arrival.
    const arrival = arrivalOf(orders);
    for (const [id, [first]] of times) expect(first).toBe(arrival.get(id));
  });

  it('makes about lateShare of the first deliveries late, by (0, lateDelaySeconds]', () => {
    const { orders, deliveries } = deliver({ lateShare: 0.1, lateDelaySeconds: 120 });
    expect(deliveries).toHaveLength(orders.length);
    const arrival = arrivalOf(orders);
    const lateness = deliveries.map((d) => d.atMs - arrival.get(d.sourceOrderId)!);
    const late = lateness.filter((ms) => ms > 0);
    expect(lateness.every((ms) => ms >= 0 && ms <= 120_000)).toBe(true);
    // 5,000 orders at 0.1: σ ≈ 21 orders, a ±5σ band.
    expect(late.length).toBeGreaterThan(395);
    expect(late.length).toBeLessThan(605);
    // Uniform over (0, 120 s]: the mean lateness is near 60 s.
    const mean = late.reduce((a, b) => a + b, 0) / late.length;
    expect(mean).toBeGreaterThan(54_000);
    expect(mean).toBeLessThan(66_000);
  });

  it('sorts every delivery by time, a duplicate after its first', () => {
    const { deliveries } = deliver({ duplicateShare: 0.5, lateShare: 0.5 });
    for (let i = 1; i < deliveries.length; i++)
      expect(deliveries[i]!.atMs).toBeGreaterThanOrEqual(deliveries[i - 1]!.atMs);
  });

  it('keeps ties in order: a backlog at t=0 is delivered in order id order, duplicates after', () => {
    const backlog: TrafficSettings = {
      customers: 5,
      phases: [{ name: 'backlog', arrival: 'spike', durationSeconds: 0, orders: 300 }],
    };
    const { orders, deliveries } = deliver({ duplicateShare: 0.3 }, 1, backlog);
    const atZero = deliveries.filter((d) => d.atMs === 0).map((d) => d.sourceOrderId);
    expect(atZero).toEqual(orders.map((o) => o.id));
  });

  it('repeats the order id on a duplicate, and gives the same deliveries for the same seed', () => {
    const first = deliver({ duplicateShare: 0.3, lateShare: 0.1 }, 7).deliveries;
    expect(deliver({ duplicateShare: 0.3, lateShare: 0.1 }, 7).deliveries).toEqual(first);
    expect(deliver({ duplicateShare: 0.3, lateShare: 0.1 }, 8).deliveries).not.toEqual(first);
    const ids = first.map((d) => d.sourceOrderId);
    expect(new Set(ids).size).toBeLessThan(ids.length);
  });

  it('only adds duplicated orders when duplicateShare rises, and leaves lateness alone', () => {
    const duplicated = (share: number) =>
      [...byOrder(deliver({ duplicateShare: share, lateShare: 0.1 }).deliveries)]
        .filter(([, times]) => times.length === 2)
        .map(([id, times]) => [id, times[0]] as const);
    const fewer = duplicated(0.1);
    const more = new Map(duplicated(0.3));
    expect(more.size).toBeGreaterThan(fewer.length);
    for (const [id, firstMs] of fewer) expect(more.get(id)).toBe(firstMs);
  });

  it('draws from its own fork: the traffic stream gives the same orders after it drew deliveries', () => {
    const { orders } = deliver(undefined);
    const stream = createRandom(1).fork('traffic');
    generateDeliveries(orders, { ...defaultWebhookSettings, duplicateShare: 0.5, lateShare: 0.5 }, stream);
    expect(generateOrders(traffic, stream)).toEqual(orders);
  });
});
