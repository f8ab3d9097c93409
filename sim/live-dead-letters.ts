import { StoreDeadLetters } from '../pipeline/dead-letter-log.js';
import type { LiveDeadLetterPayload } from '../pipeline/dead-letter-payload.js';
import type { DeadLetter, DeadLetterQueue } from '../pipeline/dead-letter-queue.js';
import type { PipelineOrder } from '../pipeline/shopify-requests.js';
import type { Store } from '../pipeline/store.js';

/** A dead letter as a live worker keeps it: in the Store's log, or else where the caller puts it. */
export type LiveDeadLetter = DeadLetter<LiveDeadLetterPayload>;

/** What {@link LiveDeadLetterSink.flush} has done so far. */
export interface LiveDeadLetterCounts {
  /** Letters appended to the Store's log `{<shop>}:dlq`. */
  stored: number;
  /** Letters the Store refused, handed to the fallback (a local file). */
  local: number;
  /** The last reason the Store refused one. */
  storeError?: string;
}

/**
 * Moves a live worker's dead letters (orders and customer updates) to the Store's dead-letter log as they
 * happen, so that neither a crash nor an interrupt loses one: each flush appends the letters given up on
 * since the last, and a letter the Store cannot take goes to `fallback` (the CLI appends it to a local
 * file) rather than being dropped. Flushes run one after another.
 */
export class LiveDeadLetterSink {
  readonly counts: LiveDeadLetterCounts = { stored: 0, local: 0 };
  private readonly log: StoreDeadLetters<LiveDeadLetterPayload>;
  private readonly flushed = { order: 0, 'customer-update': 0 };
  private chain: Promise<void> = Promise.resolve();

  constructor(
    store: Store,
    shopDomain: string,
    private readonly queues: {
      order: DeadLetterQueue<PipelineOrder>;
      'customer-update': DeadLetterQueue<PipelineOrder>;
    },
    private readonly fallback: (letter: LiveDeadLetter, storeError: string) => void,
  ) {
    this.log = new StoreDeadLetters<LiveDeadLetterPayload>(store, shopDomain);
  }

  /** Stores the letters added since the last flush; resolves when they (and every earlier flush) are kept. */
  flush(): Promise<void> {
    this.chain = this.chain.then(async () => {
      for (const stage of ['order', 'customer-update'] as const) {
        const entries = this.queues[stage].entries();
        while (this.flushed[stage] < entries.length) {
          const letter = entries[this.flushed[stage]++];
          if (letter !== undefined) await this.keep({ ...letter, payload: { ...letter.payload, stage } });
        }
      }
    });
    return this.chain;
  }

  private async keep(letter: LiveDeadLetter): Promise<void> {
    try {
      await this.log.add(letter);
      this.counts.stored++;
    } catch (error) {
      this.counts.storeError = error instanceof Error ? error.message : String(error);
      this.counts.local++;
      this.fallback(letter, this.counts.storeError);
    }
  }
}
