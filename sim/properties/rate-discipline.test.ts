import { describe, expect, it } from 'vitest';
import { fixtureEvidence, operation, type EvidenceParts } from '../../test/support/evidence-fixture.js';
import { checkRateDiscipline } from './rate-discipline.js';

const orders = Array.from({ length: 100 }, (_, i) => ({
  id: `so-${String(i + 1).padStart(6, '0')}`,
  customer: i + 1,
}));

/** 100 orders at t = 0 on `plan`: 300 calls, whose ideal drain on standard takes (300 − 40) / 2 = 130 s. */
const backlog = (
  durationMs: number,
  {
    plan = 'standard',
    concurrency = 8,
    faults,
    ...parts
  }: { plan?: string; concurrency?: number; faults?: unknown } & EvidenceParts = {},
) =>
  fixtureEvidence({
    scenario: {
      name: 'backlog',
      shop: { plan },
      traffic: { customers: 100, phases: [{ arrival: 'spike', durationSeconds: 0, orders: 100 }] },
      pipeline: { concurrency },
      ...(faults !== undefined && { faults }),
    },
    orders,
    ...parts,
    report: {
      api: { calls: 3_000, status429: 0, ...parts.report?.api },
      drain: {
        firstCallMs: 0,
        lastCompletionMs: durationMs,
        durationMs,
        idealMs: 130_000,
        ratio: null,
        callsPerOrder: 3,
      },
    },
  });

/** One clause of the detail, `(a) …`, `(b) …` or `(c) …` (clauses are joined by `; `). */
const clause = (detail: string, label: 'a' | 'b' | 'c') =>
  detail
    .split('; (')
    .map((part, i) => (i === 0 ? part : `(${part}`))
    .find((part) => part.startsWith(`(${label})`));

