import { describe, expect, it } from 'vitest';
import { reportVersion, type DeadLetterEntry, type PropertyVerdict, type RunReport } from './report-model.js';
import { formatSummary } from './summary.js';

function sampleReport(overrides: Partial<RunReport> = {}): RunReport {
  return {
    funnelstormReport: reportVersion,
    seed: 7,
    scenario: { name: 'launch-1000', resolved: {} },
    shop: { plan: 'standard', bucketSize: 40, leakPerSecond: 2 },
    pipeline: { name: 'reference', concurrency: 8 },
    orders: {
      generated: 1000,
      created: 995,
      duplicates: 2,
      missing: 1,
      deadLettered: 4,
      unattributed: 0,
      unexpected: 0,
    },
    customers: { checked: 100, lostUpdates: 3, deadLettered: 1 },
    api: {
      calls: 1012,
      status429: 12,
      callsPerSecond: 1.98,
      leakPerSecond: 2,
      leakUtilisation: 0.99,
      status429Share: 0.0119,
      retries: 30,
      retryPeakPer100Ms: 4,
    },
    drain: {
      firstCallMs: 12,
      lastCompletionMs: 480_612,
      durationMs: 480_600,
      idealMs: 480_000,
      ratio: 1.001,
      callsPerOrder: 1,
    },
    latencyMs: {
      endToEnd: { count: 999, mean: 240_100.5, p50: 1234, p90: 90_000, p99: 432_013.3, max: 480_600 },
      apiCall: { count: 1012, mean: 52.1, p50: 45.055, p90: 120.3, p99: 210.4, max: 950 },
    },
    virtualDurationMs: 480_612,
    events: 123_456,
    deadLetters: [
      { sourceOrderId: '1042', reason: '422 Unprocessable Entity: email is invalid', attempts: 1 },
      { sourceOrderId: '1043', reason: 'retry budget exhausted after 503', attempts: 5 },
    ],
    ...overrides,
  };
}

const escape = '\u001b';

/** The six verdicts of a run where a naive pipeline lost updates: two broken, one not applying. */
const verdicts: PropertyVerdict[] = [
  { property: 'no-duplicates', applies: true, holds: true, detail: '995 created, none twice', orderIds: [] },
  {
    property: 'nothing-lost',
    applies: true,
    holds: true,
    detail: 'every order created or dead-lettered',
    orderIds: [],
  },
  {
    property: 'no-lost-updates',
    applies: true,
    holds: false,
    detail: '3 customers’ totals differ from their created orders',
    orderIds: ['so-000002', 'so-000007'],
  },
  {
    property: 'mutual-exclusion',
    applies: true,
    holds: false,
    detail: 'two holders wrote customer 7000000000001 at once',
    orderIds: ['so-000002', 'so-000003'],
  },
  {
    property: 'bounded-p99',
    applies: true,
    holds: true,
    detail: 'p99 7.2 min ≤ bound 9.0 min',
    orderIds: [],
  },
  { property: 'rate-discipline', applies: false, holds: true, detail: '12 injected 429s', orderIds: [] },
];

