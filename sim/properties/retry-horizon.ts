import type { BoundContext } from './bound-context.js';
import { binomialQuantile, failuresQuantile } from './quantiles.js';
import { referenceRetryPolicy } from './reference-policy.js';
import { backoffCeilingMs, retriesCostMs, shopRetryAfterMs } from './reference-retry-cost.js';
import { retryTimeQuantileMs } from './retry-time-quantile.js';

/**
 * Term 5 of the p99 bound (p99-bound.ts), in ms: the time the unluckiest order's chance failures cost it
 * at the reference's backoff — the upper `orderTailChance` quantile of that time (retry-time-quantile.ts),
 * each retry paying a round trip (or the timeout when it hangs) and the ideal's longest slot wait again.
 * The reference's two stages (the create; the customer's read and write) each back off from the first
 * ceiling (pipeline/workflow-backoff.ts, one per stage; pipeline/retry.ts, one per request), each at its
 * worst call's share of failures that hang; a declared workflow is taken as one stage, the worse. 0 when
 * nothing can fail a call.
 */
export function retryHorizonMs(context: BoundContext): number {
  const { load, callsPerOrder, failure, orderTailChance, roundTripMs, slotWaitMs, scenario } = context;
  if (load.failureShare <= 0) return 0;
  const { requestTimeoutMs } = referenceRetryPolicy;
  const floorMs = load.injects429 ? shopRetryAfterMs : 0;
  // The share of a call's failures that hang; a stage's failures hang at its worst call's share.
  const hangShareOf = (c: number): number => {
    const hang = load.callHangShares[c] ?? 0;
    return hang / Math.max(hang, load.callFailureShares[c] ?? 0, 1e-300);
  };
  const allCalls = load.callFailureShares.map((_, c) => c);
  const stages =
    scenario.workflow === undefined && allCalls.length > 1
      ? [[0], allCalls.slice(1)].map((calls) => ({
          calls,
          hangChance: Math.max(0, ...calls.map(hangShareOf)),
        }))
      : undefined;
  const quantileMs = retryTimeQuantileMs(orderTailChance, {
    callFailureChances: load.callFailureShares,
    ceilingMs: backoffCeilingMs,
    floorMs,
    attemptMs: roundTripMs + slotWaitMs,
    hangChance: Math.max(0, ...allCalls.map(hangShareOf)),
    hangMs: requestTimeoutMs + slotWaitMs,
    ...(stages !== undefined && { stages }),
  });
  if (quantileMs !== undefined) return quantileMs;
  // Where the retry time has no quantile (a call that always fails): K's own quantile at each ceiling,
  // half the order's tail chance to its failures, half to how many of them hang (a subset).
  const failures = failuresQuantile(callsPerOrder, failure, orderTailChance / 2);
  const hangs =
    load.hangShare > 0
      ? Math.min(failures, binomialQuantile(callsPerOrder + failures, load.hangShare, orderTailChance / 2))
      : 0;
  return (
    retriesCostMs(failures, roundTripMs + slotWaitMs, floorMs) + hangs * (requestTimeoutMs - roundTripMs)
  );
}
