import { StoreDeadLetters } from '../pipeline/dead-letter-log.js';
import type { LiveDeadLetterPayload } from '../pipeline/dead-letter-payload.js';
import type { DeadLetter } from '../pipeline/dead-letter-queue.js';
import { variantGuarantees } from '../pipeline/pipeline-variants.js';
import { createReferencePipeline, jitterHeadroom } from '../pipeline/reference-pipeline.js';
import type { PipelineOrder, ShopTarget } from '../pipeline/shopify-requests.js';
import type { Store } from '../pipeline/store.js';
import type { Clock } from '../runtime/clock.js';
import { FunnelstormError } from '../runtime/errors.js';
import { createRandom } from '../runtime/seeded-random.js';
import type { Dispatch } from '../runtime/transport.js';
import { generateOrders } from '../scenarios/arrivals.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { resolveScenario, simCustomerId, type ScenarioOverrides } from './run-scenario.js';

/** The event-loop lag, in ms, a live worker's throttle headroom absorbs (see `jitterHeadroom`). */
const liveJitterToleranceMs = 50;

/** Which share of the traffic one worker process takes: process `index` (1 … `count`) of `count`. */
export interface ProcessShare {
  index: number;
  count: number;
}

/** What {@link runLiveWorker} runs on: real seams, chosen by the caller (the CLI's `funnelstorm work`). */
export interface LiveWorkerDeps {
  /** The real clock (runtime/system-clock.ts). */
  clock: Clock;
  /** The live Transport (runtime/fetch-transport.ts), to a `funnelstorm serve` mock or a real shop. */
  transport: Dispatch;
  /** The Store every process of the run shares (Redis); the memory store only serves one process. */
  store: Store;
  /** The shop and app. */
  shop: ShopTarget;
  /** This process's share of the orders. Defaults to all of them (1 of 1). */
  share?: ProcessShare;
  /** Arrival times are divided by this (10 replays an hour's launch in 6 minutes). Defaults to 1. */
  timeScale?: number;
  /** Told of every order that ended, for progress. */
  onOrderDone?: (done: number, total: number) => void;
}

/** One worker process's figures, as `funnelstorm work` prints them (one JSON line). */
export interface LiveWorkerSummary {
  process: ProcessShare;
  /** Orders this process received (its share). */
  orders: number;
  /** Orders it created, or found created after an ambiguous failure. */
  created: number;
  /** Orders another delivery or process had already claimed (done or in flight elsewhere). */
  alreadyClaimed: number;
  /** Orders it dead-lettered, with the first few reasons. */
  deadLettered: number;
  /** Customer updates it gave up on (the order exists; the audit shows a lost update). */
  customerUpdatesDeadLettered: number;
  /** The first few dead letters, `<source id>: <reason>`. */
  deadLetterReasons: string[];
  /** The source ids of the orders it dead-lettered (for the audit's "missing"). */
  deadLetteredOrderIds: string[];
  /** The customers whose update it gave up on (each is then a lost update the dead letters explain). */
  customersNotUpdated: string[];
  /** Requests this process sent to Shopify, and how many were answered 429. */
  calls: number;
  status429: number;
  /** Wall time of the run, in ms. */
  durationMs: number;
  /** Dead letters (orders and customer updates) appended to the Store's dead-letter log `{<shop>}:dlq`. */
  deadLettersStored: number;
  /** Why some dead letters could not be appended to the Store (they are still counted above), if any. */
  deadLetterStoreError?: string;
}

export { parseLiveDeadLetterPayload, type LiveDeadLetterPayload } from '../pipeline/dead-letter-payload.js';

/**
 * Runs one worker process of a live run (../shared/DESIGN.md, "live" mode): the scenario's orders — this
 * process's share of them, at their arrival times on the real clock — through the scenario's pipeline,
 * over a real Transport and a Store shared by every process (Redis), so the throttle, the customer
 * locks and the idempotency claims hold across processes. Randomness is forked per process
 * (`process-<index>`), so two processes never draw the same lock token.
 *
 * @throws FunnelstormError `FLAG_INVALID` for a share outside 1 … count.
 */
