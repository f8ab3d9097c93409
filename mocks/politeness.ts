import type { HttpRequest, HttpResponse } from '../runtime/transport.js';
import { retryAfterMsOf, type AnswerSeen } from './answer-seen.js';
import { requestKey } from './request-key.js';

/**
 * The most refused requests whose Retry-After waits a client keeps open at once: the oldest ended ones
 * make room; past it a new refusal's wait is not watched (its retry cannot be flagged).
 */
export const retryWaitsKept = 256;
import { tokenHint } from './bucket-timeline.js';

/**
 * How politely one client (one access token on one shop) used the shop, from the mock's own view: the
 * arrival time of each request and the answer the client got. Every count is of requests that reached
 * the model or the fault plan with a known shop and token (a 401, 404 or 413 names no client).
 */
export interface ClientPoliteness {
  /** The shop's domain, lower-case. */
  shop: string;
  /** The client, by a hint of its access token (first 6 and last 4 characters), never the whole token. */
  client: string;
  /** Requests seen from the client. */
  requests: number;
  /** The shop's own 429s the client caused: the REST bucket's, the order-rate cap's, GraphQL's when set to 429. */
  throttled: number;
  /** 429s (and spurious GraphQL THROTTLED answers) the fault plan injected: not the client's doing. */
  injectedThrottled: number;
  /**
   * Retries sooner than the shop asked: a request that repeats one the client was refused with a
   * `Retry-After` (the same method, URL and body — mocks/request-key.ts) and arrives after that answer
   * went out and before the wait it named ended (a later `Retry-After` for the same request extends the
   * wait). Other work the client sends meanwhile is not a retry and is not counted here; if the bucket
   * was full it shows as a 429 it caused and a call at a full bucket.
   */
  retryAfterViolations: number;
  /** Over those requests, how much sooner than the named time they arrived, summed, in ms. */
  retryAfterShortfallMsTotal: number;
  /** The largest such shortfall, in ms; 0 when none. */
  retryAfterShortfallMsMax: number;
  /** REST requests that arrived when the client's bucket had no room for one more call. */
  callsAtFullBucket: number;
  /**
   * Time the client's REST bucket sat empty while the client had work waiting, in ms. Work is known to
   * wait from an answer that refused it (a 429, 5xx or 408, or a reset) until the client's next request:
   * the mock sees both ends. Only an empty bucket loses capacity for good — below the brim the room
   * accumulates and a later burst can use it — so the time counted is the part of that wait after the
   * bucket drained to 0 and after any Retry-After wait the shop named had ended (waiting it out is what
   * the shop asked). A client that never calls again is not counted (it may have finished).
   */
  idleBucketMs: number;
  /** {@link ClientPoliteness.idleBucketMs} times the leak rate: calls the bucket could have served, lost. */
  idleCapacityCalls: number;
  /**
   * GraphQL requests whose requested cost was over the points available: the shop's own THROTTLED (in a
   * 200, or a 429 when the model is set so — then counted in `throttled` too).
   */
  graphqlOverAvailableCost: number;
}

/** A client's REST bucket just before a request arrives, as the model sees it. */
export interface RestBucketView {
  /** True when the bucket has no room for one more call. */
  full: boolean;
  /** When the bucket's level reaches (or reached) 0 with no further calls, in ms on the model's clock. */
  emptyFromMs: number;
  /** The leak rate in force, in calls per second. */
  leakPerSecond: number;
}

/** Where an answer came from: the shop itself, or the fault plan. */
export type AnswerSource = 'shop' | 'injected';

/** One client's running state: counts plus the open Retry-After waits and the open refusal. Bounded. */
export interface PolitenessClient {
  readonly counts: ClientPoliteness;
  waitFromMs: number;
  /** The end of the latest Retry-After wait of any of the client's requests. */
  waitUntilMs: number;
  /** The open Retry-After wait of each refused request, by its key; at most {@link retryWaitsKept}. */
  retryWaits?: Map<number, { fromMs: number; untilMs: number }>;
  /** When the last unanswered-for refusal was sent, or NaN when the client has called since. */
  refusedAtMs: number;
}

/**
 * Keeps a {@link ClientPoliteness} per client, in constant memory per client and at most `maxClients` of
 * them (the model's `maxApps`: past it a new client is not tracked, only counted in `untrackedRequests`).
 */
export class PolitenessRecorder {
  private readonly byShop = new Map<string, Map<string, PolitenessClient>>();
  private clients = 0;
  /** Requests from clients past the cap, not scored. */
  untrackedRequests = 0;

  /** @param maxClients - The most clients scored, over all shops. */
  constructor(private readonly maxClients: number) {}

  /**
   * Scores a request's arrival: a Retry-After wait it broke, an idle stretch it ends, a full bucket it
   * met. Returns the client to pass to {@link PolitenessRecorder.answered}, or undefined past the cap.
   *
   * @param nowMs - Arrival time, in ms on the model's clock.
   * @param bucket - The client's REST bucket before this request; undefined when it has none yet.
   */
  arrive(
    shop: string,
    token: string,
    nowMs: number,
    bucket?: Readonly<RestBucketView>,
    request?: HttpRequest,
  ): PolitenessClient | undefined {
    const client = this.clientOf(shop, token);
    if (client !== undefined) this.arriveAs(client, nowMs, bucket, request);
    return client;
  }

