import { describe, expect, it } from 'vitest';
import { checkRunBudget, describeEstimate, formatBytes, formatDuration } from './run-budget.js';

const limits = { heapLimitBytes: 4e9, totalMemoryBytes: 16e9 };
const estimate = (memoryBytes: number, cpuSeconds = 10) => ({ deliveries: 1000, memoryBytes, cpuSeconds });

describe('run budget', () => {
  it('lets a run through that fits the heap', () => {
    expect(() => checkRunBudget('a.yaml', estimate(3.9e9), { limits })).not.toThrow();
  });

  it('refuses a run over the smaller of the heap limit and the memory, naming the file and --force', () => {
    expect(() => checkRunBudget('a.yaml', estimate(4.1e9), { limits })).toThrow(
      expect.objectContaining({
        code: 'FLAG_INVALID',
        message: expect.stringMatching(
          /^scenario a\.yaml: the run would need about 4\.1 GB .*\(4\.0 GB\).*--force/,
        ),
      }),
    );
    const smallMachine = { heapLimitBytes: 4e9, totalMemoryBytes: 2e9 };
    expect(() => checkRunBudget('a.yaml', estimate(3e9), { limits: smallMachine })).toThrow(/2\.0 GB/);
  });

  it('runs anything with force', () => {
    expect(() => checkRunBudget('a.yaml', estimate(1e12), { limits, force: true })).not.toThrow();
  });

  it('describes the estimate, and says when a run is long', () => {
    expect(describeEstimate(estimate(250e6, 42))).toBe(
      'estimate: 1,000 deliveries · about 250 MB of memory · about 42 s',
    );
    expect(describeEstimate(estimate(250e6, 7200))).toContain('2.0 h — a long run');
    expect([formatBytes(1.5e9), formatBytes(1), formatDuration(150), formatDuration(0.2)]).toEqual([
      '1.5 GB',
      '1 MB',
      '3 min',
      '1 s',
    ]);
  });
});
