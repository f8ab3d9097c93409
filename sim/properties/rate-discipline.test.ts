import { describe, expect, it } from 'vitest';
import { fixtureEvidence, operation, type EvidenceParts } from '../../test/support/evidence-fixture.js';
import { atLeastChance, checkRateDiscipline } from './rate-discipline.js';

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
    history: parts.history ?? drainedEvery(500),
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

/**
 * The shop's side of the backlog drained every `intervalMs` after the burst: 40 calls at once, then one
 * call every `intervalMs` until all 300 are in (each reaching the shop 50 ms after it is sent).
 */
const drainedEvery = (intervalMs: number) =>
  Array.from({ length: 300 }, (_, i) =>
    operation('order.create', orders[i % 100]?.id ?? 'so-000001', 50 + Math.max(0, i - 39) * intervalMs),
  );

/** 1 % 503s: the drain clause (b) then does not apply, so (c) is judged alone. */
const chanceFailures = { rules: [{ kind: 'status', status: 503, probability: 0.01 }] };

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
    expect(clause(verdict.detail, 'a')).toBe(
      "(a) 0 of 3000 calls answered 429 by the shop's own bucket (≤ 3 allowed: 0.1 %, at least 1; injected 429s aside)",
    );
    expect(clause(verdict.detail, 'b')).toMatch(
      /^\(b\) 2\d\d calls reached the shop in the 1\d\d\.\d s backlog against the ideal 2\d\d \(\d+\.\d\d %; ≥ \d+ asked/,
    );
    expect(clause(verdict.detail, 'c')).toBe('(c) does not apply: no shared failures followed by retries');
  });

  it('(a) counts the shop’s own 429s in every run, injected ones aside, and excuses those inside a limits cut', () => {
    const throttled = [
      ...drainedEvery(500),
      operation('order.create', 'so-000007', 1_000, { type: 'fail', status: 429 }),
    ];
    const broken = checkRateDiscipline(
      backlog(130_400, { history: throttled, report: { api: { status429: 4 } } }),
    );
    expect(broken).toMatchObject({ holds: false, orderIds: ['so-000007'] });
    expect(clause(broken.detail, 'a')).toBe(
      "(a) 4 of 3000 calls answered 429 by the shop's own bucket (≤ 3 allowed: 0.1 %, at least 1; injected 429s aside): broken",
    );
    const small = checkRateDiscipline(backlog(130_400, { report: { api: { calls: 30, status429: 1 } } }));
    expect(small.holds).toBe(true);
    // A plan that injects 429s does not switch the clause off: the shop's own 429s still count.
    const injected = checkRateDiscipline(
      backlog(130_400, {
        faults: { rules: [{ kind: 'throttle', probability: 0.05 }] },
        report: { api: { status429: 400 } },
      }),
    );
    expect(clause(injected.detail, 'a')).toMatch(/^\(a\) 400 of 3000 .*: broken$/);
    // Inside a limits cut a client learns the smaller bucket from a 429: those are excused.
    const cut = checkRateDiscipline(
      backlog(130_400, {
        faults: {
          rules: [
            { kind: 'limits', window: { fromSeconds: 0, toSeconds: 10 }, bucketSize: 20, leakPerSecond: 1 },
          ],
        },
        history: Array.from({ length: 4 }, (_, i) =>
          operation('order.create', `so-00000${i + 1}`, 1_000 + i, { type: 'fail', status: 429 }),
        ),
        report: { api: { status429: 4 } },
      }),
    );
    expect(clause(cut.detail, 'a')).toBe(
      "(a) 0 of 3000 calls answered 429 by the shop's own bucket (≤ 3 allowed: 0.1 %, at least 1; injected 429s and 4 inside limits cuts aside)",
    );
  });

  it('(a) excuses one 429 for each request that reached the shop after its client gave up on it', () => {
    // Two reads the network held 54 s, past the 10 s timeout: they land on a bucket the client had long
    // counted free again, so the shop's 429s then are theirs, not the client's pacing.
    const held = (id: string, sentMs: number) =>
      operation('customer.read', id, sentMs + 54_000, {
        invokeMs: sentMs,
        completeMs: sentMs + 10_000,
        type: 'info',
        status: undefined,
      });
    const history = [...drainedEvery(500), held('so-000001', 1_000), held('so-000002', 2_000)];
    const excused = checkRateDiscipline(
      backlog(130_400, { history, report: { api: { calls: 300, status429: 3 } } }),
    );
    expect(clause(excused.detail, 'a')).toBe(
      "(a) 1 of 300 calls answered 429 by the shop's own bucket (≤ 1 allowed: 0.1 %, at least 1; injected 429s and 2 for requests that reached the shop after their client gave up aside)",
    );
    expect(excused.holds).toBe(true);
    // Without them the same 429s break it.
    const broken = checkRateDiscipline(
      backlog(130_400, { history: drainedEvery(500), report: { api: { calls: 300, status429: 3 } } }),
    );
    expect(clause(broken.detail, 'a')).toMatch(/^\(a\) 3 of 300 .*: broken$/);
  });

  it('(b) breaks on a client pacing at half the leak rate while the backlog lasts', () => {
    const verdict = checkRateDiscipline(backlog(260_000, { history: drainedEvery(1_000) }));
    expect(verdict.holds).toBe(false);
    expect(clause(verdict.detail, 'b')).toMatch(
      /^\(b\) 1\d\d calls reached the shop .* \(5\d\.\d\d %; .*: broken$/,
    );
    expect(verdict.orderIds.length).toBeGreaterThan(0);
  });

  it('(b) does not apply without a backlog or with faults, and judges only the time the bucket limits', () => {
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
    expect(checkRateDiscipline(single).detail).toContain('(b) does not apply: no backlog');
    const faulted = backlog(999_000, {
      faults: { rules: [{ kind: 'latency', probability: 1, latency: { distribution: 'fixed', ms: 5 } }] },
    });
    expect(checkRateDiscipline(faulted).detail).toContain('(b) does not apply: the run has faults or pauses');
    // 100 orders of one customer: each holds its lock for two 100 ms calls, plus the polling gap (about
    // 50–250 ms). With the pool the shop needs (14 on standard), 13 of them wait on the lock while one
    // holds it: the lock passes about 3 times a second, faster than the 2 calls a second the bucket leaks,
    // so the bucket still limits the drain, over the 124 s the ideal's calls wait for slots.
    const hot = backlog(999_000, { orders: orders.map((o) => ({ ...o, customer: 1 })) });
    expect(clause(checkRateDiscipline(hot).detail, 'b')).toMatch(
      /^\(b\) \d+ calls .* in the 124\.0 s backlog/,
    );
  });

  it('(c) breaks when four orders that failed together come back within 10 ms (0.5 ms apart)', () => {
    const ids = ['so-000001', 'so-000002', 'so-000003', 'so-000004'];
    const history = [
      ...ids.map((id, i) =>
        operation('order.create', id, 100, { type: 'info', status: 503, completeMs: 150 + i * 0.5 }),
      ),
      ...ids.map((id, i) => operation('order.lookup', id, 700, { invokeMs: 650 + i * 0.5 })),
    ];
    const verdict = checkRateDiscipline(backlog(130_400, { history, faults: chanceFailures }));
    expect(verdict).toMatchObject({ holds: false, orderIds: ids });
    expect(clause(verdict.detail, 'c')).toBe(
      '(c) 1 shared failures (within 10 ms); 1 came back within 10 ms (0.000 expected under full jitter): ' +
        'so-000001 and so-000002 and so-000003 and so-000004 failed at 150 ms, retried at 650 ms: broken',
    );
    // Three together has a chance of 0.12 % under full jitter: not yet evidence on its own.
    const three = history.filter((op) => op.sourceOrderId !== 'so-000004');
    expect(checkRateDiscipline(backlog(130_400, { history: three, faults: chanceFailures })).holds).toBe(
      true,
    );
  });

  it('(c) holds when retries spread, when one pair meets by chance, and leaves 429s alone', () => {
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
    const held = checkRateDiscipline(backlog(130_400, { history: spread, faults: chanceFailures }));
    expect(held.holds).toBe(true);
    expect(clause(held.detail, 'c')).toBe(
      '(c) 1 shared failures (within 10 ms); 0 came back within 10 ms (0.040 expected under full jitter)',
    );
    // Two orders meeting within 10 ms happens 4 % of the time under full jitter: not evidence.
    const pair = [
      ...failTogether(503),
      operation('order.lookup', 'so-000001', 700, { invokeMs: 612 }),
      operation('order.lookup', 'so-000002', 700, { invokeMs: 615 }),
    ];
    expect(checkRateDiscipline(backlog(130_400, { history: pair, faults: chanceFailures })).holds).toBe(true);
    const told = [
      ...failTogether(429),
      operation('order.create', 'so-000001', 2_200, { invokeMs: 2_150 }),
      operation('order.create', 'so-000002', 2_200, { invokeMs: 2_150 }),
    ];
    expect(checkRateDiscipline(backlog(130_400, { history: told, faults: chanceFailures })).detail).toContain(
      '(c) does not apply',
    );
  });
});

describe('atLeastChance', () => {
  it('is the union bound on k or more independent events', () => {
    expect(atLeastChance([0.5, 0.5], 1)).toBe(1);
    expect(atLeastChance([0.5, 0.5], 2)).toBe(0.25);
    expect(atLeastChance([0.1, 0.2, 0.3], 2)).toBeCloseTo(0.02 + 0.03 + 0.06, 12);
    expect(atLeastChance([0.1], 2)).toBe(0);
  });
});
