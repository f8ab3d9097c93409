import { headerValue } from '../runtime/transport.js';

/**
 * The client-side mirror of a Shopify leaky bucket as a GCRA ("generic cell rate algorithm"): the whole
 * state is one theoretical arrival time, `tatMs`. The bucket's level at time t is (tatMs − t) / intervalMs
 * calls, so "admit while level + 1 ≤ capacity" becomes "call no earlier than tatMs − (capacity − 1) ×
 * intervalMs". That is exactly the real bucket (../shared/DESIGN.md, "Shared throttle"), with no drift, and
 * the same single number lives in one Store key when processes share the limiter (shared-throttle.ts).
 *
 * State-passing functions (../shared/STYLE.md rule 4): easy to test, easy to simulate. The rules about
 * what to believe from the shop (the call-limit header, a 429, a changed bucket size) live here once and
 * serve both the local `Throttle` and the Store-backed `StoreThrottle`.
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

/** The shop's bucket as the client believes it is, and the calls it leaves unused. */
export interface BucketShape {
  /** The shop's REST bucket size, in calls (40 on standard). */
  bucketSize: number;
  /** The shop's leak rate, in calls per second (2 on standard). */
  leakPerSecond: number;
  /** Calls of the bucket the client leaves unused against latency jitter, in calls. */
  headroom: number;
}

/** What one answer says about the shop's bucket. */
export interface CallLimitReading {
  /** Calls in the bucket after this call, from `X-Shopify-Shop-Api-Call-Limit: used/size`. */
  used: number;
  /** The bucket size the header reports. */
  bucketSize: number;
  /** True for a 429: the bucket was full when the call arrived. */
  throttled: boolean;
}

/** A reading of the call-limit header tied to when its call was sent. */
export interface CallLimitObservation extends CallLimitReading {
  /** When the call was sent, in ms on the clock. */
  sentAtMs: number;
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
 * The bucket level, in calls, that the client should believe after a reading.
 *
 * The header is an integer that may round the true level up, and latency jitter makes a paced call land
 * a fraction of a call early, so a reading below the bucket size is trusted only down to `used − 1`;
 * otherwise every jittered answer would push the schedule back and the drain would fall below the leak
 * rate. A full reading (`used = size`) or a 429 is taken at its word: the bucket is full.
 */
export function believedLevel(reading: CallLimitReading): number {
  const full = reading.throttled || reading.used >= reading.bucketSize;
  return Math.max(0, full ? reading.bucketSize : reading.used - 1);
}

/**
 * Corrects the mirror from what the shop said about a call sent at `sentAtMs` (see
 * {@link believedLevel}). The mirror only ever moves later: the header reveals other clients' calls; our
 * own are counted already.
 */
export function observeCallLimit(
  state: ClientBucketState,
  observation: CallLimitObservation,
  limits: ClientBucketLimits,
): ClientBucketState {
  return observeReading(state, observation, observation.sentAtMs, limits);
}

/** {@link observeCallLimit} with the send time apart: no observation object made per answer. */
export function observeReading(
  state: ClientBucketState,
  reading: CallLimitReading,
  sentAtMs: number,
  limits: ClientBucketLimits,
): ClientBucketState {
  const serverTatMs = sentAtMs + believedLevel(reading) * limits.intervalMs;
  return serverTatMs > state.tatMs ? { tatMs: serverTatMs } : state;
}

/** The GCRA limits of a bucket shape: capacity (size minus headroom, at least 1) and the call interval. */
export function limitsOf(shape: BucketShape): ClientBucketLimits {
  return { capacity: Math.max(1, shape.bucketSize - shape.headroom), intervalMs: 1000 / shape.leakPerSecond };
}

/**
 * Adopts the bucket size an answer reports. Shopify may lower limits temporarily to protect the platform
 * (doc, shopify.dev/docs/api/admin-rest/usage/rate-limits; SHOPIFY.md "REST Admin API — leaky bucket");
 * the header shows the new size but not the new leak rate, so the leak rate scales with the size (every
 * documented plan has bucket = 20 × leak; a guess). Returns the same object when nothing changed.
 */
export function adoptBucketSize(shape: BucketShape, bucketSize: number): BucketShape {
  if (bucketSize === shape.bucketSize) return shape;
  const leakPerSecond = (shape.leakPerSecond * bucketSize) / shape.bucketSize;
  return { ...shape, bucketSize, leakPerSecond };
}

/**
 * Reads what an answer says about the bucket: `X-Shopify-Shop-Api-Call-Limit` (doc; header names are
 * case-insensitive) and whether it was a 429. Undefined when the answer has no valid header — it then
 * teaches nothing (a 404 before the bucket, a 5xx from a front end).
 */
export function readCallLimit(status: number, headers: Record<string, string>): CallLimitReading | undefined {
  const limit = parseCallLimit(headerValue(headers, 'x-shopify-shop-api-call-limit'));
  if (limit === undefined) return undefined;
  return { used: limit.used, bucketSize: limit.size, throttled: status === 429 };
}

/** Parses `X-Shopify-Shop-Api-Call-Limit: used/size` (doc); undefined when absent or malformed. */
export function parseCallLimit(value: string | undefined): { used: number; size: number } | undefined {
  if (value === undefined) return undefined;
  const plain = parsePlainCallLimit(value);
  if (plain !== undefined) return plain;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!match) return undefined;
  const used = Number(match[1]);
  const size = Number(match[2]);
  return size > 0 ? { used, size } : undefined;
}

/** The value of `0`. */
const zeroCode = 48;
/** The value of `/`. */
const slashCode = 47;

/**
 * The common form `used/size` — digits, a slash, digits, no spaces, at most 15 digits a side (exact as
 * doubles) — read without a regular expression or a match array (one per answer: issue 12); undefined
 * for anything else, which {@link parseCallLimit} then reads with its pattern. Same result as the pattern.
 */
function parsePlainCallLimit(value: string): { used: number; size: number } | undefined {
  let used = 0;
  let size = 0;
  let digits = 0;
  let slash = -1;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === slashCode && slash === -1 && digits > 0) {
      slash = i;
      digits = 0;
      continue;
    }
    const digit = code - zeroCode;
    if (digit < 0 || digit > 9 || ++digits > 15) return undefined;
    if (slash === -1) used = used * 10 + digit;
    else size = size * 10 + digit;
  }
  if (slash === -1 || digits === 0) return undefined;
  return size > 0 ? { used, size } : undefined;
}
