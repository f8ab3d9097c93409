import { describe, expect, it } from 'vitest';
import type { BucketLimits } from '../leaky-bucket.js';
import type { LimitsFaultRule } from './fault-plan.js';
import { LimitsSchedule } from './limits-schedule.js';

/** A stand-in for the model that records every change of limits with its time. */
function recordingTarget(initial: BucketLimits) {
  const changes: { atMs: number; limits: BucketLimits }[] = [];
  let limits = initial;
  return {
    changes,
    get limits() {
      return limits;
    },
    setLimits(next: BucketLimits, atMs: number) {
      limits = next;
      changes.push({ atMs, limits: next });
    },
  };
}

const lowered = (fromSeconds: number, toSeconds: number, bucketSize = 10): LimitsFaultRule => ({
  kind: 'limits',
  window: { fromSeconds, toSeconds },
  bucketSize,
  leakPerSecond: 1,
});

describe('LimitsSchedule', () => {
  const standard = { bucketSize: 40, leakPerSecond: 2 };

  it('lowers the limits at the window start and restores them at its end, at their exact times', () => {
    const target = recordingTarget(standard);
    const entered: number[] = [];
    const schedule = new LimitsSchedule([{ index: 3, rule: lowered(10, 20) }], 0, 0, (i) => entered.push(i));
    schedule.advance(9_999, target);
    expect(target.changes).toEqual([]);
    schedule.advance(12_345, target);
    expect(target.changes).toEqual([{ atMs: 10_000, limits: { bucketSize: 10, leakPerSecond: 1 } }]);
    schedule.advance(19_999, target);
    expect(target.changes).toHaveLength(1);
    schedule.advance(20_000, target);
    expect(target.changes[1]).toEqual({ atMs: 20_000, limits: standard });
    expect(entered).toEqual([3]);
  });

  it('applies a whole window that started and ended between two requests, and the next one, in time order', () => {
    const target = recordingTarget(standard);
    const schedule = new LimitsSchedule(
      [
        { index: 1, rule: lowered(30, 40, 5) },
        { index: 0, rule: lowered(10, 20, 10) },
      ],
      0,
      0,
      () => {},
    );
    schedule.advance(35_000, target);
    expect(target.changes.map((c) => [c.atMs, c.limits.bucketSize])).toEqual([
      [10_000, 10],
      [20_000, 40],
      [30_000, 5],
    ]);
  });

  it('counts windows from the origin and skips the part before the plan was set', () => {
    const target = recordingTarget(standard);
    const schedule = new LimitsSchedule(
      [
        { index: 0, rule: lowered(1, 2) },
        { index: 1, rule: lowered(5, 10) },
      ],
      1_000,
      4_000,
      () => {},
    );
    schedule.advance(7_000, target);
    // Window 0 (2–3 s) was over before the plan was set at 4 s; window 1 (6–11 s) starts on time.
    expect(target.changes).toEqual([{ atMs: 6_000, limits: { bucketSize: 10, leakPerSecond: 1 } }]);
  });

  it('restores limits set during a window instead of those it saved, and ends early when told', () => {
    const target = recordingTarget(standard);
    const schedule = new LimitsSchedule([{ index: 0, rule: lowered(0, 100) }], 0, 0, () => {});
    schedule.advance(1, target);
    schedule.rebase({ bucketSize: 400, leakPerSecond: 20 });
    schedule.end(50_000, target);
    expect(target.changes.at(-1)).toEqual({ atMs: 50_000, limits: { bucketSize: 400, leakPerSecond: 20 } });
    schedule.advance(200_000, target);
    expect(target.changes).toHaveLength(2);
  });
});
