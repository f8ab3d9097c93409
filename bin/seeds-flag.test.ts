import { describe, expect, it } from 'vitest';
import { seedJsonPath } from './run-seeds.js';
import { seedsFlag } from './seeds-flag.js';

describe('--seeds', () => {
  it('reads seeds and inclusive ranges, in the order given, without duplicates', () => {
    expect(seedsFlag('1..4')).toEqual([1, 2, 3, 4]);
    expect(seedsFlag('7, 3..4,3,10')).toEqual([7, 3, 4, 10]);
    expect(seedsFlag('4294967295')).toEqual([4294967295]);
  });

  it('refuses a reversed range, a non-number and too many seeds, naming the flag', () => {
    expect(() => seedsFlag('5..1')).toThrow(/--seeds must be seeds .* \(got "5\.\.1"\)/);
    expect(() => seedsFlag('a')).toThrow(/--seeds must be/);
    expect(() => seedsFlag('1,,2')).toThrow(/--seeds must be/);
    expect(() => seedsFlag('0..10000')).toThrow(/more than 10000 seeds/);
  });

  it('puts each seed’s JSON report next to the --json file, the seed before the extension', () => {
    expect(seedJsonPath('out/run.json', 7)).toBe('out/run-seed-7.json');
    expect(seedJsonPath('report', 2)).toBe('report-seed-2');
  });
});
