import { keepOwnerAlive, ownerHeartbeatKey } from '../pipeline/claim-owner.js';
import { variantGuarantees } from '../pipeline/pipeline-variants.js';
import { createReferencePipeline, jitterHeadroom } from '../pipeline/reference-pipeline.js';
import type { ShopTarget } from '../pipeline/shopify-requests.js';
import type { Store } from '../pipeline/store.js';
import { watchStore, type StoreWatcher } from '../pipeline/watch-store.js';
import type { Clock, Gate } from '../runtime/clock.js';
import { FunnelstormError } from '../runtime/errors.js';
import { createRandom } from '../runtime/seeded-random.js';
import type { Dispatch } from '../runtime/transport.js';
import { generateOrders } from '../scenarios/arrivals.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { LiveDeadLetterSink, type LiveDeadLetter } from './live-dead-letters.js';
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
  /**
   * This process's id, unique across the run's processes and their reruns (host, pid, a random part):
   * written into every claim it takes and kept alive as a heartbeat in the Store, so that a rerun takes
   * over the claims of a process that died instead of skipping their orders (pipeline/claim-owner.ts).
   * Without it, claims carry no owner.
   */
  owner?: string;
  /**
   * Aborted to stop the run (SIGINT/SIGTERM): no order is taken after it; the orders in flight finish,
   * and those never started stay unclaimed for a rerun. The summary then has `interrupted: true`.
   */
  signal?: AbortSignal;
  /** Told when the Store goes away and when it comes back (pipeline/watch-store.ts). */
  storeWatcher?: StoreWatcher;
  /**
   * Where a dead letter goes that the Store cannot take (the CLI appends it to a local file). Without
   * it, such a letter is only counted and named in the summary.
   */
  onUnstoredDeadLetter?: (letter: LiveDeadLetter, storeError: string) => void;
  /**
   * Told of every order of the share that ended, with its three instants on `clock` (for `work --timings`
   * and the live knee sweep, sim/live-knee-runner.ts).
   */
  onOrderTimed?: (timing: LiveOrderTiming) => void;
}

/**
 * When one order of a live run arrived, started and ended, in ms on the worker's clock (the system clock:
 * ms since the epoch, so the figures of several processes on one host line up).
 */
export interface LiveOrderTiming {
  sourceOrderId: string;
  /** Its arrival: the run's start + its arrival time in the scenario ÷ the time scale. */
  arrivalMs: number;
  /** When a worker took it (the intake hands a worker at most one order: arrival + queue wait). */
  startMs: number;
  /** When it ended. */
  doneMs: number;
  outcome: 'created' | 'dead-lettered' | 'already-claimed';
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
  /** Dead letters the Store could not take, handed to `onUnstoredDeadLetter` (a local file). */
  deadLettersLocal: number;
  /** Times the Store went away during the run (each reported through `storeWatcher`). */
  storeOutages: number;
  /** True when `signal` stopped the run before every order was taken. */
  interrupted: boolean;
  /** Orders of the share never started (after an interrupt): unclaimed, a rerun takes them. */
  notStarted: number;
}

export { parseLiveDeadLetterPayload, type LiveDeadLetterPayload } from '../pipeline/dead-letter-payload.js';

