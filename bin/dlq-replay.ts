import { randomInt } from 'node:crypto';
import { plans, type PlanName } from '../mocks/plans.js';
import { StoreDeadLetters, type StoredDeadLetter } from '../pipeline/dead-letter-log.js';
import { orderClaimKey } from '../pipeline/order-claim.js';
import { createReferencePipeline } from '../pipeline/reference-pipeline.js';
import type { ShopTarget } from '../pipeline/shopify-requests.js';
import type { Store } from '../pipeline/store.js';
import { createFetchTransport } from '../runtime/fetch-transport.js';
import { createRandom } from '../runtime/seeded-random.js';
import { systemClock } from '../runtime/system-clock.js';
import { parseLiveDeadLetterPayload, type LiveDeadLetterPayload } from '../sim/run-live.js';

// The replay half of `funnelstorm dlq` (dlq-command.ts): re-drive order letters through the reference
// pipeline and remove each once its order has ended.

/** The dead letters of one shop in the Store, as live runs write them. */
export type Letters = StoreDeadLetters<LiveDeadLetterPayload>;
/** One stored letter, readable or not. */
export type Entry = StoredDeadLetter<LiveDeadLetterPayload>;
type ReadableEntry = Extract<Entry, { ok: true }>;

/** What a replay needs from the command's flags. */
export interface ReplaySettings {
  shop: string;
  target: string;
  token: string;
  plan: PlanName;
  concurrency: number;
}

export interface ReplayContext {
  store: Store;
  log: Letters;
  flags: ReplaySettings;
}

/**
 * Re-drives the chosen order letters, one order per source id, through a reference pipeline over the
 * live Store and the fetch transport, and removes a source id's letters once its order ended created or
 * already done. Every replayed order is looked up first (`lookUpFirst`): its claim may say an attempt
 * may have created it, or may have expired, which no longer tells whether one did.
 */
export async function replayLetters(
  chosen: readonly Entry[],
  { store, log, flags }: ReplayContext,
): Promise<{ replayed: number; failed: number; skipped: number; lines: string[] }> {
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
  const shop: ShopTarget = { domain: flags.shop, accessToken: flags.token, apiVersion: '2026-01' };
  let replayed = 0;
  let failed = 0;
  const removals: Promise<void>[] = [];
  const pipeline = createReferencePipeline({
    clock: systemClock,
    // A fresh seed per replay: claim and lock tokens must differ from every other process's.
    random: createRandom(randomInt(2 ** 32 - 1)).fork('dlq-replay'),
    transport: createFetchTransport({ origin: flags.target }),
    store,
    shop,
    limits: { bucketSize: plans[flags.plan].bucketSize, leakPerSecond: plans[flags.plan].leakPerSecond },
    options: { concurrency: flags.concurrency },
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
      receivedAtMs: systemClock.nowMs(),
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

async function removeLetter(log: Letters, id: string, lines: string[], how: string): Promise<boolean> {
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

/** The dead letters of `shop` in `store`. */
export function letters(store: Store, shop: string): Letters {
  return new StoreDeadLetters(store, shop, { parsePayload: parseLiveDeadLetterPayload });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
