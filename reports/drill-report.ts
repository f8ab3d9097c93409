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
}
