/**
 * The worker pool a pipeline needs on a shop, from the shop and the network alone: enough orders in flight
 * to spend the plan's whole burst at once (⌈bucketSize / callsPerOrder⌉), and enough calls in flight to
 * keep pace with its leak rate through the round trip (Little's law: leak × round trip, plus one). The
 * bound of property 5 (sim/properties/p99-bound.ts) gives its ideal pipeline this pool, never the run's;
 * the scenario generator gives the reference at least this pool, so a generated reference run is never
 * configured too small for its shop.
 *
 * @param limits - The shop's REST bucket, in calls, and leak rate, in calls per second.
 * @param network - The round trip and each direction's jitter, in ms.
 * @param callsPerOrder - The calls one order costs. Defaults to 3 (create, customer read and write).
 * @example
 * sizedConcurrency({ bucketSize: 40, leakPerSecond: 2 }, { roundTripMs: 100, jitterMs: 0 }); // 14
 */
export function sizedConcurrency(
  limits: { bucketSize: number; leakPerSecond: number },
  network: { roundTripMs: number; jitterMs: number },
  callsPerOrder = 3,
): number {
  const burst = Math.ceil(limits.bucketSize / Math.max(1, callsPerOrder));
  const pace = Math.ceil((limits.leakPerSecond * (network.roundTripMs + 2 * network.jitterMs)) / 1000) + 1;
  return Math.max(1, burst, pace);
}
