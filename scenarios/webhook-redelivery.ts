import type { Random } from '../runtime/random.js';
import { shopifyRetryScheduleSeconds, type WebhookSettings } from './scenario-types.js';

/** What Shopify's redelivery did over a run's webhooks. */
export interface RedeliveryStats {
  /** Delivery attempts that failed because the intake was down (each then retried, or given up). */
  failedAttempts: number;
  /** Deliveries the pipeline got but answered after Shopify's 5 s, so Shopify delivered them again. */
  slowAnswers: number;
  /** Redeliveries that reached the pipeline: retries after a failed or slow attempt. */
  redelivered: number;
  /**
   * Source orders none of whose attempts reached the pipeline: Shopify gave up after its last retry (filled
   * in by planDeliveries).
   */
  abandoned: string[];
}

/** Delivers one webhook with Shopify's retries; see {@link createRedelivery}. */
export interface Redelivery {
  /**
   * Plays Shopify's attempts at a webhook first sent at `firstMs`, passes each attempt that reached the
   * pipeline to `delivered` (in ms, ascending), and says whether any did.
   */
  deliver(firstMs: number, delivered: (atMs: number) => void): boolean;
  readonly stats: RedeliveryStats;
}

/**
 * Shopify's delivery of one webhook to a receiver that may be down or slow (../shared/SHOPIFY.md,
 * "Webhooks": the receiver has 1 s to accept the connection and 5 s for the whole request, only 2xx counts;
 * a failed delivery is retried 8 times over 4 hours with the same payload and webhook id,
 * shopify.dev/changelog/updates-to-webhook-retry-mechanism). An attempt at time t:
 * - inside an intake outage (`startSeconds` ≤ t < its end): fails, the pipeline sees nothing;
 * - otherwise it reaches the pipeline, and with chance `slowShare` the answer comes too late: Shopify
 *   counts it failed all the same;
 * - a failed or slow attempt is retried at the next offset of `retryScheduleSeconds` after the first
 *   attempt; after the last one Shopify gives up.
 *
 * Undefined when the settings have no outage and no slow answers: every webhook is then delivered once, as
 * before, and nothing is drawn. The slow draws come from `random` (one per attempt that reaches the
 * pipeline), so they reshuffle nothing else.
 */
export function createRedelivery(webhooks: WebhookSettings, random: Random): Redelivery | undefined {
  const outages = (webhooks.intakeOutages ?? []).map(({ startSeconds, durationSeconds }) => ({
    startMs: startSeconds * 1000,
    endMs: (startSeconds + durationSeconds) * 1000,
  }));
  const slowShare = webhooks.slowShare ?? 0;
  if (outages.length === 0 && slowShare === 0) return undefined;
  const retriesMs = (webhooks.retryScheduleSeconds ?? shopifyRetryScheduleSeconds).map((s) => s * 1000);
  const down = (atMs: number): boolean => outages.some((o) => atMs >= o.startMs && atMs < o.endMs);
  const stats: RedeliveryStats = { failedAttempts: 0, slowAnswers: 0, redelivered: 0, abandoned: [] };
  return {
    stats,
    deliver(firstMs, delivered) {
      let reached = false;
      for (let attempt = 0; attempt <= retriesMs.length; attempt++) {
        const atMs = firstMs + (attempt === 0 ? 0 : retriesMs[attempt - 1]!);
        if (down(atMs)) {
          stats.failedAttempts++;
          continue;
        }
        reached = true;
        delivered(atMs);
        if (attempt > 0) stats.redelivered++;
        if (slowShare === 0 || random.next() >= slowShare) return true;
        stats.slowAnswers++;
      }
      return reached;
    },
  };
}
