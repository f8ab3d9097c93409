import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { liveDeadLetterJson } from '../pipeline/dead-letter-payload.js';
import type { LiveDeadLetter } from '../sim/live-dead-letters.js';

/**
 * A JSON Lines file for the dead letters a live worker could not store in Redis: one letter per line, as
 * `funnelstorm dlq list --json` prints a stored one (stage, source id, reason, attempts, payload, Shopify's
 * last answer). Created on the first letter, which is announced through `say` with the file's path.
 */
export function localDeadLetterFile(
  path: string,
  say: (line: string) => void,
): { write: (letter: LiveDeadLetter, storeError: string) => void; readonly written: number } {
  let written = 0;
  return {
    write(letter, storeError) {
      appendFileSync(path, `${JSON.stringify(liveDeadLetterJson(letter))}\n`);
      if (written++ === 0) {
        say(
          `a dead letter could not be stored in Redis (${storeError}); it and any later ones go to ` +
            `${resolve(path)}, one JSON object per line — keep that file.`,
        );
      }
    },
    get written() {
      return written;
    },
  };
}
