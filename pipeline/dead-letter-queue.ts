import type { HttpResponse } from '../runtime/transport.js';

/** The last answer Shopify gave before the give-up, with its body cut to a readable length. */
export interface DeadLetterResponse {
  status: number;
  /** The response body, at most {@link deadLetterBodyChars} characters (then ending with "…"). */
  body: string;
}

/** One give-up: what the pipeline could not do, why, and how hard it tried. */
export interface DeadLetter<T> {
  /** The upstream id of what failed (the source order id). */
  key: string;
  reason: string;
  /** Requests sent for it before giving up. */
  attempts: number;
  /** When it was given up, in ms on the clock. */
  atMs: number;
  payload: T;
  /** Shopify's last answer, when there was one (a network failure has none). */
  lastResponse?: DeadLetterResponse;
}

/** How much of a response body a dead letter keeps, in characters. */
export const deadLetterBodyChars = 500;

/** A response as a dead letter keeps it: the status and the body cut to `maxChars` (default 500). */
export function deadLetterResponse(
  response: HttpResponse,
  maxChars = deadLetterBodyChars,
): DeadLetterResponse {
  const { status, body } = response;
  return { status, body: body.length > maxChars ? `${body.slice(0, maxChars)}…` : body };
}

/**
 * Where the pipeline puts every give-up, with its payload, reason and attempts, so nothing is lost
 * silently. In memory, for one process and the simulator; `StoreDeadLetters` (dead-letter-log.ts) keeps
 * them in the Store — a Redis stream in production — and replays them.
 */
export class DeadLetterQueue<T> {
  private readonly letters: DeadLetter<T>[] = [];

  /** Records a give-up. */
  add(letter: DeadLetter<T>): void {
    this.letters.push(letter);
  }

  /** Every give-up so far, oldest first. */
  entries(): readonly DeadLetter<T>[] {
    return this.letters;
  }

  get size(): number {
    return this.letters.length;
  }
}
