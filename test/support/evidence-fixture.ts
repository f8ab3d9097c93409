import { defaultLoyaltyTarget } from '../../mocks/loyalty-metafield.js';
import { MetafieldStore } from '../../mocks/metafield-store.js';
import { CustomerStore, defaultCustomerStoreOptions } from '../../mocks/customer-store.js';
import { OrderStore } from '../../mocks/order-store.js';
import { reportVersion, type LatencySummary, type RunReport } from '../../reports/report-model.js';
import { validateScenario } from '../../scenarios/validate-scenario.js';
import type { HistoryOperation } from '../../sim/history.js';
import type { Delivery, GiveUp, RunEvidence } from '../../sim/properties/run-evidence.js';

/** The shop customer id of traffic customer `n` (1 …), as the simulator numbers them. */
export function customerId(n: number): number {
  return defaultCustomerStoreOptions.firstCustomerId + n - 1;
}

/** A source order of a hand-built run. */
export interface FixtureOrder {
  id: string;
  /** Traffic customer number, 1 …. Defaults to 1. */
  customer?: number;
  /** Defaults to 1,000 ($10.00). */
  cents?: number;
  /** Defaults to 0. */
  arrivalMs?: number;
}

/** What a hand-built run holds; every part has a default. */
export interface EvidenceParts {
  /** The scenario document (validated); defaults to one standard-plan spike of the orders' count. */
  scenario?: Record<string, unknown>;
  orders?: FixtureOrder[];
  /** Defaults to one delivery per order at its arrival. */
  deliveries?: Delivery[];
  /** Orders in the shop (a source id twice is a duplicate; none: an unattributed order). */
  shopOrders?: { sourceId?: string; customer?: number; cents?: number }[];
  /** Customers' running totals as the shop ends with them. */
  customerTotals?: { customer: number; cents: number; count: number }[];
  deadLetters?: GiveUp[];
  customerDeadLetters?: GiveUp[];
  /** Operations without their `index` (given in order). */
  history?: Omit<HistoryOperation, 'index'>[];
  /** Overrides of the report's figures. */
  report?: {
    api?: Partial<RunReport['api']>;
    drain?: RunReport['drain'];
    endToEndP99Ms?: number;
  };
}

/**
 * A hand-built {@link RunEvidence} for the checkers' unit tests: a real order store and customer store
 * (the shop's final state), a validated scenario, and a report with only the figures the checkers read.
 */
export function fixtureEvidence(parts: EvidenceParts = {}): RunEvidence {
  const orders = (parts.orders ?? []).map((o) => ({
    id: o.id,
    arrivalMs: o.arrivalMs ?? 0,
    customerId: `cust-${String(o.customer ?? 1).padStart(4, '0')}`,
    customerNumber: o.customer ?? 1,
    totalCents: o.cents ?? 1_000,
  }));
  const scenario = validateScenario(
    parts.scenario ?? {
      name: 'fixture',
      shop: { plan: 'standard' },
      traffic: {
        customers: 10,
        phases: [{ arrival: 'spike', durationSeconds: 0, orders: Math.max(1, orders.length) }],
      },
    },
    'fixture',
  );
  const orderStore = new OrderStore();
  for (const order of parts.shopOrders ?? []) {
    orderStore.add(
      {
        lineItems: [{ title: 'Item', priceCents: order.cents ?? 1_000, quantity: 1 }],
        noteAttributes:
          order.sourceId === undefined ? [] : [{ name: 'source_order_id', value: order.sourceId }],
        tags: 'funnelstorm',
        customerId: String(customerId(order.customer ?? 1)),
      },
      0,
    );
  }
  const customers = new CustomerStore({ count: 300 });
  // The loyalty metafield each customer holds (the default read-modify-write target, loyalty-metafield.ts).
  const metafields = new MetafieldStore();
  for (const { customer, cents, count } of parts.customerTotals ?? []) {
    const value = JSON.stringify({ points: cents, orders: count });
    metafields.set(
      'Customer',
      customerId(customer),
      { ...defaultLoyaltyTarget, type: 'json', value },
      0,
      true,
    );
  }
  const latency = (p99: number): LatencySummary => ({
    count: orders.length,
    mean: p99,
    p50: p99,
    p90: p99,
    p99,
    max: p99,
  });
  const api: RunReport['api'] = {
    calls: 0,
    status429: 0,
    callsPerSecond: 0,
    leakPerSecond: scenario.shop.leakPerSecond,
    leakUtilisation: 0,
    status429Share: 0,
    retries: 0,
    retryPeakPer100Ms: 0,
    ...parts.report?.api,
  };
  const report: RunReport = {
    funnelstormReport: reportVersion,
    seed: scenario.seed,
    scenario: { name: scenario.name, resolved: scenario },
    shop: {
      plan: scenario.shop.plan,
      bucketSize: scenario.shop.bucketSize,
      leakPerSecond: scenario.shop.leakPerSecond,
    },
    pipeline: { name: scenario.pipeline.name, concurrency: scenario.pipeline.concurrency },
    orders: {
      generated: orders.length,
      created: 0,
      duplicates: 0,
      missing: 0,
      deadLettered: 0,
      unattributed: 0,
      unexpected: 0,
    },
    customers: { checked: 0, lostUpdates: 0, deadLettered: 0 },
    api,
    drain: parts.report?.drain ?? null,
    latencyMs: { endToEnd: latency(parts.report?.endToEndP99Ms ?? 0), apiCall: latency(0) },
    virtualDurationMs: 0,
    events: 0,
    deadLetters: [],
  };
  return {
    scenario,
    orders,
    deliveries: parts.deliveries ?? orders.map((o) => ({ sourceOrderId: o.id, atMs: o.arrivalMs })),
    shop: { domain: 'fixture.myshopify.com', orders: orderStore, customers, metafields },
    deadLetters: parts.deadLetters ?? [],
    customerDeadLetters: parts.customerDeadLetters ?? [],
    history: (parts.history ?? []).map((operation, index) => ({ ...operation, index })),
    report,
  };
}

/** A history operation that reached the shop at `shopMs` and completed 50 ms later (ok unless said). */
export function operation(
  kind: HistoryOperation['kind'],
  sourceOrderId: string,
  shopMs: number,
  fields: Partial<Omit<HistoryOperation, 'index' | 'kind' | 'sourceOrderId'>> = {},
): Omit<HistoryOperation, 'index'> {
  return {
    kind,
    sourceOrderId,
    invokeMs: shopMs - 50,
    shopMs,
    applied: false,
    completeMs: shopMs + 50,
    type: 'ok',
    status: 200,
    ...fields,
  };
}
