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
  it('is the slack times the ideal p99 and the pacing allowance on a fault-free backlog', () => {
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
      claimed: true,
    });
    expect(bound.boundMs).toBeCloseTo(2.5 * (bound.idealP99Ms + 1_500), 6);
  });

  it('adds the outage windows and one retry horizon when calls can fail', () => {
    const bound = p99Bound(
      backlog({
        faults: { rules: [{ kind: 'status', status: 503, window: { fromSeconds: 60, toSeconds: 120 } }] },
      }),
    );
    // Backoff ceilings 0.5 + 1 + 2 + 4 + 8 + 16 + 30 s for 7 retries, and 8 timeouts of 10 s.
    expect(bound).toMatchObject({ outageMs: 60_000, retryHorizonMs: 141_500 });
  });

  it('adds held time for network pauses, one per expected held request', () => {
    const bound = p99Bound(backlog({ network: { pauses: { probability: 0.01, durationMs: 45_000 } } }));
    // Pauses past the 10 s timeout cost the timeout; 3 calls at 1 % hold at most 2 of them 99.99 % of the time.
    expect(bound.pauseHeldMs).toBe(20_000);
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
      /^p99 130\.0 s ≤ bound 3\d\d\.\d s = 2\.5 × \(ideal p99 12\d\.\d s \+ pacing 1\.5 s\)$/,
    );
  });

  it('breaks when the p99 is past the bound, naming the orders slower than it', () => {
    const verdict = checkBoundedP99(backlog({}, 400_000));
    expect(verdict).toMatchObject({ applies: true, holds: false, orderIds: ['so-000100'] });
    expect(verdict.detail).toContain('p99 400.0 s > bound');
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
