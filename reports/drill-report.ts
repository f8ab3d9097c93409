import type { LatencySummary } from './report-model.js';

/**
 * What a drill (`funnelstorm drill`) adds to its run report: how the open-model webhook sender fared
 * against the user's service. Present on drill reports only.
 */
export interface DrillReport {
  /** The webhook URL the drill sent to. */
  target: string;
  /** The scenario's times were divided by this. */
  speed: number;
  /** Webhook deliveries in the schedule (duplicates included), and how many a 2xx acknowledged. */
  webhooks: number;
  acknowledged: number;
  /** Attempts sent; of them Shopify-style redeliveries of a failed delivery. */
  attempts: number;
  redeliveries: number;
  /** Attempts that got no 2xx within 5 s; of them timeouts. */
  failedAttempts: number;
  timeouts: number;
  /** Deliveries that failed all 9 attempts (Shopify gives up). */
  gaveUp: number;
  /** Attempts that left more than 10 ms after they were due, and the latest, in ms. */
  lateSends: number;
  maxLatenessMs: number;
  /**
   * Webhook latency in ms, to the target's answer: `corrected` from when each attempt was due (free of
   * coordinated omission), `raw` from when it left.
   */
  latencyMs: { corrected: LatencySummary; raw: LatencySummary };
  /** Whether the shop went quiet (no request for the quiet period) before the settle bound. */
  quiescent: boolean;
  /** From the first send to the audit, in ms of real time. */
  durationMs: number;
  /**
   * Why each duplicated source order has more than one order, from the mock's request and delivery logs
   * (at most 1,000 explained; `orders.duplicates` has the whole count).
   */
  duplicateCauses: DrillDuplicate[];
  /** Each client's (access token's) politeness towards the shop, from the mock's own log. */
  clients: DrillClient[];
}

/** Why one source order was created more than once. */
export interface DrillDuplicate {
  sourceOrderId: string;
  /** Orders the shop holds for it (≥ 2). */
  orders: number;
  /** `ambiguous-retry` (created again after an answer that hid a commit), `redelivered-webhook`, or `unknown`. */
  kind: 'ambiguous-retry' | 'redelivered-webhook' | 'unknown';
  /** The cause in words, e.g. "second create 203 ms after an ambiguous 503 (…)". */
  cause: string;
}

/** One client's politeness score (mocks/politeness.ts has the definitions of each figure). */
export interface DrillClient {
  /** The access token's hint (first 6 and last 4 characters), never the whole token. */
  client: string;
  requests: number;
  /** The shop's own 429s the client caused; and the 429s the fault plan injected (not its doing). */
  throttled: number;
  injectedThrottled: number;
  /** Requests sooner than a `Retry-After` the client was given said; how much sooner in all and at most, in ms. */
  retryAfterViolations: number;
  retryAfterShortfallMsTotal: number;
  retryAfterShortfallMsMax: number;
  /** REST requests that arrived when the client's bucket had no room. */
  callsAtFullBucket: number;
  /** Calls the bucket could have served while the client had work waiting, lost. */
  idleCapacityCalls: number;
  /** GraphQL requests over the available cost. */
  graphqlOverAvailableCost: number;
}
