import type { ShopifyModel } from '../mocks/shopify-model.js';
import type { ShopSeriesSource } from './run-series-recorder.js';

/**
 * The shop model's own series for the charts: its 429s per interval (the bucket's refusals, injected 429s
 * excluded — they never reach the model) and the highest level of the run's one bucket per interval.
 */
export function shopSeries(model: ShopifyModel): ShopSeriesSource {
  const { timeline } = model.stats();
  const bucket = model.bucketLevels()[0];
  return {
    throttled: { startMs: timeline.startMs, intervalMs: timeline.intervalMs, values: timeline.throttled },
    bucketLevel:
      bucket === undefined
        ? { startMs: 0, intervalMs: timeline.intervalMs, values: [] }
        : { startMs: bucket.startMs, intervalMs: bucket.intervalMs, values: bucket.maxUsed },
  };
}
