import { formatNumber } from './format-number.js';

/**
 * Formats a duration, given in milliseconds, in the unit a person reads best: `ms` below 1 s (up to
 * 2 decimals below 10 ms, 1 below 100 ms, none above), seconds with 1 decimal up to 120 s, minutes with
 * 1 decimal up to 120 min, hours with 1 decimal up to 48 h, days beyond. NaN comes out as `n/a`.
 *
 * @example
 * formatDuration(45); // '45 ms'
 * formatDuration(4.25); // '4.25 ms'
 * formatDuration(1500); // '1.5 s'
 * formatDuration(480_600); // '8.0 min'
 */
export function formatDuration(ms: number): string {
  if (Number.isNaN(ms)) return 'n/a';
  if (ms < 0) {
    const magnitude = formatDuration(-ms);
    return magnitude === '0 ms' ? magnitude : `-${magnitude}`;
  }
  if (ms === Infinity) return '∞';
  const rounded = Number(ms.toFixed(ms < 10 ? 2 : ms < 100 ? 1 : 0));
  if (rounded < 1000) return `${formatNumber(rounded, 2)} ms`;
  // Each unit is compared after rounding, so 119.96 s reads "2.0 min", never "120.0 s".
  const seconds = oneDecimal(ms / 1000);
  if (Number(seconds) < 120) return `${seconds} s`;
  const minutes = oneDecimal(ms / 60_000);
  if (Number(minutes) < 120) return `${minutes} min`;
  const hours = oneDecimal(ms / 3_600_000);
  if (Number(hours) < 48) return `${hours} h`;
  return `${oneDecimal(ms / 86_400_000)} d`;
}

function oneDecimal(value: number): string {
  return value.toFixed(1);
}

/** Formats a duration, given in milliseconds, as seconds with 1 decimal, e.g. `480.6 s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
