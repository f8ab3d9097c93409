import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import { loadScenario } from './load-scenario.js';
import { customerOf } from './order-stream.js';
import { traceArrivals } from './trace-arrivals.js';
import { TraceReader, type TraceOrder } from './trace-reader.js';
import { parseTraceTime } from './trace-time.js';

const folder = mkdtempSync(join(tmpdir(), 'funnelstorm-trace-'));
const shipped = join(import.meta.dirname, 'traces', 'launch-orders-export.csv');

function file(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

function readAll(path: string): TraceOrder[] {
  const reader = new TraceReader(path);
  const orders: TraceOrder[] = [];
  for (let order = reader.next(); order; order = reader.next()) orders.push(order);
  return orders;
}

function errorOf(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

const exportHeader =
  'Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,' +
  'Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name';

describe('parseTraceTime', () => {
  it("reads Shopify's export time with the shop's offset, and ISO 8601, to the millisecond", () => {
    expect(parseTraceTime('2012-01-01 11:13:13 -0500')).toBe(Date.UTC(2012, 0, 1, 16, 13, 13));
    expect(parseTraceTime('2024-05-01 09:58:12 +0000')).toBe(Date.UTC(2024, 4, 1, 9, 58, 12));
    expect(parseTraceTime('2024-05-01T09:58:12.005Z')).toBe(Date.UTC(2024, 4, 1, 9, 58, 12, 5));
    expect(parseTraceTime('2024-05-01T11:58:12+02:00')).toBe(Date.UTC(2024, 4, 1, 9, 58, 12));
  });

  it('refuses a time without an offset, and dates that do not exist', () => {
    expect(parseTraceTime('2024-05-01 09:58:12')).toBeUndefined();
    expect(parseTraceTime('2024-02-30T10:00:00Z')).toBeUndefined();
    expect(parseTraceTime('yesterday')).toBeUndefined();
  });
});

describe('TraceReader', () => {
  it('reads the shipped synthetic order export: one order per Name, a note spanning two lines, totals and emails', () => {
    const orders = readAll(shipped);
    expect(orders).toHaveLength(475);
    expect(orders[0]).toEqual({
      offsetMs: 0,
      line: 2,
      customer: 'otto.placeholder73@example.com',
      totalCents: 2526,
    });
    // #1092 carries the quoted two-line note; it came at 10:00:26, 20 min 12 s after #1001 at 09:40:14.
    const withNote = orders[91]!;
    expect(withNote.offsetMs).toBe(1_212_000);
    expect(withNote.totalCents).toBe(11_984);
    for (let i = 1; i < orders.length; i++)
      expect(orders[i]!.offsetMs).toBeGreaterThanOrEqual(orders[i - 1]!.offsetMs);
  });

  it('takes the further lines of an order (same Name, order columns empty) as the same order', () => {
    const path = file(
      'two-lines.csv',
      `${exportHeader}\n` +
        '#1001,ann@example.com,paid,,,,no,USD,29.98,5.00,0.00,34.98,,0.00,Standard,2024-05-01 09:58:12 +0000,2,Tee\n' +
        '#1001,,,,,,,,,,,,,,,,1,Mug\n' +
        '#1002,Bo@Example.com,paid,,,,no,USD,10.00,0.00,0.00,10.00,,0.00,Standard,2024-05-01 09:59:12.5 +0000,1,Mug\n',
    );
    expect(readAll(path)).toEqual([
      { offsetMs: 0, line: 2, customer: 'ann@example.com', totalCents: 3498 },
      { offsetMs: 60_500, line: 4, customer: 'bo@example.com', totalCents: 1000 },
    ]);
  });

  it('reads JSONL with at, created_at or offsetSeconds, totals in dollars or cents', () => {
    const stamps = file(
      'stamps.jsonl',
      '{"created_at":"2024-05-01T10:00:00-04:00","total_price":"12.50","email":"A@x.test"}\n\n' +
        '{"at":"2024-05-01T14:00:01.250Z","customer":"c-2"}\n',
    );
    expect(readAll(stamps)).toEqual([
      { offsetMs: 0, line: 1, customer: 'a@x.test', totalCents: 1250 },
      { offsetMs: 1250, line: 3, customer: 'c-2' },
    ]);
    const offsets = file('offsets.jsonl', '{"offsetSeconds":5,"totalCents":999}\n{"offsetSeconds":5.001}\n');
    expect(readAll(offsets)).toEqual([
      { offsetMs: 5000, line: 1, totalCents: 999 },
      { offsetMs: 5001, line: 2 },
    ]);
  });

  it('names the file and line of what it cannot replay', () => {
    const unsorted = file('unsorted.csv', 'at\n2024-05-01T10:00:05Z\n2024-05-01T10:00:00Z\n');
    expect(errorOf(() => readAll(unsorted)).message).toBe(
      `${unsorted} line 3: 2024-05-01T10:00:00Z is 5 s before the order before it: a trace must list orders ` +
        'oldest first (if it lists newest first, reverse its lines, header kept first)',
    );
    const badTime = file('bad-time.csv', 'offsetSeconds\n1\nsoon\n');
    expect(errorOf(() => readAll(badTime)).message).toMatch(/bad-time\.csv line 3: "soon" is not a time/);
    const noTime = file('no-time.csv', 'Name,Email\n#1,a@b.c\n');
    expect(errorOf(() => readAll(noTime)).message).toMatch(
      /no-time\.csv line 1: the header has no time column/,
    );
    const emptyTime = file('empty-time.csv', `${exportHeader}\n#1,,,,,,,,,,,,,,,,1,Mug\n`);
    expect(errorOf(() => readAll(emptyTime)).message).toMatch(
      /empty-time\.csv line 2: Created at is empty \(order #1\)/,
    );
    const mixed = file('mixed.jsonl', '{"offsetSeconds":1}\n{"at":"2024-05-01T10:00:00Z"}\n');
    expect(errorOf(() => readAll(mixed)).message).toMatch(
      /mixed\.jsonl line 2: mixes timestamps and offsets/,
    );
    expect(errorOf(() => readAll(file('notes.txt', 'at\n'))).message).toMatch(/must be a \.csv, \.jsonl/);
    const open = file('open-quote.csv', 'at,Notes\n2024-05-01T10:00:00Z,"never closed\n');
    expect(errorOf(() => readAll(open)).message).toMatch(
      /open-quote\.csv line 2: a quoted field is never closed/,
    );
  });

  it('refuses a bad trace when the scenario loads, naming the phase', () => {
    file('late.csv', 'at\n2024-05-01T10:00:05Z\n2024-05-01T10:00:00Z\n');
    const scenario = file(
      'late.yaml',
      'name: late\nshop: { plan: plus }\ntraffic:\n  phases:\n' +
        '    - { arrival: idle, durationSeconds: 5 }\n    - { arrival: trace, file: late.csv }\n',
    );
    expect(errorOf(() => loadScenario(scenario)).message).toBe(
      `Failed to load scenario ${scenario}: traffic.phases[1].file: ${join(folder, 'late.csv')} line 3: ` +
        '2024-05-01T10:00:00Z is 5 s before the order before it: a trace must list orders oldest first (if it ' +
        'lists newest first, reverse its lines, header kept first).',
    );
  });
});

describe('traceArrivals (--speed, --scale)', () => {
  const gaps = file('gaps.csv', 'offsetSeconds,customer\n0,a\n10,b\n10,c\n30,d\n100,e\n');
  const replay = (speed: number, scale: number, seed = 1) => [
    ...traceArrivals(gaps, { speed, scale }, createRandom(seed).fork('trace')),
  ];

  it('replays each order at its recorded offset at speed 1, scale 1', () => {
    expect(replay(1, 1)).toEqual([
      { tMs: 0, customer: 'a' },
      { tMs: 10_000, customer: 'b' },
      { tMs: 10_000, customer: 'c' },
      { tMs: 30_000, customer: 'd' },
      { tMs: 100_000, customer: 'e' },
    ]);
  });

  it('--speed 10 divides every gap by 10: same orders, a tenth of the duration', () => {
    expect(replay(10, 1).map((a) => a.tMs)).toEqual([0, 1000, 1000, 3000, 10_000]);
  });

  it('--scale 3 replays each order 3 times: the first at its time, the copies within the gap to the next', () => {
    const arrivals = replay(1, 3, 17);
    expect(arrivals).toHaveLength(15);
    const recorded = [0, 10_000, 10_000, 30_000, 100_000];
    for (const [i, t] of recorded.entries()) {
      const own = arrivals.slice(3 * i, 3 * i + 3);
      expect(own[0]).toMatchObject({ tMs: t });
      const next = recorded[i + 1] ?? t;
      for (const copy of own.slice(1)) {
        expect(copy.customer).toBeUndefined();
        expect(copy.tMs).toBeGreaterThanOrEqual(t);
        expect(copy.tMs).toBeLessThanOrEqual(next);
      }
    }
    // The last order has no gap after it: its copies come with it, and the replay is no longer.
    expect(arrivals[arrivals.length - 1]!.tMs).toBe(100_000);
  });

  it('a fractional scale thins: about scale × the orders, each at its recorded time (seed=5)', () => {
    const many = file(
      'many.csv',
      `offsetSeconds\n${Array.from({ length: 10_000 }, (_, i) => i).join('\n')}\n`,
    );
    const half = [...traceArrivals(many, { speed: 1, scale: 0.5 }, createRandom(5).fork('trace'))];
    const twoAndAHalf = [...traceArrivals(many, { speed: 1, scale: 2.5 }, createRandom(5).fork('trace'))];
    // Binomial(10,000, 0.5): standard deviation 50; 4 of them is 200.
    expect(Math.abs(half.length - 5000)).toBeLessThan(200);
    expect(half.every((a) => Number.isInteger(a.tMs))).toBe(true);
    expect(Math.abs(twoAndAHalf.length - 25_000)).toBeLessThan(200);
  });

  it('keeps a recorded customer as the same shop customer, by a stable hash', () => {
    expect(customerOf('ann@example.com', 100)).toBe(customerOf('ann@example.com', 100));
    const spread = new Set(Array.from({ length: 1000 }, (_, i) => customerOf(`buyer-${i}@x.test`, 100)));
    expect(spread.size).toBeGreaterThan(95);
  });
});
