import type { RunEvidence } from './run-evidence.js';

/**
 * Each source order's end-to-end latency as the history shows it, in ms: from its first delivery to the
 * completion of its last request. A lower estimate of the pipeline's own figure (which also counts the
 * work after the last answer), used only to name the slowest orders; orders without requests are left out.
 */
export function latencyByOrderMs(evidence: Pick<RunEvidence, 'deliveries' | 'history'>): Map<string, number> {
  const first = new Map<string, number>();
  for (const { sourceOrderId, atMs } of evidence.deliveries) {
    const seen = first.get(sourceOrderId);
    if (seen === undefined || atMs < seen) first.set(sourceOrderId, atMs);
  }
  const latency = new Map<string, number>();
  for (const operation of evidence.history) {
    const id = operation.sourceOrderId;
    const arrivedMs = id === undefined ? undefined : first.get(id);
    if (id === undefined || arrivedMs === undefined) continue;
    const endMs = operation.completeMs ?? operation.invokeMs;
    latency.set(id, Math.max(latency.get(id) ?? 0, endMs - arrivedMs));
  }
  return latency;
}
