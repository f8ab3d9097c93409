import { describe, expect, it } from 'vitest';
import { formatDuration, formatSeconds } from './format-duration.js';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [0.25, '0.25 ms'],
    [4.256, '4.26 ms'],
    [45.26, '45.3 ms'],
    [210.4, '210 ms'],
    [999.4, '999 ms'],
    [999.6, '1.0 s'],
    [1500, '1.5 s'],
    [119_940, '119.9 s'],
    [120_000, '2.0 min'],
    [480_600, '8.0 min'],
    [7_200_000, '2.0 h'],
    [3 * 86_400_000, '3.0 d'],
    [Number.NaN, 'n/a'],
    [-1500, '-1.5 s'],
    [-0.001, '0 ms'],
    [119_960, '2.0 min'],
    [7_199_000, '2.0 h'],
    [172_799_000, '2.0 d'],
  ])('formats %s ms as %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('formatSeconds', () => {
  it('always shows seconds with one decimal', () => {
    expect(formatSeconds(480_000)).toBe('480.0 s');
    expect(formatSeconds(480_649)).toBe('480.6 s');
  });
});
