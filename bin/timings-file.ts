import { createWriteStream } from 'node:fs';
import type { LiveOrderTiming } from '../sim/run-live.js';

/** A JSON Lines file of order timings that `funnelstorm work --timings` writes. */
export interface TimingsFile {
  /** Appends one order's timing as a line (buffered: memory stays flat in the run's length). */
  write(timing: LiveOrderTiming): void;
  /** Flushes and closes the file; rejects when it could not be written. */
  close(): Promise<void>;
}

/**
 * Opens `path` for `funnelstorm work --timings`: one JSON object per ended order — its source id, arrival,
 * start and end in ms since the epoch, and its outcome — for the live knee sweep (sim/live-knee-runner.ts)
 * or anyone measuring a live run from outside.
 */
export function openTimingsFile(path: string): TimingsFile {
  const stream = createWriteStream(path);
  let failure: Error | undefined;
  stream.on('error', (error) => (failure = error));
  return {
    write(timing) {
      stream.write(`${JSON.stringify(timing)}\n`);
    },
    close() {
      return new Promise((resolve, reject) => {
        stream.end(() => (failure === undefined ? resolve() : reject(failure)));
        stream.once('error', reject);
      });
    },
  };
}
