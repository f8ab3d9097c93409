import { CoarseSeries } from './coarse-series.js';
import type { LeakyBucketState } from './leaky-bucket.js';
import type { PolitenessClient } from './politeness.js';

/** One app's REST bucket on one shop, over time. */
export interface BucketLevelSeries {
  /** The shop's domain, lower-case. */
  shop: string;
  /** The app, by a hint of its access token (the first 6 and last 4 characters), never the whole token. */
  app: string;
  /** Start of the first interval, in ms on the model's clock. */
  startMs: number;
  /** Width of each interval, in ms: 1000 until the run outgrows the point limit, then doubled as needed. */
  intervalMs: number;
  /**
   * The highest used level (as the call-limit header shows it) after any call in each interval; null for
   * an interval without calls to this bucket.
   */
  maxUsed: (number | null)[];
}

/** A bucket as the model keeps it: its state and its level series. */
export interface BucketEntry {
  readonly shop: string;
  readonly token: string;
  state: LeakyBucketState;
  readonly levels: CoarseSeries;
  /** The same app's politeness score (politeness.ts), kept here to save its lookup on every request. */
  politeness?: PolitenessClient | undefined;
}

/** A new bucket entry for an app on a shop, empty at `nowMs`. */
export function createBucketEntry(
  shop: string,
  token: string,
  nowMs: number,
  timelinePoints: number,
): BucketEntry {
  return {
    shop,
    token,
    state: { level: 0, atMs: nowMs },
    levels: new CoarseSeries('max', { maxPoints: timelinePoints }),
  };
}

/** The series of a bucket entry, with the token reduced to a hint. */
export function bucketLevelSeries(entry: BucketEntry): BucketLevelSeries {
  const { startMs, intervalMs, values } = entry.levels.snapshot();
  return { shop: entry.shop, app: tokenHint(entry.token), startMs, intervalMs, maxUsed: values };
}

/** `shpat_…1234`-style hint: enough to tell apps apart in a report without printing a credential. */
export function tokenHint(token: string): string {
  return token.length <= 10 ? `${token.slice(0, 2)}…` : `${token.slice(0, 6)}…${token.slice(-4)}`;
}
