import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { FunnelstormError } from '../runtime/errors.js';

/** The longest line a trace or rate file may have, in characters: 1 MB (a real export line is < 2 KB). */
export const maxLineLength = 1024 * 1024;

/**
 * Reads a text file line by line, synchronously and lazily: one chunk of `chunkBytes` at a time with
 * `readSync`, so memory is one chunk and one line however long the file is. Synchronous on purpose: the
 * simulator must never await real I/O (a promise it does not schedule would let virtual time run past it),
 * so the traffic process pulls each line when it needs it. UTF-8; a leading byte-order mark is dropped;
 * `\r\n` and `\n` both end a line; a last line without an end is still a line.
 *
 * @example
 * const reader = new LineReader('scenarios/traces/launch-orders.csv');
 * for (let line = reader.next(); line !== undefined; line = reader.next()) handle(line, reader.lineNumber);
 */
export class LineReader {
  /** The 1-based number of the line `next()` returned last (0 before the first). */
  lineNumber = 0;
  private fd: number | undefined;
  private readonly buffer: Buffer;
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private ended = false;

  /**
   * @param path - The file to read; opened at once (throws `SCENARIO_INVALID` when it cannot be).
   * @param chunkBytes - How much to read at a time, in bytes. Defaults to 64 KB.
   */
  constructor(
    readonly path: string,
    chunkBytes = 64 * 1024,
  ) {
    try {
      this.fd = openSync(path, 'r');
    } catch (error) {
      throw new FunnelstormError('SCENARIO_INVALID', `${path} cannot be read (${(error as Error).message})`, {
        cause: error,
      });
    }
    this.buffer = Buffer.alloc(chunkBytes);
  }

  /** The next line without its end, or undefined at the end of the file (which closes it). */
  next(): string | undefined {
    for (;;) {
      const end = this.pending.indexOf('\n');
      if (end >= 0) {
        const line = this.pending.slice(0, end);
        this.pending = this.pending.slice(end + 1);
        return this.emit(line.endsWith('\r') ? line.slice(0, -1) : line);
      }
      if (this.pending.length > maxLineLength)
        throw new FunnelstormError(
          'SCENARIO_INVALID',
          `${this.path} line ${this.lineNumber + 1} is longer than ${maxLineLength} characters; is it a text file of one record per line?`,
        );
      if (this.ended) {
        if (this.pending === '') return undefined;
        const last = this.pending;
        this.pending = '';
        return this.emit(last);
      }
      this.fill();
    }
  }

  /** Closes the file early; `next()` then returns undefined. Safe to call twice. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.ended = true;
    this.pending = '';
  }

  private emit(line: string): string {
    this.lineNumber += 1;
    return this.lineNumber === 1 && line.startsWith('\uFEFF') ? line.slice(1) : line;
  }

  private fill(): void {
    if (this.fd === undefined) {
      this.ended = true;
      return;
    }
    const read = readSync(this.fd, this.buffer, 0, this.buffer.length, null);
    if (read === 0) {
      this.pending += this.decoder.end();
      closeSync(this.fd);
      this.fd = undefined;
      this.ended = true;
      return;
    }
    this.pending += this.decoder.write(this.buffer.subarray(0, read));
  }
}
