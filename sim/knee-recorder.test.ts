import { describe, expect, it } from 'vitest';
import { backlogWindow, bucketWaits, queueWaits } from './knee-recorder.js';

describe('queueWaits', () => {
  it('starts each delivery when one of the workers frees, first in first out', () => {
    // Two workers, four deliveries at t = 0; completions at 10, 12, 20, 22.
    expect(queueWaits([0, 0, 0, 0], [10, 12, 20, 22], 2)).toEqual([0, 0, 10, 12]);
  });

  it('never starts a delivery before it arrives', () => {
    expect(queueWaits([0, 50], [10, 60], 1)).toEqual([0, 0]);
  });
});

describe('bucketWaits', () => {
  it('pairs the k-th request issued with the k-th sent, and keeps only waits past the grace', () => {
    expect(bucketWaits([0, 0, 5], [0.5, 500, 1000], 1)).toEqual({
      waitFromMs: [1, 6],
      waitEndMs: [500, 1000],
    });
  });
});

describe('backlogWindow', () => {
  const none: number[] = [];

  it('counts the orders completed while more orders than workers were in the pipeline', () => {
    // One worker; 3 orders at 0 finishing at 20 s, 40 s, 60 s: a backlog until 40 s (2 orders in 40 s).
    const window = backlogWindow({
      acceptedMs: [0, 0, 0],
      doneMs: [20_000, 40_000, 60_000],
      waitFromMs: none,
      waitEndMs: none,
      sentMs: none,
      createdMs: [20_000, 40_000, 60_000],
      concurrency: 1,
    });
    expect(window).toEqual({ ms: 40_000, created: 2, calls: 0 });
  });

  it('leaves out a stretch shorter than the minimum: a clump of arrivals is not a backlog', () => {
    const window = backlogWindow({
      acceptedMs: [0, 0],
      doneMs: [300, 600],
      waitFromMs: none,
      waitEndMs: none,
      sentMs: none,
      createdMs: [300, 600],
      concurrency: 1,
    });
    expect(window.ms).toBe(0);
  });

  it('counts a wait for the bucket as backlog, from the first such wait on', () => {
    // Eight workers, never all busy, but requests wait for the bucket from 15 s to 45 s.
    const window = backlogWindow({
      acceptedMs: [0, 0],
      doneMs: [50_000, 60_000],
      waitFromMs: [15_000],
      waitEndMs: [45_000],
      sentMs: [1_000, 20_000, 45_000],
      createdMs: [30_000, 40_000],
      concurrency: 8,
    });
    expect(window).toEqual({ ms: 30_000, created: 2, calls: 2 });
  });
});
