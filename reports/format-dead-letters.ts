import { fitWidth } from './fit-width.js';
import { formatNumber } from './format-number.js';
import type { DeadLetterEntry } from './report-model.js';

/** Options of {@link formatDeadLetters}. */
export interface FormatDeadLettersOptions {
  /** How many entries to list, in the order given. Defaults to 5. */
  limit?: number;
  /** How many dead letters there are in all, when `entries` is a prefix. Defaults to `entries.length`. */
  total?: number;
  /** Line width to fit, in columns; long reasons are cut with `…`. Defaults to 100. */
  columns?: number;
  /** Indentation of each line. Defaults to two spaces. */
  indent?: string;
}

/** Default {@link FormatDeadLettersOptions}. */
export const defaultFormatDeadLettersOptions: Required<Omit<FormatDeadLettersOptions, 'total'>> = {
  limit: 5,
  columns: 100,
  indent: '  ',
};

/**
 * Lists the first few dead letters, one a line: source order id, attempts, reason; then `… and N more`
 * when some were left out. Returns the lines joined by `\n` without a trailing newline, or `''` when
 * there are none.
 *
 * @example
 * formatDeadLetters(report.deadLetters, { limit: 3, total: report.orders.deadLettered });
 * // '  #1042  5 attempts  422 Unprocessable Entity: email is invalid\n  … and 9 more'
 */
export function formatDeadLetters(
  entries: readonly DeadLetterEntry[],
  options: FormatDeadLettersOptions = {},
): string {
  const { limit, columns, indent } = { ...defaultFormatDeadLettersOptions, ...options };
  const total = Math.max(options.total ?? entries.length, entries.length);
  const shown = entries.slice(0, Math.max(0, limit));
  // A loop, not Math.max(...spread): `limit` may be Infinity and the list long.
  let idWidth = 0;
  for (const entry of shown) idWidth = Math.min(24, Math.max(idWidth, entry.sourceOrderId.length + 1));
  const lines = shown.map((entry) => {
    const id = fitWidth(`#${entry.sourceOrderId}`, 24).padEnd(idWidth);
    const attempts = `${formatNumber(entry.attempts)} attempt${entry.attempts === 1 ? '' : 's'}`;
    return fitWidth(`${indent}${id}  ${attempts.padEnd(11)} ${entry.reason}`, columns);
  });
  if (total > shown.length) lines.push(`${indent}… and ${formatNumber(total - shown.length)} more`);
  return lines.join('\n');
}
