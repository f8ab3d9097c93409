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
}

/**
 * Where the pipeline puts every give-up, with its payload, reason and attempts, so nothing is lost
 * silently. In memory here; a later issue adds a Redis stream and `funnelstorm dlq replay`.
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
