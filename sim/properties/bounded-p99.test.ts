import { describe, expect, it } from 'vitest';
import { checkBoundedP99 } from './bounded-p99.js';
import { fixtureEvidence, operation } from '../../test/support/evidence-fixture.js';
import { p99Bound } from './p99-bound.js';

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
      drain: {
        firstCallMs: 0,
        lastCompletionMs: 0,
        durationMs: 0,
        idealMs: 0,
        ratio: null,
        callsPerOrder: 3,
      },
    },
    history: [
      operation('customer.write', 'so-000100', 400_000, { customerId: '7000000000100', applied: true }),
    ],
  });

describe('p99Bound', () => {
  it('is 1.3 × the ideal p99 and the pacing allowance on a fault-free backlog, whatever the run’s pool', () => {
    const bound = p99Bound(backlog());
    // 300 calls: 40 at once, then one per 500 ms; the 99th order's last call (297th) waits 128.5 s, and
    // 8 workers with 3 round trips per order add a little.
    expect(bound.idealP99Ms).toBeGreaterThan(128_500);
    expect(bound.idealP99Ms).toBeLessThan(130_000);
    expect(bound).toMatchObject({
      pacingMs: 1_500,
      outageMs: 0,
      retryHorizonMs: 0,
      pauseHeldMs: 0,
      faultAllowanceMs: 0,
      // The pool standard needs: ⌈40 / 3⌉ orders to spend the burst.
      idealConcurrency: 14,
      claimed: true,
    });
    expect(bound.boundMs).toBeCloseTo(1.3 * (bound.idealP99Ms + 1_500), 6);
    // The run's own settings do not move it: one worker, one attempt, a long timeout.
    const badly = p99Bound(
      backlog({ pipeline: { concurrency: 1, maxAttempts: 1, requestTimeoutMs: 29_000 } }),
    );
    expect(badly.boundMs).toBe(bound.boundMs);
  });

  it('adds the outage window, one backoff cap and the retry budget’s hold, unmultiplied', () => {
    const bound = p99Bound(
      backlog({
        faults: { rules: [{ kind: 'status', status: 503, window: { fromSeconds: 60, toSeconds: 120 } }] },
      }),
    );
    // 60 s of outage and a 30 s cap. An order in flight through it retries while the mean waits fit in
    // 60 s: the create's seven (0.25 + 0.5 + 1 + 2 + 4 + 8 + 15 s), then the customer stage's six more
    // (15.75 s), and once to learn it is over: 14. The budget's floor, max(10, orders in flight), then
    // holds them ⌈14⌉ − 1 = 13 further 60 s windows.
    expect(bound.outageMs).toBe(60_000 + 30_000 + 13 * 60_000);
    // Nothing fails outside the window: no chance retries.
    expect(bound.retryHorizonMs).toBe(0);
    expect(bound.boundMs).toBeCloseTo(1.3 * (bound.idealP99Ms + bound.pacingMs) + bound.outageMs, 6);
  });

  it('allows the unluckiest order’s retries at the reference’s backoff for chance failures', () => {
    const bound = p99Bound(
      backlog({ faults: { rules: [{ kind: 'status', status: 503, probability: 0.02 }] } }),
    );
    // 4 attempts (⌈3 / 0.98⌉) at 2 %: P(more than 1 failure) = 0.0023 > 10⁻³ ≥ P(more than 2), so two
    // retries: ceilings of 500 ms and 1 s, each with a 100 ms round trip.
    expect(bound.retryHorizonMs).toBe(1_700);
  });

  it('adds held time for network pauses, one per expected held request', () => {
    const bound = p99Bound(backlog({ network: { pauses: { probability: 0.01, durationMs: 45_000 } } }));
    // Pauses past the 10 s timeout cost the timeout; 3 calls at 1 % hold at most 2 of them 99.99 % of the
    // time; and behind the customer's lock each costs the waiting order 3 × as much.
    expect(bound.pauseHeldMs).toBe(3 * 20_000);
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
      /^p99 130\.0 s ≤ bound 1\d\d\.\d s = 1\.3 × \(ideal p99 12\d\.\d s \+ pacing 1\.5 s\) *$/,
    );
    expect(verdict.ratio).toBeGreaterThan(0.7);
    expect(verdict.ratio).toBeLessThan(0.8);
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
