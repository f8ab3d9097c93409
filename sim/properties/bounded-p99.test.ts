import { describe, expect, it } from 'vitest';
import { checkBoundedP99 } from './bounded-p99.js';
import { fixtureEvidence, operation } from '../../test/support/evidence-fixture.js';
import { p99Bound } from './p99-bound.js';

/** The report's drain figures the bound reads: 3 calls per order. */
const drain = {
  firstCallMs: 0,
  lastCompletionMs: 0,
  durationMs: 0,
  idealMs: 0,
  ratio: null,
  callsPerOrder: 3,
};

/** 100 orders at t = 0 on standard (40/2), 3 calls each, 8 workers, 100 ms round trips. */
const backlog = (extra: Record<string, unknown> = {}, p99Ms = 0) =>
  fixtureEvidence({
    scenario: {
      name: 'backlog',
      shop: { plan: 'standard' },
      traffic: { customers: 100, phases: [{ arrival: 'spike', durationSeconds: 0, orders: 100 }] },
      ...extra,
    },
    orders: Array.from({ length: 100 }, (_, i) => ({
      id: `so-${String(i + 1).padStart(6, '0')}`,
      customer: i + 1,
    })),
    report: {
      endToEndP99Ms: p99Ms,
      drain,
    },
    history: [
      operation('customer.write', 'so-000100', 400_000, { customerId: '7000000000100', applied: true }),
    ],
  });

/** `count` orders of 3 calls each, order i for `of(i)`'s customer and arriving at its time. */
const spreadOrders = (
  scenario: Record<string, unknown>,
  count: number,
  of: (i: number) => { customer: number; arrivalMs: number },
) =>
  fixtureEvidence({
    scenario,
    orders: Array.from({ length: count }, (_, i) => ({
      id: `so-${String(i + 1).padStart(6, '0')}`,
      ...of(i),
    })),
    report: { drain },
  });

describe('p99Bound', () => {
  it('is 1.3 × the ideal p99 on a fault-free backlog, whatever the run’s pool', () => {
    const bound = p99Bound(backlog());
    // 300 calls: 39 at once (one call of headroom), then one per 500 ms; the 99th order's last call (297th)
    // waits 129 s, and its round trip adds a little.
    expect(bound.idealP99Ms).toBeGreaterThan(129_000);
    expect(bound.idealP99Ms).toBeLessThan(131_000);
    expect(bound).toMatchObject({
      headroomCalls: 1,
      outageMs: 0,
      retryHorizonMs: 0,
      pauseHeldMs: 0,
      faultAllowanceMs: 0,
      // The pool standard needs: ⌈40 / 3⌉ orders to spend the burst.
      idealConcurrency: 14,
      claimed: true,
    });
    expect(bound.boundMs).toBeCloseTo(1.3 * bound.idealP99Ms, 6);
    // The run's own settings do not move it: one worker, one attempt, a long timeout.
    const badly = p99Bound(
      backlog({ pipeline: { concurrency: 1, maxAttempts: 1, requestTimeoutMs: 29_000 } }),
    );
    expect(badly.boundMs).toBe(bound.boundMs);
  });

  it('adds the outage window, one backoff cap and the retry budget’s hold, unmultiplied, to the orders it meets', () => {
    const bound = p99Bound(
      backlog({
        faults: { rules: [{ kind: 'status', status: 503, window: { fromSeconds: 60, toSeconds: 120 } }] },
      }),
    );
    // Every order arrived at 0 and is in flight at 60 s: the p99 order may have done nothing before the
    // window and waits its rest from its arrival, 120 s, then a 30 s cap. An order in flight through it
    // retries as long as the budget grants it: the budget's floor, max(10, orders in flight) = 100, is
    // spent in the outage's last minute (G = 100), and each of the 100 orders then wants 2 retries (a
    // lookup and the create again): G + D = 300 retries go through in ⌈300 / 100⌉ = 3 windows, the first
    // of them the outage's own, so 2 further 60 s windows.
    expect(bound.outageMs).toBe(120_000 + 30_000 + 2 * 60_000);
    // Nothing fails outside the window: no chance retries.
    expect(bound.retryHorizonMs).toBe(0);
    expect(bound.boundMs).toBeCloseTo(1.3 * bound.idealP99Ms + bound.outageMs, 6);
  });

  it('charges a window only to the orders it can meet', () => {
    // The window opens long after the last order's ideal end (about 130 s; 1.3 × that is 169 s).
    const late = p99Bound(
      backlog({
        faults: { rules: [{ kind: 'status', status: 503, window: { fromSeconds: 600, toSeconds: 660 } }] },
      }),
    );
    expect(late.outageMs).toBe(0);
    expect(late.boundMs).toBeCloseTo(1.3 * late.idealP99Ms, 6);
  });

  it('allows the unluckiest order’s retries at the reference’s backoff for chance failures', () => {
    // 100 orders 10 s apart: no backlog. Its 3 calls at 2 % meet more than 3 failures with 2.4 × 10⁻⁶,
    // below the order's share of the run's 10⁻⁵: the ceilings of three retries (0.5 + 1 + 2 s) and three
    // round trips (100 ms) would be 3.8 s. Taking the count and the jittered waits together allows less.
    const spread = spreadOrders(
      {
        name: 'spread',
        shop: { plan: 'standard' },
        traffic: { customers: 100, phases: [{ arrival: 'constant', durationSeconds: 1000, orders: 100 }] },
        faults: { rules: [{ kind: 'status', status: 503, probability: 0.02 }] },
      },
      100,
      (i) => ({ customer: i + 1, arrivalMs: i * 10_000 }),
    );
    const calm = p99Bound(spread).retryHorizonMs;
    expect(calm).toBeGreaterThan(1_000);
    expect(calm).toBeLessThan(3_800);
    // On the backlog every retry asks for a slot again, at the back of a queue up to 129 s long.
    const backlogged = p99Bound(
      backlog({ faults: { rules: [{ kind: 'status', status: 503, probability: 0.02 }] } }),
    ).retryHorizonMs;
    expect(backlogged).toBeGreaterThan(129_000);
  });

  it('adds held time for network pauses, one per expected held request', () => {
    const bound = p99Bound(backlog({ network: { pauses: { probability: 0.01, durationMs: 9_000 } } }));
    // 3 calls at 1 % hold more than 2 of them with chance 10⁻⁶, below the order's share of the run's
    // 10⁻⁵; and behind the customer's lock the waiting order learns of the release up to its next poll's
    // ceiling later (the cap, 250 ms).
    expect(bound.pauseHeldMs).toBe(2 * 9_000 + 250);
    expect(bound.retryHorizonMs).toBe(0);
    // A pause past the 10 s timeout is a failure that hangs: the order's own are in its retries (each
    // the timeout and a backoff), not counted again as pauses — only those of orders ahead on its lock,
    // and here every order has a customer of its own.
    const hung = p99Bound(backlog({ network: { pauses: { probability: 0.01, durationMs: 45_000 } } }));
    expect(hung.pauseHeldMs).toBe(0);
    expect(hung.retryHorizonMs).toBeGreaterThan(2 * 10_000);
  });

  it('counts pauses over the orders that can still be ahead on the customer’s lock, not all its orders', () => {
    const oneCustomer = (gapMs: number) =>
      spreadOrders(
        {
          name: 'one customer',
          shop: { plan: 'standard' },
          network: { roundTripMs: 100, jitterMs: 0, pauses: { probability: 0.01, durationMs: 5_000 } },
          traffic: { customers: 1, phases: [{ arrival: 'constant', durationSeconds: 1000, orders: 20 }] },
        },
        20,
        (i) => ({ customer: 1, arrivalMs: i * gapMs }),
      );
    // 20 orders of one customer 60 s apart: each is done long before the next comes, so none waits behind
    // another's paused call. Its own 3 calls are all held with chance 10⁻⁶, above its share of the run's
    // 10⁻⁵ (5 × 10⁻⁷ over 20 orders): 3 pauses of 5 s, and the poll cap.
    expect(p99Bound(oneCustomer(60_000)).pauseHeldMs).toBe(3 * 5_000 + 250);
    // All at once: the last may wait behind the 19 others' locked calls too (41 calls): 6 pauses.
    expect(p99Bound(oneCustomer(0)).pauseHeldMs).toBe(6 * 5_000 + 250);
  });

  it('claims no bound when the faults need more retries than the budget grants', () => {
    const bound = p99Bound(
      backlog({ faults: { rules: [{ kind: 'status', status: 503, probability: 0.2 }] } }),
    );
    expect(bound.retryShare).toBeCloseTo(0.5, 9);
    expect(bound.claimed).toBe(false);
  });
});

