/**
 * The client-side mirror of a Shopify leaky bucket as a GCRA ("generic cell rate algorithm"): the whole
 * state is one theoretical arrival time, `tatMs`. The bucket's level at time t is (tatMs − t) / intervalMs
 * calls, so "admit while level + 1 ≤ capacity" becomes "call no earlier than tatMs − (capacity − 1) ×
 * intervalMs". That is exactly the real bucket (../shared/DESIGN.md, "Shared throttle"), with no drift, and
 * the same single number can later live in one Redis key shared by processes.
 *
 * State-passing functions (../shared/STYLE.md rule 4): easy to test, easy to simulate.
 */
export interface ClientBucketState {
  /** Theoretical arrival time: when the mirrored bucket will be empty, in ms. */
  tatMs: number;
}

/** The mirrored bucket's shape. */
export interface ClientBucketLimits {
  /** Calls the client lets itself have in the bucket at once (the shop's size minus headroom). */
  capacity: number;
  /** Milliseconds per call at the leak rate: 1000 / leakPerSecond. */
  intervalMs: number;
}

/**
 * Reserves the next call: when it may be sent and the state after it. Reserving is immediate, so calls
 * from many workers get exact, distinct slots ("queue mode" — spacing stays exact whoever asks).
 */
export function reserveCall(
  state: ClientBucketState,
  nowMs: number,
  limits: ClientBucketLimits,
): { startMs: number; state: ClientBucketState } {
  const startMs = Math.max(nowMs, state.tatMs - (limits.capacity - 1) * limits.intervalMs);
  return { startMs, state: { tatMs: Math.max(state.tatMs, startMs) + limits.intervalMs } };
}

/**
 * Corrects the mirror from what the shop said about a call sent at `sentAtMs`: `used` from
 * `X-Shopify-Shop-Api-Call-Limit`, or a 429. The mirror only ever moves later: the header reveals other
 * clients' calls; our own are counted already.
 *
 * The header is an integer that may round the true level up, and latency jitter makes a paced call land
 * a fraction of a call early, so a reading below the bucket size is trusted only down to `used − 1`;
 * otherwise every jittered answer would push the schedule back and the drain would fall below the leak
 * rate. A full reading (`used = size`) or a 429 is taken at its word: the bucket is full.
 */
export function observeCallLimit(
  state: ClientBucketState,
  observation: { sentAtMs: number; used: number; throttled: boolean; bucketSize: number },
  limits: ClientBucketLimits,
): ClientBucketState {
  const full = observation.throttled || observation.used >= observation.bucketSize;
  const level = full ? observation.bucketSize : observation.used - 1;
  const serverTatMs = observation.sentAtMs + Math.max(0, level) * limits.intervalMs;
  return serverTatMs > state.tatMs ? { tatMs: serverTatMs } : state;
}

/** Parses `X-Shopify-Shop-Api-Call-Limit: used/size` (doc); undefined when absent or malformed. */
export function parseCallLimit(value: string | undefined): { used: number; size: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!match) return undefined;
  const used = Number(match[1]);
  const size = Number(match[2]);
  return size > 0 ? { used, size } : undefined;
}
