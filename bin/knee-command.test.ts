import { describe, expect, it } from 'vitest';
import { cliInProcess } from '../test/support/cli-in-process.js';
import { concurrencyGridFlag, kneeSeedsFlag, ratesFlag } from './knee-flags.js';

describe('knee flags', () => {
  it('reads lists, ranges, steps and geometric ranges of concurrency, ascending, without duplicates', () => {
    expect(concurrencyGridFlag('1,2,4,8')).toEqual([1, 2, 4, 8]);
    expect(concurrencyGridFlag('1..5')).toEqual([1, 2, 3, 4, 5]);
    expect(concurrencyGridFlag('4..16:4')).toEqual([4, 8, 12, 16]);
    expect(concurrencyGridFlag('1..128:x2')).toEqual([1, 2, 4, 8, 16, 32, 64, 128]);
    expect(concurrencyGridFlag('8,1..3,2')).toEqual([1, 2, 3, 8]);
  });

  it('takes --seeds N as seeds 1..N and a list as run --seeds does', () => {
    expect(kneeSeedsFlag('3')).toEqual([1, 2, 3]);
    expect(kneeSeedsFlag('5,7..8')).toEqual([5, 7, 8]);
    expect(ratesFlag('0.5,1,2')).toEqual([0.5, 1, 2]);
  });
});

describe('funnelstorm knee: bad input exits 2 naming the flag or the field', () => {
  const scenario = 'scenarios/backlog-standard.yaml';
  const cases: [string, string[], string][] = [
    ['a range out of order', ['--concurrency', '8..2'], '--concurrency'],
    ['a zero concurrency', ['--concurrency', '0,1'], '--concurrency'],
    ['a geometric factor of 1', ['--concurrency', '1..8:x1'], 'factor above 1'],
    ['an unknown plan', ['--plans', 'standard,gold'], '--plans names gold'],
    ['a rate of 0', ['--rates', '0,1'], '--rates'],
    [
      'a --set the schema rejects',
      ['--set', 'network.roundTripMs=-1'],
      '--set network.roundTripMs=-1: network.roundTripMs must be ≥ 0',
    ],
    [
      'an unknown --set key',
      ['--set', 'pipeline.workers=4'],
      '--set pipeline.workers=4: pipeline.workers is not a known key',
    ],
    ['live mode without Redis', ['--mode', 'live'], 'knee --mode live: needs --redis URL'],
  ];
  for (const [name, flags, message] of cases) {
    it(name, async () => {
      const run = await cliInProcess('knee', scenario, '--threads', '1', ...flags);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
    });
  }
});