export async function runLiveWorker(
  scenario: Scenario,
  overrides: ScenarioOverrides,
  deps: LiveWorkerDeps,
): Promise<LiveWorkerSummary> {
  const resolved = resolveScenario(scenario, overrides);
  const share = deps.share ?? { index: 1, count: 1 };
  const whole = Number.isInteger(share.count) && Number.isInteger(share.index);
  if (!whole || share.index < 1 || share.index > share.count) {
    throw new FunnelstormError(
      'FLAG_INVALID',
      `--process must be i/n with 1 ≤ i ≤ n (got ${share.index}/${share.count}).`,
    );
  }
  const timeScale = deps.timeScale ?? 1;
  const { clock } = deps;
  const root = createRandom(resolved.seed);
  // Every process generates the same traffic from the seed and keeps its own share of it.
  const orders = generateOrders(resolved.traffic, root.fork('traffic')).filter(
    (_, position) => position % share.count === share.index - 1,
  );
  const limits = { bucketSize: resolved.shop.bucketSize, leakPerSecond: resolved.shop.leakPerSecond };
  const { name, ...settings } = resolved.pipeline;
  const summary: LiveWorkerSummary = {
    process: share,
    orders: orders.length,
    created: 0,
    alreadyClaimed: 0,
    deadLettered: 0,
    customerUpdatesDeadLettered: 0,
    deadLetterReasons: [],
    deadLetteredOrderIds: [],
    customersNotUpdated: [],
    calls: 0,
    status429: 0,
    durationMs: 0,
    deadLettersStored: 0,
  };
  let done = 0;
  const pipeline = createReferencePipeline({
    clock,
    random: root.fork(`process-${share.index}`),
    transport: deps.transport,
    store: deps.store,
    shop: deps.shop,
    limits,
    // Real processes lag (event loops, a shared CPU), so a live worker keeps 50 ms of calls unused.
    options: {
      ...settings,
      ...variantGuarantees(name),
      throttleHeadroom: jitterHeadroom(limits.leakPerSecond, liveJitterToleranceMs),
    },
    hooks: {
      onCall(call) {
        summary.calls++;
        if (call.status === 429) summary.status429++;
      },
      onOrderDone(_order, outcome) {
        if (outcome.kind === 'created') summary.created++;
        else if (outcome.kind === 'dead-lettered') summary.deadLettered++;
        else summary.alreadyClaimed++;
        deps.onOrderDone?.(++done, orders.length);
      },
    },
  });

  const startedMs = clock.nowMs();
  const traffic = async (): Promise<void> => {
    for (const order of orders) {
      const dueMs = startedMs + order.arrivalMs / timeScale;
      if (dueMs > clock.nowMs()) await clock.sleep(dueMs - clock.nowMs());
      pipeline.accept({
        sourceOrderId: order.id,
        customerId: simCustomerId(order.customerNumber),
        totalCents: order.totalCents,
        receivedAtMs: clock.nowMs(),
      });
    }
    pipeline.close();
  };
  await Promise.all([traffic(), ...pipeline.workers().map((body) => body())]);
  summary.durationMs = clock.nowMs() - startedMs;
  summary.customerUpdatesDeadLettered = pipeline.customerDeadLetters.size;
  summary.deadLetteredOrderIds = pipeline.deadLetters.entries().map((letter) => letter.key);
  summary.customersNotUpdated = pipeline.customerDeadLetters.entries().map((l) => l.payload.customerId);
  summary.deadLetterReasons = [...pipeline.deadLetters.entries(), ...pipeline.customerDeadLetters.entries()]
    .slice(0, 5)
    .map((letter) => `${letter.key}: ${letter.reason}`);
  await storeDeadLetters(
    deps,
    pipeline.deadLetters.entries(),
    pipeline.customerDeadLetters.entries(),
    summary,
  );
  return summary;
}

/**
 * Appends the run's dead letters to the Store's dead-letter log at the end of the run, so that
 * `funnelstorm dlq list|replay` sees them from any process. A Store failure does not fail the run: the
 * letters are still in the summary, and the error is reported there.
 */
async function storeDeadLetters(
  deps: LiveWorkerDeps,
  orders: readonly DeadLetter<PipelineOrder>[],
  customerUpdates: readonly DeadLetter<PipelineOrder>[],
  summary: LiveWorkerSummary,
): Promise<void> {
  const log = new StoreDeadLetters<LiveDeadLetterPayload>(deps.store, deps.shop.domain);
  const letters = [
    ...orders.map((letter) => ({ letter, stage: 'order' as const })),
    ...customerUpdates.map((letter) => ({ letter, stage: 'customer-update' as const })),
  ];
  for (const { letter, stage } of letters) {
    try {
      await log.add({ ...letter, payload: { ...letter.payload, stage } });
      summary.deadLettersStored++;
    } catch (error) {
      summary.deadLetterStoreError = error instanceof Error ? error.message : String(error);
      return;
    }
  }
}
