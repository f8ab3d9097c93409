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
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === Infinity) return '∞';
  const rounded = Number(ms.toFixed(ms < 10 ? 2 : ms < 100 ? 1 : 0));
  if (rounded < 1000) return `${formatNumber(rounded, 2)} ms`;
  const seconds = ms / 1000;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  const minutes = seconds / 60;
  if (minutes < 120) return `${minutes.toFixed(1)} min`;
  const hours = minutes / 60;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} d`;
}

/** Formats a duration, given in milliseconds, as seconds with 1 decimal, e.g. `480.6 s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
