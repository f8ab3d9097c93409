import { describe, expect, it } from 'vitest';
import { cliInProcess } from '../test/support/cli-in-process.js';

const scenario = 'examples/knee-live/knee-live.yaml';

describe('knee --mode live: its flags (the sweep itself is test/io/knee-live.test.ts)', () => {
  it('exits 2 without --redis, naming it, before any point runs', async () => {
    const run = await cliInProcess('knee', scenario, '--mode', 'live', '--concurrency', '2,4');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('knee --mode live: needs --redis URL');
  });

  it.each([
    ['--time-scale', '0', '--time-scale must be a number > 0, such as 10 (got "0")'],
    ['--time-scale', 'fast', '--time-scale must be a number > 0, such as 10 (got "fast")'],
    ['--processes', '0', '--processes'],
  ])('exits 2 for %s %s, naming the flag', async (flag, value, message) => {
    const run = await cliInProcess(
      'knee',
      scenario,
      '--mode',
      'live',
      '--redis',
      'redis://127.0.0.1:1',
      flag,
      value,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
