import type { Clock } from '../runtime/clock.js';
import type { Random } from '../runtime/random.js';
import type { Dispatch } from '../runtime/transport.js';
import type { LiveDeadLetterEntry, LiveDeadLetters } from './dead-letter-payload.js';
import { orderClaimKey } from './order-claim.js';
import { createReferencePipeline } from './reference-pipeline.js';
import type { ShopTarget } from './shopify-requests.js';
import type { Store } from './store.js';

// The replay of the dead-letter queue live runs leave in the Store (`funnelstorm dlq replay`): re-drive
// order letters through the reference pipeline and remove each once its order has ended.

type ReadableEntry = Extract<LiveDeadLetterEntry, { ok: true }>;

/** What {@link replayDeadLetters} runs on. */
export interface DeadLetterReplayDeps {
  /** The real clock, live. */
  clock: Clock;
  /** A stream no other process draws from: claim and lock tokens must differ from every other process's. */
  random: Random;
  /** The live Transport to the shop. */
  transport: Dispatch;
  /** The Store the letters and the claims are in. */
  store: Store;
  /** The letters of `shop` in `store` (dead-letter-payload.ts, `liveDeadLetters`). */
  log: LiveDeadLetters;
  shop: ShopTarget;
  /** The shop's REST bucket, for the throttle to start from. */
  limits: { bucketSize: number; leakPerSecond: number };
  /** Workers replaying at once. */
  concurrency: number;
}

/** What a replay did: letters removed (their order ended), letters kept, letters skipped; a line each. */
export interface DeadLetterReplayResult {
  replayed: number;
  failed: number;
  skipped: number;
  lines: string[];
}

/**
 * Re-drives the chosen order letters, one order per source id, through a reference pipeline over the
 * live Store and the fetch transport, and removes a source id's letters once its order ended created or
 * already done. Every replayed order is looked up first (`lookUpFirst`): its claim may say an attempt
 * may have created it, or may have expired, which no longer tells whether one did.
 */
export async function replayDeadLetters(
  chosen: readonly LiveDeadLetterEntry[],
  deps: DeadLetterReplayDeps,
): Promise<DeadLetterReplayResult> {
  const { store, log, shop, clock } = deps;
  const lines: string[] = [];
  const bySource = new Map<string, ReadableEntry[]>();
  let skipped = 0;
  for (const entry of chosen) {
    if (!entry.ok || entry.letter.payload.stage !== 'order') {
      skipped++;
      lines.push(`${entry.id} skipped: ${entry.ok ? 'a customer update (the order exists)' : entry.reason}`);
      continue;
    }
    const group = bySource.get(entry.letter.key) ?? [];
    bySource.set(entry.letter.key, [...group, entry]);
  }
  let replayed = 0;
  let failed = 0;
  const removals: Promise<void>[] = [];
  const pipeline = createReferencePipeline({
    clock,
    random: deps.random,
    transport: deps.transport,
    store,
    shop,
    limits: deps.limits,
    options: { concurrency: deps.concurrency },
    hooks: {
      onOrderDone(order, outcome) {
        const group = bySource.get(order.sourceOrderId) ?? [];
        const ended =
          outcome.kind === 'created' || (outcome.kind === 'already-claimed' && outcome.state === 'done');
        const how =
          outcome.kind === 'created'
            ? outcome.reconciled
              ? 'found by lookup'
              : 'created'
            : outcome.kind === 'dead-lettered'
              ? `failed again: ${outcome.reason}`
              : outcome.state === 'done'
                ? 'already done'
                : 'failed again: in flight in another process';
        for (const entry of group) {
          if (ended) {
            removals.push(
              removeLetter(log, entry.id, lines, how).then((removed) => {
                if (removed) replayed++;
                else failed++;
              }),
            );
          } else {
            failed++;
            lines.push(`${entry.id} ${order.sourceOrderId}: ${how}`);
          }
        }
      },
    },
  });
  for (const [source, group] of bySource) {
    const payload = group[0]?.letter.payload;
    if (payload === undefined) continue;
    await freeDeadLetteredClaim(store, orderClaimKey(shop, source));
    const { sourceOrderId, customerId, totalCents } = payload;
    pipeline.accept({
      sourceOrderId,
      customerId,
      totalCents,
      receivedAtMs: clock.nowMs(),
      lookUpFirst: true,
    });
  }
  pipeline.close();
  await Promise.all(pipeline.workers().map((body) => body()));
  await Promise.all(removals);
  // A replayed order whose customer update gave up is a new give-up: it joins the queue.
  for (const letter of pipeline.customerDeadLetters.entries()) {
    const id = await log.add({ ...letter, payload: { ...letter.payload, stage: 'customer-update' } });
    lines.push(`${id} ${letter.key}: new customer-update letter: ${letter.reason}`);
  }
  return { replayed, failed, skipped, lines };
}

async function removeLetter(
  log: LiveDeadLetters,
  id: string,
  lines: string[],
  how: string,
): Promise<boolean> {
  try {
    await log.remove(id);
    lines.push(`${id} replayed: ${how}`);
    return true;
  } catch (error) {
    lines.push(`${id} ${how}, but the letter could not be removed: ${describe(error)}`);
    return false;
  }
}

/**
 * A claim completed `done:{"deadLettered":true}` (an attempt may have created the order) blocks every
 * later delivery; it is deleted — only if it still holds that exact value — so the pipeline can claim the
 * order again. Reads the `done:<json>` format of pipeline/idempotency.ts.
 */
async function freeDeadLetteredClaim(store: Store, key: string): Promise<void> {
  const value = await store.get(key);
  if (value === undefined || !value.startsWith('done:')) return;
  let record: unknown;
  try {
    record = JSON.parse(value.slice('done:'.length));
  } catch {
    // Not a claim this code wrote: leave it, and the pipeline's claim reads it as it would any delivery.
    return;
  }
  if ((record as { deadLettered?: unknown } | null)?.deadLettered === true) {
    await store.compareAndDelete(key, value);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
