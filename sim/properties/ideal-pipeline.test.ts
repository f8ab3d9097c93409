import { describe, expect, it } from 'vitest';
import { idealDrainSchedule } from '../../reports/ideal-drain.js';
import { idealLatenciesMs } from './ideal-pipeline.js';

const arrivals = (times: number[], customer = (i: number) => i + 1) =>
  times.map((atMs, i) => ({ sourceOrderId: `so-${i}`, atMs, customerNumber: customer(i) }));

describe('idealLatenciesMs', () => {
  it("is the plan's ideal drain schedule plus a round trip with one call per order and unbounded workers", () => {
    const times = [0, 0, 0, 0, 0, 700, 5_000];
    const latencies = idealLatenciesMs(arrivals(times), {
      callsPerOrder: 1,
      bucketSize: 2,
      leakPerSecond: 2,
      concurrency: 1_000,
      callMs: 100,
    });
    const slots = idealDrainSchedule(times, 2, 2);
    expect(latencies).toEqual(times.map((t, i) => (slots[i] as number) - t + 100));
  });

  it('queues orders behind a busy worker pool', () => {
    // 1 worker, 3 calls of 100 ms per order, a bucket that never waits: one order after another.
    const latencies = idealLatenciesMs(arrivals([0, 0, 0]), {
      callsPerOrder: 3,
      bucketSize: 100,
      leakPerSecond: 100,
      concurrency: 1,
      callMs: 100,
    });
    expect(latencies).toEqual([300, 600, 900]);
  });

  it("serialises one customer's read-modify-writes on its lock, with a polling gap when asked", () => {
    const settings = { callsPerOrder: 3, bucketSize: 100, leakPerSecond: 100, concurrency: 10, callMs: 100 };
    const sameCustomer = arrivals([0, 0], () => 1);
    // Both create at once (100 ms); the second waits for the first's read and write (to 300 ms).
    expect(idealLatenciesMs(sameCustomer, settings)).toEqual([300, 500]);
    // Polled: the waiter started at 100 ms, so it notices the release at 300 ms only 200 + 50 ms later.
    expect(
      idealLatenciesMs(sameCustomer, { ...settings, lockPoll: { pollBaseMs: 50, pollCapMs: 5_000 } }),
    ).toEqual([300, 750]);
  });

  it('loses the slots that calls sent into a fault window take, only those before its end', () => {
    // 1 call a second, no burst: an order arriving at 10 s gets the slot at 10 s.
    const settings = { callsPerOrder: 1, bucketSize: 1, leakPerSecond: 1, concurrency: 10, callMs: 0 };
    expect(idealLatenciesMs(arrivals([10_000]), settings)).toEqual([0]);
    // 100 calls sent into a window from 0 to 5.5 s can take only its 6 slots (0 … 5 s): the order still
    // gets the slot at 10 s, and one at 5 s gets the next free one, at 6 s.
    const spent = { ...settings, spentSlots: [{ fromMs: 0, toMs: 5_500, calls: 100 }] };
    expect(idealLatenciesMs(arrivals([10_000]), spent)).toEqual([0]);
    expect(idealLatenciesMs(arrivals([5_000]), spent)).toEqual([1_000]);
  });
});
