import { StoreDeadLetters, type StoredDeadLetter } from './dead-letter-log.js';
import type { DeadLetter } from './dead-letter-queue.js';
import type { PipelineOrder } from './shopify-requests.js';
import type { Store } from './store.js';

/**
 * A dead letter's payload in the Store's dead-letter log, as a live worker (`funnelstorm work`) appends
 * it: the order, and which stage gave up — `order` (the order may not exist) or `customer-update` (the
 * order exists; its customer's totals were not updated).
 */
export type LiveDeadLetterPayload = PipelineOrder & { stage: 'order' | 'customer-update' };

/** The dead letters of one shop in the Store, as live runs write them. */
export type LiveDeadLetters = StoreDeadLetters<LiveDeadLetterPayload>;

/** One stored letter of {@link LiveDeadLetters}, readable or not. */
export type LiveDeadLetterEntry = StoredDeadLetter<LiveDeadLetterPayload>;

/** Checks a payload read back from the dead-letter log (`parsePayload` of `StoreDeadLetters`). */
export function parseLiveDeadLetterPayload(payload: unknown): LiveDeadLetterPayload | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { sourceOrderId, customerId, totalCents, receivedAtMs, stage } = payload as Record<string, unknown>;
  if (typeof sourceOrderId !== 'string' || typeof customerId !== 'string') return undefined;
  if (typeof totalCents !== 'number' || typeof receivedAtMs !== 'number') return undefined;
  // A letter appended without a stage (a plain PipelineOrder) is an order's.
  const kind = stage === undefined ? 'order' : stage;
  if (kind !== 'order' && kind !== 'customer-update') return undefined;
  return { sourceOrderId, customerId, totalCents, receivedAtMs, stage: kind };
}

/** The dead letters of `shop` in `store` (`{<shop>}:dlq`), their payloads checked on reading. */
export function liveDeadLetters(store: Store, shop: string): LiveDeadLetters {
  return new StoreDeadLetters(store, shop, { parsePayload: parseLiveDeadLetterPayload });
}

/**
 * A live dead letter as one JSON object, as `funnelstorm dlq list --json` prints a stored one and the local
 * dead-letter file keeps one: stage, source id, reason, attempts, time, payload, Shopify's last answer.
 */
export function liveDeadLetterJson(letter: DeadLetter<LiveDeadLetterPayload>): object {
  const { key, reason, attempts, atMs, payload, lastResponse } = letter;
  return { stage: payload.stage, sourceOrderId: key, reason, attempts, atMs, payload, lastResponse };
}
