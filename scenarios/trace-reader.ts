import { extname } from 'node:path';
import { FunnelstormError } from '../runtime/errors.js';
import { readCsvRecord } from './csv-record.js';
import { LineReader } from './line-reader.js';
import { parseTraceTime, secondsTextMs } from './trace-time.js';

/** One recorded order of a trace. */
export interface TraceOrder {
  /** When it came, in ms from the trace's start: the first order's time for timestamps, 0 for offsets. */
  offsetMs: number;
  /** Who ordered (an email or an id), when the trace says: the same text is the same customer. */
  customer?: string;
  /** The order's total, in cents, when the trace says. */
  totalCents?: number;
  /** The line the order starts on (1-based), for messages. */
  line: number;
}

/** The columns (CSV, matched without regard to case) and keys (JSONL) a trace's fields are read from. */
export const traceFields = {
  /** A timestamp with an offset (Shopify's `Created at`, ISO 8601), or seconds from the trace's start. */
  time: ['created at', 'at', 'created_at', 'offsetseconds'],
  /** Lines sharing an order name are one order (Shopify writes one line per line item). */
  name: ['name'],
  customer: ['email', 'customer'],
  /** Dollars (`Total`, `total_price`) or cents (`totalCents`). */
  total: ['total', 'total_price', 'totalcents'],
} as const;

type Field = keyof typeof traceFields;

/**
 * Reads a trace of timestamped orders lazily, one order per `next()`, through a {@link LineReader}: constant
 * memory whatever the file's length. The format follows the extension:
 *
 * - `.csv` with a header row: Shopify's admin order export (help.shopify.com/en/manual/fulfillment/
 *   managing-orders/exporting-orders; its `Created at` column reads `2024-05-01 09:58:12 +0000`, and an
 *   order with several line items takes several lines sharing its `Name`, the order's own columns on the
 *   first only — one order per Name), or any CSV with an `at` or `offsetSeconds` column;
 * - `.jsonl` / `.ndjson`: one object per line with `at`, `created_at` (a REST order's) or `offsetSeconds`.
 *
 * Optional fields: the customer (`Email`/`customer`/`email`) and the total (`Total`/`total_price` in
 * dollars, `totalCents`). Orders must come oldest first; a time earlier than the one before is refused with
 * its line (Shopify's export may list newest first: reverse it before replaying).
 *
 * @example
 * const trace = new TraceReader('scenarios/traces/launch-orders.csv');
 * for (let order = trace.next(); order; order = trace.next()) console.log(order.offsetMs);
 */
export class TraceReader {
  private readonly lines: LineReader;
  private readonly jsonl: boolean;
  private columns: Partial<Record<Field, number>> = {};
  private firstMs: number | undefined;
  private lastMs = -Infinity;
  private lastName: string | undefined;
  private offsets: boolean | undefined;
  private totalInCents = false;
  private timeColumn = '';

  /** @param path - The trace file; opened and its header read at once. */
  constructor(readonly path: string) {
    const extension = extname(path).toLowerCase();
    if (!['.csv', '.jsonl', '.ndjson'].includes(extension))
      throw this.invalid(0, `the trace must be a .csv, .jsonl or .ndjson file (got "${extension}")`);
    this.lines = new LineReader(path);
    this.jsonl = extension !== '.csv';
    if (!this.jsonl) this.readHeader();
  }

  /** The next recorded order, or undefined at the end of the trace. */
  next(): TraceOrder | undefined {
    for (;;) {
      const raw = this.jsonl ? this.nextJson() : this.nextCsv();
      if (raw === undefined) return undefined;
      if (raw === 'skip') continue;
      return this.order(raw);
    }
  }

  /** Stops reading early and closes the file. */
  close(): void {
    this.lines.close();
  }

  private readHeader(): void {
    const header = readCsvRecord(this.lines);
    if (!header) throw this.invalid(1, 'the file is empty; a CSV trace needs a header row');
    const names = header.fields.map((name) => name.trim().toLowerCase());
    for (const field of Object.keys(traceFields) as Field[]) {
      const index = names.findIndex((name) => (traceFields[field] as readonly string[]).includes(name));
      if (index >= 0) this.columns[field] = index;
    }
    this.timeColumn = header.fields[this.columns.time ?? 0]?.trim() ?? '';
    this.totalInCents = this.columns.total !== undefined && names[this.columns.total] === 'totalcents';
    if (this.columns.time === undefined)
      throw this.invalid(
        header.line,
        'the header has no time column: give "Created at" (Shopify\'s order export), "at" (a timestamp with ' +
          `its offset) or "offsetSeconds" (got ${header.fields.map((f) => JSON.stringify(f)).join(', ')})`,
      );
  }

