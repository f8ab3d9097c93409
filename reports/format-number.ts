/**
 * Formats a number for people, independent of the host's locale (so output is the same everywhere):
 * rounded to at most `maxDecimals` decimals, trailing zeros dropped, thousands grouped with commas.
 *
 * @param value - The number to format; NaN and ±Infinity come out as `n/a` and `∞`.
 * @param maxDecimals - Decimals to keep at most, 0–20. Defaults to 0.
 * @example
 * formatNumber(1234567); // '1,234,567'
 * formatNumber(1.98, 2); // '1.98'
 * formatNumber(2, 2); // '2'
 */
export function formatNumber(value: number, maxDecimals = 0): string {
  if (Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const fixed = value.toFixed(maxDecimals);
  const [whole = '0', fraction = ''] = fixed.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign === '' ? whole : whole.slice(1);
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const text = `${sign}${grouped}${trimmed === '' ? '' : `.${trimmed}`}`;
  // Rounding a small negative number to zero must not print "-0".
  return text === '-0' ? '0' : text;
}

/**
 * Formats a fraction as a percentage with one decimal, e.g. `0.99` → `99.0 %` (a space before `%`, as
 * in the rest of the summary).
 */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return 'n/a';
  const text = (fraction * 100).toFixed(1);
  return `${text === '-0.0' ? '0.0' : text} %`;
}