describe('formatSummary', () => {
  const text = formatSummary(sampleReport(), { wallMs: 1200 });
  const lines = text.split('\n');

  it('starts with the scenario name and the seed', () => {
    expect(lines[0]).toMatch(/^scenario +launch-1000 · seed 7$/);
  });

  it('shows the plan with its bucket and leak, and the pipeline with its concurrency', () => {
    expect(text).toMatch(/plan +standard · bucket 40 · leak 2\/s/);
    expect(text).toMatch(/pipeline +reference · concurrency 8/);
  });

  it('shows orders generated, created, duplicates, missing and dead-lettered', () => {
    // Wider than 80 columns, so it wraps at a separator, under the value column.
    expect(text).toContain(
      'orders      1,000 generated · 995 created · 2 duplicates · 1 missing ·\n            4 dead-lettered',
    );
  });

  it('shows API calls and 429s with their share in percent, and the retries with the largest wave', () => {
    expect(text).toContain('1,012 calls · 12 × 429 (1.2 %) · 30 retries (at most 4 in 100 ms)');
  });

  it('shows the customer audit: customers checked, lost updates and dead-lettered updates', () => {
    expect(text).toMatch(/^customers +100 checked · 3 lost updates · 1 dead-lettered$/m);
    const one = formatSummary(sampleReport({ customers: { checked: 5, lostUpdates: 1, deadLettered: 0 } }));
    expect(one).toMatch(/^customers +5 checked · 1 lost update · 0 dead-lettered$/m);
  });

  it('shows a Properties block after the audit lines: ✓ holds, ✗ BROKEN with the order ids, – does not apply', () => {
    const withVerdicts = formatSummary(sampleReport({ properties: verdicts })).split('\n');
    const start = withVerdicts.findIndex((line) => line.startsWith('properties'));
    expect(withVerdicts[start - 1]).toMatch(/^customers /);
    expect(withVerdicts.slice(start, start + 10)).toEqual([
      'properties  ✓ no-duplicates     holds · 995 created, none twice',
      '            ✓ nothing-lost      holds · every order created or dead-lettered',
      '            ✗ no-lost-updates   BROKEN · 3 customers’ totals differ from their',
      '                                created orders',
      '                                orders so-000002, so-000007',
      '            ✗ mutual-exclusion  BROKEN · two holders wrote customer',
      '                                7000000000001 at once',
      '                                orders so-000002, so-000003',
      '            ✓ bounded-p99       holds · p99 7.2 min ≤ bound 9.0 min',
      '            – rate-discipline   does not apply · 12 injected 429s',
    ]);
    expect(withVerdicts[start + 10]).toMatch(/^api /);
  });

  it('has no Properties block when the report has no verdicts (live runs, older reports)', () => {
    expect(text).not.toMatch(/^properties/m);
    expect(formatSummary(sampleReport({ properties: [] }))).not.toMatch(/^properties/m);
  });

  it('paints a broken property red and a holding one green when color is on', () => {
    const colored = formatSummary(sampleReport({ properties: verdicts }), { color: true });
    expect(colored).toContain('\u001b[1m\u001b[31mBROKEN\u001b[39m\u001b[22m · 3 customers');
    expect(colored).toContain('\u001b[32mholds\u001b[39m · 995 created');
    expect(formatSummary(sampleReport({ properties: verdicts }))).not.toContain(escape);
  });

  it('shows the achieved rate against the leak rate', () => {
    expect(text).toContain('1.98/s of 2/s (99.0 %)');
  });

  it('shows the drain against the ideal schedule with the ratio', () => {
    expect(text).toMatch(/^drain +480\.6 s vs ideal 480\.0 s → 1\.001×$/m);
  });

  it('shows end-to-end p50/p90/p99/max and API call p50/p99 in human units', () => {
    expect(text).toMatch(/^end-to-end +p50 1\.2 s · p90 90\.0 s · p99 7\.2 min · max 8\.0 min$/m);
    expect(text).toMatch(/^api call +p50 45\.1 ms · p99 210 ms$/m);
  });

  it('shows virtual time, events, wall time and the speed-up', () => {
    expect(text).toMatch(/^time +8\.0 min virtual · 123,456 events · 1\.2 s wall · 401× speed-up$/m);
  });

  it('lists the dead letters with their reasons', () => {
    expect(text).toContain('#1042');
    expect(text).toContain('422 Unprocessable Entity: email is invalid');
    expect(text).toContain('dead letters (first 2 of 4)');
    expect(text).toContain('… and 2 more');
  });

  it('has no ANSI codes when color is false', () => {
    expect(text).not.toContain(escape);
  });

  it('keeps every line within 80 columns, even with a very long scenario name and property details', () => {
    const long = formatSummary(
      sampleReport({
        scenario: { name: 'x'.repeat(300), resolved: {} },
        properties: verdicts.map((verdict) => ({
          ...verdict,
          detail: `${verdict.detail} ${'and more '.repeat(40)}${'y'.repeat(150)}`,
          orderIds: verdict.orderIds.length > 0 ? Array.from({ length: 20 }, (_, i) => `so-${i}`) : [],
        })),
      }),
    );
    for (const line of [...lines, ...long.split('\n')])
      expect(Array.from(line).length).toBeLessThanOrEqual(80);
    expect(long.split('\n')[0]).toMatch(/x… · seed 7$/);
  });

  it('aligns the values in one column', () => {
    const labelled = lines.filter((line) => !line.startsWith(' ') && !line.startsWith('dead letters'));
    expect(labelled).toHaveLength(11);
    for (const line of labelled) expect(line).toMatch(/^[a-z -]{11} \S/);
  });

  it('highlights duplicates, missing orders and lost updates in red when color is on', () => {
    const colored = formatSummary(sampleReport(), { color: true });
    expect(colored).toContain('\u001b[31m2 duplicates\u001b[39m');
    expect(colored).toContain('\u001b[31m1 missing\u001b[39m');
    expect(colored).toContain('\u001b[31m3 lost updates\u001b[39m');
  });

  it('does not paint zero duplicates or lost updates as a failure', () => {
    const report = sampleReport();
    const clean = formatSummary(
      {
        ...report,
        orders: { ...report.orders, duplicates: 0, missing: 0 },
        customers: { ...report.customers, lostUpdates: 0 },
      },
      { color: true },
    );
    expect(clean).not.toContain('\u001b[31m');
  });

  it('omits the drain line without a drain, and the wall time without wallMs', () => {
    const plain = formatSummary(sampleReport({ drain: null }));
    expect(plain).not.toMatch(/^drain/m);
    expect(plain).not.toContain('wall');
    expect(plain).not.toContain('speed-up');
  });

  it('says so when everything fitted in the burst', () => {
    const burst = formatSummary(
      sampleReport({
        drain: {
          firstCallMs: 0,
          lastCompletionMs: 400,
          durationMs: 400,
          idealMs: 0,
          ratio: null,
          callsPerOrder: 3,
        },
      }),
    );
    expect(burst).toMatch(/^drain +0\.4 s vs ideal 0\.0 s \(all within the burst\)$/m);
  });

  it('handles an empty run without dividing by zero', () => {
    const empty = formatSummary(
      sampleReport({
        orders: {
          generated: 0,
          created: 0,
          duplicates: 0,
          missing: 0,
          deadLettered: 0,
          unattributed: 0,
          unexpected: 0,
        },
        api: {
          calls: 0,
          status429: 0,
          callsPerSecond: 0,
          leakPerSecond: 2,
          leakUtilisation: 0,
          status429Share: 0,
          retries: 0,
          retryPeakPer100Ms: 0,
        },
        latencyMs: {
          endToEnd: { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 },
          apiCall: { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 },
        },
        drain: null,
        deadLetters: [],
        virtualDurationMs: 0,
      }),
      { wallMs: 0 },
    );
    expect(empty).toContain('0 calls · 0 × 429');
    expect(empty).toMatch(/^end-to-end +no samples$/m);
    expect(empty).not.toContain('NaN');
    expect(empty).not.toContain('dead letters');
  });

  it('lists every dead letter without a count when all fit', () => {
    const deadLetters: DeadLetterEntry[] = [{ sourceOrderId: '7', reason: 'gave up', attempts: 3 }];
    const report = sampleReport({ deadLetters });
    const one = formatSummary({ ...report, orders: { ...report.orders, deadLettered: 1 } });
    expect(one).toMatch(/^dead letters$/m);
    expect(one).toMatch(/^ {2}#7 {2}3 attempts +gave up$/m);
  });
});
