import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent } from './format-number.js';

describe('formatNumber', () => {
  it.each([
    [0, 0, '0'],
    [1234567, 0, '1,234,567'],
    [1.98, 2, '1.98'],
    [2, 2, '2'],
    [1234.5, 2, '1,234.5'],
    [-1234.5, 1, '-1,234.5'],
    [-0.001, 2, '0'],
    [Number.NaN, 0, 'n/a'],
  ])('formats %s with at most %s decimals as %s', (value, decimals, expected) => {
    expect(formatNumber(value, decimals)).toBe(expected);
  });
});

describe('formatPercent', () => {
  it('shows one decimal and a space before the sign', () => {
    expect(formatPercent(0.99)).toBe('99.0 %');
    expect(formatPercent(12 / 1012)).toBe('1.2 %');
  });

  it('never shows a negative zero', () => {
    expect(formatPercent(-0.0001)).toBe('0.0 %');
    expect(formatPercent(-0.01)).toBe('-1.0 %');
  });
});
