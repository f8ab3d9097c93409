import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { formatNumber } from '../reports/format-number.js';
import { FunnelstormError } from '../runtime/errors.js';
import type { RunEstimate } from '../sim/estimate-run.js';

/** What this process may use: the V8 heap limit and the machine's memory, in bytes. */
export interface MachineLimits {
  heapLimitBytes: number;
  totalMemoryBytes: number;
}

/** This process's limits (`node --max-old-space-size` raises the heap limit). */
export function machineLimits(): MachineLimits {
  return { heapLimitBytes: getHeapStatistics().heap_size_limit, totalMemoryBytes: totalmem() };
}

/** Above this many estimated seconds the estimate line says the run is long (it still runs). */
const longRunSeconds = 600;

/**
 * The line `funnelstorm run` prints before a run: the estimate of its memory and time, and a warning when
 * it is long.
 */
export function describeEstimate(estimate: RunEstimate): string {
  const long = estimate.cpuSeconds > longRunSeconds ? ' — a long run; Ctrl-C stops it' : '';
  return (
    `estimate: ${formatNumber(estimate.deliveries)} deliveries · about ${formatBytes(estimate.memoryBytes)} ` +
    `of memory · about ${formatDuration(estimate.cpuSeconds)}${long}`
  );
}

/**
 * Refuses a run whose estimated memory exceeds what this process may use (the smaller of the V8 heap
 * limit and the machine's memory), unless `force`: such a run would grow for minutes and then die out of
 * memory with no report.
 *
 * @param source - The scenario file, named in the message.
 * @throws FunnelstormError `FLAG_INVALID` (exit 2) naming the figures and `--force`.
 */
export function checkRunBudget(
  source: string,
  estimate: RunEstimate,
  options: { force?: boolean; limits?: MachineLimits } = {},
): void {
  if (options.force === true) return;
  const limits = options.limits ?? machineLimits();
  const availableBytes = Math.min(limits.heapLimitBytes, limits.totalMemoryBytes);
  if (estimate.memoryBytes <= availableBytes) return;
  throw new FunnelstormError(
    'FLAG_INVALID',
    `scenario ${source}: the run would need about ${formatBytes(estimate.memoryBytes)} of memory ` +
      `(${formatNumber(estimate.deliveries)} deliveries; about ${formatDuration(estimate.cpuSeconds)}), more ` +
      `than this process may use (${formatBytes(availableBytes)}). Lower traffic.phases[].orders, ` +
      'ratePerSecond or durationSeconds, pipeline.concurrency or network.pauses.probability — or add ' +
      '--force to run it anyway (a larger heap: node --max-old-space-size=<MB>).',
  );
}

/** 1.5e9 → "1.5 GB"; 3.2e6 → "3 MB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  return `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}

/** 42 → "42 s"; 150 → "3 min"; 7200 → "2.0 h". */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