  private nextCsv(): RawOrder | 'skip' | undefined {
    const record = readCsvRecord(this.lines);
    if (!record) return undefined;
    const cell = (field: Field): string => {
      const index = this.columns[field];
      return index === undefined ? '' : (record.fields[index] ?? '').trim();
    };
    const name = cell('name');
    // A further line item of the order just read: same Name, the order's columns left empty.
    if (this.columns.name !== undefined && name !== '' && name === this.lastName) return 'skip';
    this.lastName = name;
    const time = cell('time');
    if (time === '')
      throw this.invalid(record.line, `${this.timeColumn} is empty${name ? ` (order ${name})` : ''}`);
    return {
      time,
      customer: cell('customer'),
      total: cell('total'),
      line: record.line,
      cents: this.totalInCents,
    };
  }

  private nextJson(): RawOrder | 'skip' | undefined {
    const text = this.lines.next();
    if (text === undefined) return undefined;
    if (text.trim() === '') return 'skip';
    const line = this.lines.lineNumber;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw this.invalid(line, `is not JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw this.invalid(line, 'must be a JSON object such as {"at": "2024-05-01T09:58:12Z"}');
    const object = value as Record<string, unknown>;
    const pick = (field: Field): string => {
      const key = Object.keys(object).find((k) =>
        (traceFields[field] as readonly string[]).includes(k.toLowerCase()),
      );
      const found = key === undefined ? undefined : object[key];
      return found === undefined || found === null ? '' : String(found);
    };
    const time = pick('time');
    if (time === '') throw this.invalid(line, 'has no time: give "at", "created_at" or "offsetSeconds"');
    const cents = Object.keys(object).some((key) => key.toLowerCase() === 'totalcents');
    return { time, customer: pick('customer'), total: pick('total'), line, cents };
  }

  private order(raw: RawOrder): TraceOrder {
    const offsetMs = secondsTextMs(raw.time);
    const offset = offsetMs !== undefined;
    const atMs = offsetMs ?? parseTraceTime(raw.time);
    if (atMs === undefined)
      throw this.invalid(
        raw.line,
        `"${raw.time}" is not a time: give a timestamp with its offset (2024-05-01 09:58:12 +0000, ` +
          "2024-05-01T09:58:12Z) or a number of seconds from the trace's start",
      );
    this.offsets ??= offset;
    if (offset !== this.offsets)
      throw this.invalid(
        raw.line,
        'mixes timestamps and offsets in seconds; use one kind for the whole trace',
      );
    this.firstMs ??= offset ? 0 : atMs;
    if (atMs < this.lastMs)
      throw this.invalid(
        raw.line,
        `${raw.time} is ${(this.lastMs - atMs) / 1000} s before the order before it: a trace must list orders ` +
          'oldest first (if it lists newest first, reverse its lines, header kept first)',
      );
    this.lastMs = atMs;
    const order: TraceOrder = { offsetMs: atMs - this.firstMs, line: raw.line };
    if (raw.customer !== '') order.customer = raw.customer.toLowerCase();
    const cents = this.totalCents(raw);
    if (cents !== undefined) order.totalCents = cents;
    return order;
  }

  private totalCents(raw: RawOrder): number | undefined {
    if (raw.total === '') return undefined;
    if (!/^\d+(\.\d+)?$/.test(raw.total))
      throw this.invalid(raw.line, `the total "${raw.total}" is not an amount such as 34.98`);
    const amount = Number(raw.total);
    return Math.round(raw.cents === true ? amount : amount * 100);
  }

  private invalid(line: number, message: string): FunnelstormError {
    return new FunnelstormError(
      'SCENARIO_INVALID',
      `${this.path}${line > 0 ? ` line ${line}` : ''}: ${message}`,
    );
  }
}

interface RawOrder {
  time: string;
  customer: string;
  total: string;
  line: number;
  /** The total is in cents (`totalCents`), not dollars. */
  cents: boolean;
}