/** A summary with every count at 0, for `orders` orders of `share`. */
export function emptyLiveWorkerSummary(share: ProcessShare, orders: number): LiveWorkerSummary {
  return {
    process: share,
    orders,
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
    deadLettersLocal: 0,
    storeOutages: 0,
    interrupted: false,
    notStarted: 0,
  };
}

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
  if ((resolved.shop.count ?? 1) > 1)
    throw new FunnelstormError(
      'SCENARIO_INVALID',
      `shop.count ${resolved.shop.count}: a live worker serves one shop (${deps.shop.domain}); many shops run in sim mode.`,
    );
  const timeScale = deps.timeScale ?? 1;
  const { clock, signal } = deps;
  const root = createRandom(resolved.seed);
  // Every process generates the same traffic from the seed and keeps its own share of it.
  const orders = generateOrders(resolved.traffic, root.fork('traffic')).filter(
    (_, position) => position % share.count === share.index - 1,
  );
  const limits = { bucketSize: resolved.shop.bucketSize, leakPerSecond: resolved.shop.leakPerSecond };
  const { name, ...settings } = resolved.pipeline;
  const summary = emptyLiveWorkerSummary(share, orders.length);
  const store = watchStore(deps.store, clock, {
    onLost(error, atMs) {
      summary.storeOutages++;
      deps.storeWatcher?.onLost(error, atMs);
    },
    onBack: (outageMs) => deps.storeWatcher?.onBack(outageMs),
  });
  let done = 0;
  // The intake hands the pipeline at most one order per worker, so that an interrupt leaves every order
  // not yet started unclaimed; a worker that ends one opens the gate for the next.
  let roomGate: Gate<void> | undefined;
  const pipeline = createReferencePipeline({
    clock,
    random: root.fork(`process-${share.index}`),
    transport: deps.transport,
    store,
    shop: deps.shop,
    limits,
    // Real processes lag (event loops, a shared CPU), so a live worker keeps 50 ms of calls unused.
    options: {
      ...settings,
      ...variantGuarantees(name),
      throttleHeadroom: jitterHeadroom(limits.leakPerSecond, liveJitterToleranceMs),
      ...(deps.owner !== undefined && { claimOwner: deps.owner }),
    },
    ...(resolved.workflow && { workflow: resolved.workflow }),
    hooks: {
      onCall(call) {
        summary.calls++;
        if (call.status === 429) summary.status429++;
      },
      onOrderDone(order, outcome, atMs) {
        if (deps.onOrderTimed !== undefined) {
          deps.onOrderTimed({
            sourceOrderId: order.sourceOrderId,
            arrivalMs: arrivalsMs.get(order.sourceOrderId) ?? order.receivedAtMs,
            startMs: order.receivedAtMs,
            doneMs: atMs,
            outcome: outcome.kind,
          });
        }
        if (outcome.kind === 'created') summary.created++;
        else if (outcome.kind === 'dead-lettered') summary.deadLettered++;
        else summary.alreadyClaimed++;
        // A failure here fails the run's last flush below, which reports it.
        sink.flush().catch(() => undefined);
        done++;
        roomGate?.open();
        deps.onOrderDone?.(done, orders.length);
      },
    },
  });
  const sink = new LiveDeadLetterSink(
    store,
    deps.shop.domain,
    { order: pipeline.deadLetters, 'customer-update': pipeline.customerDeadLetters },
    (letter, storeError) => deps.onUnstoredDeadLetter?.(letter, storeError),
  );
  const heartbeat = new AbortController();
  const beating =
    deps.owner === undefined
      ? Promise.resolve()
      : keepOwnerAlive(store, clock, ownerHeartbeatKey(deps.shop.domain, deps.owner), heartbeat.signal);

  const startedMs = clock.nowMs();
  // Each order's arrival on the clock, kept only when someone asks for the timings.
  const arrivalsMs = new Map<string, number>();
  if (deps.onOrderTimed !== undefined)
    for (const order of orders) arrivalsMs.set(order.id, startedMs + order.arrivalMs / timeScale);
  let accepted = 0;
  const traffic = async (): Promise<void> => {
    for (const order of orders) {
      const dueMs = startedMs + order.arrivalMs / timeScale;
      if (dueMs > clock.nowMs()) await clock.sleep(dueMs - clock.nowMs(), signal);
      while (!signal?.aborted && accepted - done >= pipeline.options.concurrency) {
        roomGate = clock.gate<void>();
        await roomGate.wait(signal);
      }
      if (signal?.aborted) break;
      accepted++;
      pipeline.accept({
        sourceOrderId: order.id,
        customerId: simCustomerId(order.customerNumber),
        totalCents: order.totalCents,
        receivedAtMs: clock.nowMs(),
      });
    }
    pipeline.close();
  };
  try {
    await Promise.all([traffic(), ...pipeline.workers().map((body) => body())]);
    await sink.flush();
  } finally {
    heartbeat.abort();
    await beating;
  }
  summary.interrupted = accepted < orders.length;
  summary.notStarted = orders.length - accepted;
  summary.durationMs = clock.nowMs() - startedMs;
  summary.customerUpdatesDeadLettered = pipeline.customerDeadLetters.size;
  summary.deadLetteredOrderIds = pipeline.deadLetters.entries().map((letter) => letter.key);
  summary.customersNotUpdated = pipeline.customerDeadLetters.entries().map((l) => l.payload.customerId);
  summary.deadLetterReasons = [...pipeline.deadLetters.entries(), ...pipeline.customerDeadLetters.entries()]
    .slice(0, 5)
    .map((letter) => `${letter.key}: ${letter.reason}`);
  summary.deadLettersStored = sink.counts.stored;
  summary.deadLettersLocal = sink.counts.local;
  if (sink.counts.storeError !== undefined) summary.deadLetterStoreError = sink.counts.storeError;
  return summary;
}