describe('checkRateDiscipline', () => {
  it('holds on a backlog drained at the leak rate with no 429s', () => {
    const verdict = checkRateDiscipline(backlog(130_400));
    expect(verdict).toMatchObject({ property: 'rate-discipline', applies: true, holds: true, orderIds: [] });
    expect(verdict.detail).toBe(
      '(a) 0 of 3000 calls answered 429 (≤ 3 allowed: 0.1 %, at least 1); ' +
        '(b) drained the backlog in 130.4 s against the ideal 130.0 s (99.69 % of the leak rate; ≤ 132.1 s ' +
        'allowed: ideal / 0.99 + 800 ms of round trips and a slot); ' +
        '(c) does not apply: no simultaneous failures followed by retries',
    );
  });

  it('(a) breaks past 0.1 % of 429s, allows one in a small run, and does not apply to injected 429s', () => {
    const throttled = [operation('order.create', 'so-000007', 1_000, { type: 'fail', status: 429 })];
    const broken = checkRateDiscipline(
      backlog(130_400, { history: throttled, report: { api: { status429: 4 } } }),
    );
    expect(broken).toMatchObject({ holds: false, orderIds: ['so-000007'] });
    expect(clause(broken.detail, 'a')).toBe(
      '(a) 4 of 3000 calls answered 429 (≤ 3 allowed: 0.1 %, at least 1): broken',
    );
    const small = checkRateDiscipline(backlog(130_400, { report: { api: { calls: 30, status429: 1 } } }));
    expect(small.holds).toBe(true);
    const injected = checkRateDiscipline(
      backlog(130_400, {
        faults: { rules: [{ kind: 'throttle', probability: 0.05 }] },
        report: { api: { status429: 400 } },
      }),
    );
    expect(injected.detail).toContain('(a) does not apply: the fault plan injects 429s');
    expect(injected.holds).toBe(true);
  });

  it('(b) breaks on a drain below 99 % of the leak rate', () => {
    const verdict = checkRateDiscipline(backlog(150_000));
    expect(verdict.holds).toBe(false);
    expect(clause(verdict.detail, 'b')).toMatch(
      /^\(b\) drained the backlog in 150\.0 s .*86\.67 % of the leak rate.*: broken$/,
    );
  });

  it('(b) does not apply without a backlog, with faults, or when the workers, not the bucket, limit the drain', () => {
    const single = fixtureEvidence({
      orders: orders.slice(0, 1),
      report: {
        drain: {
          firstCallMs: 0,
          lastCompletionMs: 300,
          durationMs: 300,
          idealMs: 0,
          ratio: null,
          callsPerOrder: 3,
        },
      },
    });
    expect(checkRateDiscipline(single).detail).toContain('(b) does not apply');
    const faulted = backlog(999_000, {
      faults: { rules: [{ kind: 'latency', probability: 1, latency: { distribution: 'fixed', ms: 5 } }] },
    });
    expect(checkRateDiscipline(faulted).detail).toContain('(b) does not apply');
    // Enterprise leaks 40 calls a second; one worker making 3 calls of 100 ms per order manages 10.
    const oneWorker = backlog(30_000, { plan: 'enterprise', concurrency: 1 });
    expect(checkRateDiscipline(oneWorker).detail).toContain('(b) does not apply');
  });

  it('(c) breaks when orders that failed together retry at the same instant', () => {
    const history = [
      operation('order.create', 'so-000001', 100, { type: 'info', status: 503, completeMs: 150 }),
      operation('order.create', 'so-000002', 100, { type: 'info', status: 503, completeMs: 150 }),
      operation('order.lookup', 'so-000001', 700, { invokeMs: 650 }),
      operation('order.lookup', 'so-000002', 700, { invokeMs: 650 }),
    ];
    const verdict = checkRateDiscipline(backlog(130_400, { history }));
    expect(verdict).toMatchObject({ holds: false, orderIds: ['so-000001', 'so-000002'] });
    expect(clause(verdict.detail, 'c')).toBe(
      '(c) 2 failures completed together in 1 groups; 1 times orders retried at the same instant: ' +
        'so-000001 and so-000002 failed at 150 ms, retried at 650 ms: broken',
    );
  });

  it('(c) holds when the retries are spread, and leaves 429s (Retry-After named the instant) alone', () => {
    const failTogether = (status: number) => [
      operation('order.create', 'so-000001', 100, {
        type: status === 429 ? 'fail' : 'info',
        status,
        completeMs: 150,
      }),
      operation('order.create', 'so-000002', 100, {
        type: status === 429 ? 'fail' : 'info',
        status,
        completeMs: 150,
      }),
    ];
    const spread = [
      ...failTogether(503),
      operation('order.lookup', 'so-000001', 700, { invokeMs: 612.25 }),
      operation('order.lookup', 'so-000002', 700, { invokeMs: 431.5 }),
    ];
    const held = checkRateDiscipline(backlog(130_400, { history: spread }));
    expect(held.holds).toBe(true);
    expect(clause(held.detail, 'c')).toBe(
      '(c) 2 failures completed together in 1 groups; their retries went out at distinct instants',
    );
    const told = [
      ...failTogether(429),
      operation('order.create', 'so-000001', 2_200, { invokeMs: 2_150 }),
      operation('order.create', 'so-000002', 2_200, { invokeMs: 2_150 }),
    ];
    expect(
      checkRateDiscipline(backlog(130_400, { history: told, report: { api: { status429: 2 } } })).detail,
    ).toContain('(c) does not apply');
  });

  it('does not apply when no clause does', () => {
    const verdict = checkRateDiscipline(
      fixtureEvidence({
        scenario: {
          name: 'x',
          shop: { plan: 'basic' },
          traffic: { phases: [{ arrival: 'spike', durationSeconds: 0, orders: 1 }] },
          faults: { rules: [{ kind: 'throttle', probability: 0.5 }] },
        },
      }),
    );
    expect(verdict).toMatchObject({ applies: false, holds: true });
  });
});
