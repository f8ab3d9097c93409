import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import { basketCentsMax, basketCentsMin, generateOrders } from './arrivals.js';
import type { TrafficPhase, TrafficSettings } from './scenario-types.js';

const launch: TrafficSettings = {
  customers: 100,
  phases: [
    { name: 'pre-launch', arrival: 'poisson', durationSeconds: 600, orders: 50 },
    { name: 'launch', arrival: 'spike', durationSeconds: 300, orders: 600, halfLifeSeconds: 60 },
    { name: 'tail', arrival: 'poisson', durationSeconds: 2700, orders: 350 },
  ],
};

function ordersOf(traffic: TrafficSettings, seed = 1): ReturnType<typeof generateOrders> {
  return generateOrders(traffic, createRandom(seed).fork('traffic'));
}

function single(phase: Omit<TrafficPhase, 'name'>): TrafficSettings {
  return { customers: 10, phases: [{ name: 'only', ...phase }] };
}

describe('generateOrders', () => {
  it('generates exactly the orders of `orders` phases, each within its phase and sorted', () => {
    const orders = ordersOf(launch);
    expect(orders).toHaveLength(1000);
    const inPhase = (fromS: number, toS: number): number =>
      orders.filter((o) => o.arrivalMs >= fromS * 1000 && o.arrivalMs < toS * 1000).length;
    expect(inPhase(0, 600)).toBe(50);
    expect(inPhase(600, 900)).toBe(600);
    expect(inPhase(900, 3600)).toBe(350);
    for (let i = 1; i < orders.length; i++)
      expect(orders[i]!.arrivalMs).toBeGreaterThanOrEqual(orders[i - 1]!.arrivalMs);
  });

  it('numbers orders in arrival order and draws plausible customers and baskets', () => {
    const orders = ordersOf(launch);
    expect(orders[0]?.id).toBe('so-000001');
    expect(orders[999]?.id).toBe('so-001000');
    for (const order of orders) {
      expect(order.customerId).toMatch(/^cust-\d{4}$/);
      const customer = Number(order.customerId.slice(5));
      expect(order.customerNumber).toBe(customer);
      expect(customer).toBeGreaterThanOrEqual(1);
      expect(customer).toBeLessThanOrEqual(100);
      expect(Number.isInteger(order.totalCents)).toBe(true);
      expect(order.totalCents).toBeGreaterThanOrEqual(basketCentsMin);
      expect(order.totalCents).toBeLessThanOrEqual(basketCentsMax);
    }
    expect(new Set(orders.map((o) => o.customerId)).size).toBeGreaterThan(90);
  });

  it('puts about half of a spike with a half-life in its first half-life', () => {
    const orders = ordersOf(
      single({ arrival: 'spike', durationSeconds: 600, orders: 4000, halfLifeSeconds: 60 }),
    );
    const firstHalfLife = orders.filter((o) => o.arrivalMs < 60_000).length / orders.length;
    // Truncation at 10 half-lives lifts the exact share to 0.5 / (1 − 2^−10) ≈ 0.5005; σ ≈ 0.008 here.
    expect(firstHalfLife).toBeGreaterThan(0.45);
    expect(firstHalfLife).toBeLessThan(0.55);
    expect(orders.every((o) => o.arrivalMs >= 0 && o.arrivalMs <= 600_000)).toBe(true);
  });

  it('puts every order of a spike without a half-life at the phase start', () => {
    const traffic: TrafficSettings = {
      customers: 10,
      phases: [
        { name: 'warm-up', arrival: 'constant', durationSeconds: 5, orders: 5 },
        { name: 'backlog', arrival: 'spike', durationSeconds: 0, orders: 20 },
      ],
    };
    const orders = ordersOf(traffic);
    expect(orders.slice(5).every((o) => o.arrivalMs === 5000)).toBe(true);
  });

  it('spaces a constant rate exactly and ends before the duration', () => {
    const orders = ordersOf(single({ arrival: 'constant', durationSeconds: 2, ratePerSecond: 4 }));
    expect(orders.map((o) => o.arrivalMs)).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750]);
  });

  it('spaces a constant count evenly over the phase', () => {
    const orders = ordersOf(single({ arrival: 'constant', durationSeconds: 10, orders: 4 }));
    expect(orders.map((o) => o.arrivalMs)).toEqual([0, 2500, 5000, 7500]);
  });

  it('draws a Poisson rate whose count is near rate × duration, all within the phase', () => {
    const orders = ordersOf(single({ arrival: 'poisson', durationSeconds: 1000, ratePerSecond: 5 }));
    // Mean 5000, σ ≈ 71: a ±6σ band.
    expect(orders.length).toBeGreaterThan(4570);
    expect(orders.length).toBeLessThan(5430);
    expect(orders.every((o) => o.arrivalMs >= 0 && o.arrivalMs < 1_000_000)).toBe(true);
  });

  it('gives identical orders for the same seed and different ones for a different seed', () => {
    expect(ordersOf(launch, 7)).toEqual(ordersOf(launch, 7));
    const other = ordersOf(launch, 8);
    expect(other.map((o) => o.arrivalMs)).not.toEqual(ordersOf(launch, 7).map((o) => o.arrivalMs));
  });

  it('keeps arrival times when only the customer count changes, as customers have their own stream', () => {
    const fewer = ordersOf({ ...launch, customers: 3 });
    const base = ordersOf(launch);
    expect(fewer.map((o) => o.arrivalMs)).toEqual(base.map((o) => o.arrivalMs));
    expect(fewer.map((o) => o.totalCents)).toEqual(base.map((o) => o.totalCents));
    expect(fewer.map((o) => o.customerId)).not.toEqual(base.map((o) => o.customerId));
  });

  it('picks customers exactly as without a skew when customerSkew is 0', () => {
    expect(ordersOf({ ...launch, customerSkew: 0 })).toEqual(ordersOf(launch));
    expect(ordersOf({ ...launch, customerSkew: 0 }, 5)).toEqual(ordersOf(launch, 5));
  });

  it('gives customer 1 about 1/H(n) of the orders at customerSkew 1 (n=100, 1,000 orders, seed=1)', () => {
    const orders = ordersOf({ ...launch, customerSkew: 1 });
    let harmonic = 0;
    for (let k = 1; k <= 100; k++) harmonic += 1 / k;
    const share = orders.filter((o) => o.customerNumber === 1).length / orders.length;
    // 1/H(100) ≈ 0.193, σ ≈ 0.0125 at 1,000 orders: a ±5σ band.
    expect(share).toBeGreaterThan(1 / harmonic - 0.0625);
    expect(share).toBeLessThan(1 / harmonic + 0.0625);
    expect(orders.every((o) => o.customerNumber >= 1 && o.customerNumber <= 100)).toBe(true);
    expect(orders.every((o) => o.customerId === `cust-${String(o.customerNumber).padStart(4, '0')}`)).toBe(
      true,
    );
  });

  it('keeps arrival times and baskets when only the customer skew changes', () => {
    const skewed = ordersOf({ ...launch, customerSkew: 1.5 });
    const base = ordersOf(launch);
    expect(skewed.map((o) => o.arrivalMs)).toEqual(base.map((o) => o.arrivalMs));
    expect(skewed.map((o) => o.totalCents)).toEqual(base.map((o) => o.totalCents));
    expect(skewed.map((o) => o.customerId)).not.toEqual(base.map((o) => o.customerId));
  });

  it("keeps a later phase's arrival times when an earlier phase's count changes", () => {
    const changed = ordersOf({
      ...launch,
      phases: [{ ...launch.phases[0]!, orders: 20 }, ...launch.phases.slice(1)],
    });
    const base = ordersOf(launch);
    expect(changed.slice(20).map((o) => o.arrivalMs)).toEqual(base.slice(50).map((o) => o.arrivalMs));
  });
});
