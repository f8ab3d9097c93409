import hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';
import type { SpectrumPoint } from './run-series.js';

/** The settings every funnelstorm latency histogram uses: integer µs, 3 significant digits, 32-bit counts. */
export function buildLatencyHistogram(useWebAssembly: boolean): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 86_400_000_000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly,
  });
}

/** A histogram in hdr-histogram-js's compressed base64 encoding (the format of `series.histograms`). */
export function encodeLatencyHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** What merged histograms say: how many values, and the latency at each asked percentile, in ms. */
export interface MergedLatency {
  count: number;
  spectrum: SpectrumPoint[];
}

/**
 * Merges encoded latency histograms (`series.histograms.endToEndUs` of several runs, or of several worker
 * threads or processes of one run) by adding their counts, and reads percentiles off the sum: the merged
 * p99 is the p99 of all values together, which no average of per-run p99s gives.
 *
 * @param percentiles - Percentiles to read, 0–100. Defaults to 50, 90, 99, 99.9 and 100 (the maximum).
 * @example
 * mergeLatencyHistograms(reports.map((r) => r.series!.histograms.endToEndUs)).spectrum;
 */
export function mergeLatencyHistograms(
  encoded: readonly string[],
  percentiles: readonly number[] = [50, 90, 99, 99.9, 100],
): MergedLatency {
  const sum = buildLatencyHistogram(false);
  try {
    for (const text of encoded) {
      const part = hdr.decodeFromCompressedBase64(text, 32, false);
      sum.add(part);
      part.destroy();
    }
    return {
      count: sum.totalCount,
      spectrum: percentiles.map((percentile) => ({
        percentile,
        ms: sum.getValueAtPercentile(percentile) / 1000,
      })),
    };
  } finally {
    sum.destroy();
  }
}
