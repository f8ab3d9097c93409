/**
 * Reads a timestamp with an explicit offset, in milliseconds since the epoch, or undefined when it is not
 * one. Two spellings:
 * - Shopify's order export, `2024-05-01 09:58:12 +0000` (`Created at`: date, time, then the shop's UTC
 *   offset; e.g. `2012-01-01 11:13:13 -0500`, as public fixtures of the export show);
 * - ISO 8601 / RFC 3339, `2024-05-01T09:58:12.250Z` or `…+02:00` (the REST API's `created_at`).
 * Fractions of a second are kept (to the millisecond). A time without an offset is refused: it would mean
 * the reading machine's zone.
 *
 * @param text - The field's text.
 */
export function parseTraceTime(text: string): number | undefined {
  const match = timePattern.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone = 'Z'] = match;
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(local);
  // Date.UTC rolls 2024-02-30 over to March: a date that does not round-trip is not a date.
  if (check.getUTCDate() !== Number(d) || check.getUTCHours() !== Number(h) || Number(s) > 59)
    return undefined;
  const ms = fractionMs(fraction);
  if (zone === 'Z') return local + ms;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return local + ms - sign * offsetMinutes * 60_000;
}

const timePattern =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)? ?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Milliseconds from decimal digits of a second (`"250"` → 250, `"0001"` → 0.1), read from the digits so
 * whole milliseconds stay exact integers (`Number("0.005") * 1000` is 5.000000000000001).
 *
 * @param digits - The digits after the decimal point, possibly none.
 */
export function fractionMs(digits: string): number {
  if (digits === '') return 0;
  const whole = Number(digits.slice(0, 3).padEnd(3, '0'));
  return digits.length <= 3 ? whole : whole + Number(`0.${digits.slice(3)}`);
}

/**
 * Milliseconds from a non-negative decimal number of seconds written out (`"12.345"` → 12345), exact for
 * whole milliseconds; undefined when the text is not such a number.
 *
 * @param text - E.g. an `offsetSeconds` field.
 */
export function secondsTextMs(text: string): number | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * 1000 + fractionMs(match[2] ?? '');
}