describe('checkBoundedP99', () => {
  it('holds when the p99 is within the bound, showing the derivation', () => {
    const verdict = checkBoundedP99(backlog({}, 130_000));
    expect(verdict).toMatchObject({ property: 'bounded-p99', applies: true, holds: true, orderIds: [] });
    expect(verdict.detail).toMatch(
      /^p99 130\.0 s ≤ bound 1\d\d\.\d s = 1\.3 × \(ideal p99 1[23]\d\.\d s\) *$/,
    );
    expect(verdict.ratio).toBeGreaterThan(0.7);
    expect(verdict.ratio).toBeLessThan(0.8);
  });

  it('holds within the report histogram’s precision of the bound (0.1 % and 1 µs), and not past it', () => {
    const boundMs = p99Bound(backlog()).boundMs;
    expect(checkBoundedP99(backlog({}, boundMs * 1.0009)).holds).toBe(true);
    expect(checkBoundedP99(backlog({}, boundMs * 1.002)).holds).toBe(false);
  });

  it('breaks when the p99 is past the bound, naming the orders slower than it', () => {
    const verdict = checkBoundedP99(backlog({}, 200_000));
    expect(verdict).toMatchObject({ applies: true, holds: false, orderIds: ['so-000100'] });
    expect(verdict.detail).toContain('p99 200.0 s > bound');
    expect(verdict.ratio).toBeGreaterThan(1);
  });

  it('does not apply without orders, nor beyond the retry budget', () => {
    expect(checkBoundedP99(fixtureEvidence())).toMatchObject({
      applies: false,
      holds: true,
      detail: 'no orders',
    });
    const verdict = checkBoundedP99(
      backlog({ faults: { rules: [{ kind: 'status', status: 503, probability: 0.2 }] } }, 1e9),
    );
    expect(verdict).toMatchObject({ applies: false, holds: true });
    expect(verdict.detail).toContain('no bound claimed');
  });
});
