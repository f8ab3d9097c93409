import { describe, expect, it } from 'vitest';
import {
  buildLatencyHistogram,
  encodeLatencyHistogram,
  mergeLatencyHistograms,
} from './latency-histograms.js';

/** An encoded histogram of the given latencies, in ms. */
function encoded(valuesMs: readonly number[]): string {
  const histogram = buildLatencyHistogram(false);
  for (const ms of valuesMs) histogram.recordValue(Math.round(ms * 1000));
  const text = encodeLatencyHistogram(histogram);
  histogram.destroy();
  return text;
}

describe('mergeLatencyHistograms', () => {
  it('reads percentiles off the sum of the runs, which averaging their p99s does not give', () => {
    // Run A: 99 fast orders and one slow; run B: all slow. Together 101 of 200 are slow.
    const a = encoded([...Array<number>(99).fill(10), 5000]);
    const b = encoded(Array<number>(100).fill(5000));
    const merged = mergeLatencyHistograms([a, b], [49, 51, 100]);
    expect(merged.count).toBe(200);
    expect(merged.spectrum[0]?.ms).toBeCloseTo(10, 1);
    expect(merged.spectrum[1]?.ms).toBeCloseTo(5000, -1);
    expect(merged.spectrum[2]?.ms).toBeCloseTo(5000, -1);
  });

  it('gives the same percentiles for a run merged with itself, twice the count', () => {
    const run = encoded([1, 2, 3, 50, 800, 1200]);
    const once = mergeLatencyHistograms([run]);
    const twice = mergeLatencyHistograms([run, run]);
    expect(twice.count).toBe(2 * once.count);
    expect(twice.spectrum).toEqual(once.spectrum);
  });
});
