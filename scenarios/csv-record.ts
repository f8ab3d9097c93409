import { FunnelstormError } from '../runtime/errors.js';
import { maxLineLength, type LineReader } from './line-reader.js';

/** One CSV record: its fields and the line it starts on (1-based). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * Reads the next CSV record (RFC 4180: comma-separated, fields optionally in double quotes, `""` a quote
 * inside one, a quoted field may span lines — Shopify's export does this in `Notes`). Undefined at the end
 * of the file; blank lines are skipped.
 *
 * @param reader - The file's lines.
 */
export function readCsvRecord(reader: LineReader): CsvRecord | undefined {
  let text = reader.next();
  while (text === '') text = reader.next();
  if (text === undefined) return undefined;
  const line = reader.lineNumber;
  // An odd number of quote characters means a quoted field is still open: it goes on on the next line.
  while (countQuotes(text) % 2 === 1) {
    const more = reader.next();
    if (more === undefined || text.length > maxLineLength)
      throw new FunnelstormError(
        'SCENARIO_INVALID',
        `${reader.path} line ${line}: a quoted field is never closed (a " without its closing ")`,
      );
    text += `\n${more}`;
  }
  return { fields: splitFields(text), line };
}

function countQuotes(text: string): number {
  let count = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) count++;
  return count;
}

function splitFields(text: string): string[] {
  // Most lines quote nothing: one split, no per-character work (a trace may have millions of lines).
  if (!text.includes('"')) return text.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}
