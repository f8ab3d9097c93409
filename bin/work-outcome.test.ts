import { describe, expect, it } from 'vitest';
import { emptyLiveWorkerSummary, type LiveWorkerSummary } from '../sim/run-live.js';
import { processOwner, workOutcome } from './work-outcome.js';

const summary = (overrides: Partial<LiveWorkerSummary> = {}): LiveWorkerSummary => ({
  ...emptyLiveWorkerSummary({ index: 1, count: 1 }, 20),
  created: 20,
  calls: 60,
  durationMs: 1000,
  ...overrides,
});

describe('funnelstorm work exit codes', () => {
  it('0 for a clean run, 3 when Redis went away, 4 when letters went to the local file, 130 when interrupted', () => {
    expect(workOutcome(summary(), undefined, 'dlq.jsonl')).toEqual({ code: 0 });
    expect(workOutcome(summary({ storeOutages: 1 }), undefined, 'dlq.jsonl')).toMatchObject({
      code: 3,
      line: expect.stringContaining('Redis went away 1 time(s)'),
    });
    const local = summary({ storeOutages: 1, created: 18, deadLettered: 2, deadLettersLocal: 2 });
    expect(workOutcome(local, undefined, 'dlq.jsonl')).toMatchObject({
      code: 4,
      line: expect.stringContaining('2 dead letter(s) only in dlq.jsonl'),
    });
    const stopped = summary({ created: 5, interrupted: true, notStarted: 15 });
    expect(workOutcome(stopped, 'SIGTERM', 'dlq.jsonl')).toEqual({
      code: 130,
      line: 'stopped by SIGTERM: 5 created, 0 already claimed, 0 dead-lettered of 20; 15 not started (unclaimed: a rerun takes them).',
    });
  });

  it('names this process as a claim owner without a slash', () => {
    expect(processOwner()).toMatch(new RegExp(`^[A-Za-z0-9._-]+-${process.pid}-[0-9a-f]{6}$`));
  });
});
