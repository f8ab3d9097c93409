import { ansiStyle, type AnsiStyle } from './ansi-style.js';
import { fitWidth } from './fit-width.js';
import { formatNumber } from './format-number.js';
import type { PropertyVerdict } from './report-model.js';

/** Options of {@link formatProperties}. */
export interface FormatPropertiesOptions {
  /** Line width to fit, in columns. Defaults to 100. */
  columns?: number;
  /** What goes before the first line (the summary's `properties` label); later lines get as many spaces. */
  label?: string;
  /** Whether to colour the verdicts (holds green, BROKEN red, does not apply dim). Defaults to false. */
  color?: boolean;
  /** A detail is wrapped onto at most this many lines, then cut with `…`. Defaults to 3. */
  detailLinesMax?: number;
}

/** Default {@link FormatPropertiesOptions}. */
export const defaultFormatPropertiesOptions: Required<FormatPropertiesOptions> = {
  columns: 100,
  label: '',
  color: false,
  detailLinesMax: 3,
};

/** The widest property name, `mutual-exclusion`, and two spaces. */
const nameWidth = 18;
/** Order ids listed at most (the checkers give at most 20). */
const orderIdsMax = 20;

/**
 * The verdicts of a run's properties, one a line — `✓ name  holds · detail`, `✗ name  BROKEN · detail`,
 * `– name  does not apply · detail` — in the order given. Details are wrapped under each other (three lines
 * at most, then cut with `…`); a broken verdict is followed by the order ids it involves.
 * Returns the lines joined by `\n` without a trailing newline, or `''` for no verdicts.
 *
 * @example
 * formatProperties(report.properties ?? [], { label: 'properties  ' });
 * // properties  ✓ no-duplicates     holds · 1,000 source orders, none created twice
 * //             ✗ no-lost-updates   BROKEN · 3 customers' totals differ from their orders
 * //                                 orders so-000002, so-000007, so-000011
 */
export function formatProperties(
  verdicts: readonly PropertyVerdict[],
  options: FormatPropertiesOptions = {},
): string {
  const { columns, label, color, detailLinesMax } = { ...defaultFormatPropertiesOptions, ...options };
  const paint = (text: string, styles: readonly AnsiStyle[]): string => ansiStyle(text, styles, color);
  const indent = ' '.repeat(Array.from(label).length);
  // Where the verdict word starts: after the label, the mark and the name column.
  const hang = ' '.repeat(indent.length + 2 + nameWidth);
  const width = Math.max(20, columns - hang.length);
  const lines: string[] = [];
  for (const verdict of verdicts) {
    const { mark, word, styles } = look(verdict);
    const name = fitWidth(verdict.property, nameWidth - 1).padEnd(nameWidth);
    const broken = verdict.applies && !verdict.holds;
    const text = verdict.detail.trim() === '' ? word : `${word} · ${verdict.detail}`;
    const [first = '', ...more] = wrapWords(text, width, detailLinesMax);
    const head = `${paint(mark, styles)} ${name}${paint(word, styles)}${first.slice(word.length)}`;
    lines.push(`${lines.length === 0 ? label : indent}${head}`);
    for (const line of more) lines.push(`${hang}${line}`);
    if (broken && verdict.orderIds.length > 0)
      for (const line of wrapWords(orderIdsText(verdict.orderIds), width, Infinity))
        lines.push(`${hang}${line}`);
  }
  return lines.join('\n');
}

/** The mark, the verdict word and their colour. */
function look(verdict: PropertyVerdict): { mark: string; word: string; styles: AnsiStyle[] } {
  if (!verdict.applies) return { mark: '–', word: 'does not apply', styles: ['dim'] };
  if (verdict.holds) return { mark: '✓', word: 'holds', styles: ['green'] };
  return { mark: '✗', word: 'BROKEN', styles: ['red', 'bold'] };
}

/** `orders so-000002, so-000007`, and `… and 3 more` past {@link orderIdsMax}. */
function orderIdsText(orderIds: readonly string[]): string {
  const shown = orderIds.slice(0, orderIdsMax).map((id) => fitWidth(id, 40));
  const more = orderIds.length - shown.length;
  return `orders ${shown.join(', ')}${more > 0 ? ` … and ${formatNumber(more)} more` : ''}`;
}

/**
 * Breaks `text` at spaces into lines of at most `width` characters (a longer word is cut with `…`), keeping
 * at most `linesMax` lines; the last kept line ends with `…` when some text is left out.
 */
export function wrapWords(text: string, width: number, linesMax: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (Array.from(candidate).length <= width) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    current = fitWidth(word, width);
  }
  if (current !== '') lines.push(current);
  if (lines.length <= linesMax) return lines;
  const kept = lines.slice(0, linesMax);
  const last = kept.length - 1;
  kept[last] = fitWidth(`${kept[last] ?? ''}…`, width);
  return kept;
}