  /** {@link PolitenessRecorder.arrive} for a client already looked up (the model keeps it on the bucket). */
  arriveAs(
    client: PolitenessClient,
    nowMs: number,
    bucket?: Readonly<RestBucketView>,
    request?: HttpRequest,
  ): void {
    const counts = client.counts;
    counts.requests++;
    // Only while some wait is open is the request's key worth computing (the common path hashes nothing).
    const wait =
      nowMs < client.waitUntilMs && request !== undefined
        ? client.retryWaits?.get(requestKey(request))
        : undefined;
    if (wait !== undefined && nowMs > wait.fromMs && nowMs < wait.untilMs) {
      const shortfallMs = wait.untilMs - nowMs;
      counts.retryAfterViolations++;
      counts.retryAfterShortfallMsTotal += shortfallMs;
      counts.retryAfterShortfallMsMax = Math.max(counts.retryAfterShortfallMsMax, shortfallMs);
    }
    if (!Number.isNaN(client.refusedAtMs)) {
      if (bucket !== undefined) {
        // Waiting out a Retry-After is what the shop asked for: only idling past it is the client's own.
        const idleFromMs = Math.max(client.refusedAtMs, bucket.emptyFromMs, client.waitUntilMs);
        const idleMs = Math.max(0, nowMs - idleFromMs);
        counts.idleBucketMs += idleMs;
        counts.idleCapacityCalls += (idleMs * bucket.leakPerSecond) / 1000;
      }
      client.refusedAtMs = Number.NaN;
    }
    if (bucket?.full === true) counts.callsAtFullBucket++;
  }

  /**
   * Scores what the client got for a request: throttles, the Retry-After wait it names (from when the
   * answer went out), and a refusal that leaves the client with work waiting.
   *
   * @param arrivedMs - When the request arrived, in ms on the model's clock.
   * @param throttle - The answer is a throttle whatever its status: GraphQL's THROTTLED comes in a 200 by
   *   default, so the status alone does not say.
   */
  answered(
    client: PolitenessClient,
    arrivedMs: number,
    seen: AnswerSeen,
    source: AnswerSource,
    throttle = false,
    request?: HttpRequest,
  ): void {
    if (seen.kind === 'hang') return;
    if (seen.kind === 'reset') this.refused(client, arrivedMs + seen.delayMs);
    else this.answeredWith(client, arrivedMs, seen.response, seen.delayMs, source, throttle, request);
  }

  /** {@link PolitenessRecorder.answered} for an answer, without wrapping it (the model's hot path). */
  answeredWith(
    client: PolitenessClient,
    arrivedMs: number,
    response: HttpResponse,
    delayMs: number,
    source: AnswerSource,
    throttle = false,
    request?: HttpRequest,
  ): void {
    const sentMs = arrivedMs + delayMs;
    const { status } = response;
    const counts = client.counts;
    const throttled = throttle || status === 429;
    if (source === 'injected') {
      if (throttled) counts.injectedThrottled++;
    } else {
      if (status === 429) counts.throttled++;
      if (throttle) counts.graphqlOverAvailableCost++;
    }
    const retryAfterMs = retryAfterMsOf(response);
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      if (client.waitUntilMs <= sentMs) client.waitFromMs = sentMs;
      client.waitUntilMs = Math.max(client.waitUntilMs, sentMs + retryAfterMs);
      if (request !== undefined) openRetryWait(client, requestKey(request), sentMs, sentMs + retryAfterMs);
    }
    if (throttled || status === 408 || status >= 500) this.refused(client, sentMs);
  }

  /** Every scored client of `shop` (lower-case), in the order they first called. */
  snapshot(shop: string): ClientPoliteness[] {
    return [...(this.byShop.get(shop)?.values() ?? [])].map((client) => ({ ...client.counts }));
  }

  /** Every scored client of every shop. */
  all(): ClientPoliteness[] {
    return [...this.byShop.keys()].flatMap((shop) => this.snapshot(shop));
  }

  private refused(client: PolitenessClient, sentMs: number): void {
    if (Number.isNaN(client.refusedAtMs)) client.refusedAtMs = sentMs;
  }

  /** The client `token` on `shop`, created on first use; undefined past the cap (counted). */
  clientOf(shop: string, token: string): PolitenessClient | undefined {
    let clients = this.byShop.get(shop);
    const known = clients?.get(token);
    if (known !== undefined) return known;
    if (this.clients >= this.maxClients) {
      this.untrackedRequests++;
      return undefined;
    }
    if (clients === undefined) {
      clients = new Map();
      this.byShop.set(shop, clients);
    }
    const client: PolitenessClient = {
      counts: emptyCounts(shop, tokenHint(token)),
      waitFromMs: 0,
      waitUntilMs: Number.NEGATIVE_INFINITY,
      refusedAtMs: Number.NaN,
    };
    clients.set(token, client);
    this.clients++;
    return client;
  }
}

/** Opens (or extends) the Retry-After wait of the request `key`, within {@link retryWaitsKept}. */
function openRetryWait(client: PolitenessClient, key: number, fromMs: number, untilMs: number): void {
  const waits = (client.retryWaits ??= new Map());
  const open = waits.get(key);
  if (open !== undefined && open.untilMs > fromMs) {
    open.untilMs = Math.max(open.untilMs, untilMs);
    return;
  }
  if (open === undefined && waits.size >= retryWaitsKept) {
    for (const [other, wait] of waits) if (wait.untilMs <= fromMs) waits.delete(other);
    if (waits.size >= retryWaitsKept) return;
  }
  if (open !== undefined) {
    open.fromMs = fromMs;
    open.untilMs = untilMs;
  } else waits.set(key, { fromMs, untilMs });
}

function emptyCounts(shop: string, client: string): ClientPoliteness {
  return {
    shop,
    client,
    requests: 0,
    throttled: 0,
    injectedThrottled: 0,
    retryAfterViolations: 0,
    retryAfterShortfallMsTotal: 0,
    retryAfterShortfallMsMax: 0,
    callsAtFullBucket: 0,
    idleBucketMs: 0,
    idleCapacityCalls: 0,
    graphqlOverAvailableCost: 0,
  };
}
