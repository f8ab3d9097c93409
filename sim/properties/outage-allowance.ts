import { defaultPipelineSettings } from '../../scenarios/scenario-types.js';
import { p99BoundSlack, retriesPerFailure, type BoundContext } from './bound-context.js';
import { budgetHoldMs, outageSentCalls } from './budget-hold.js';
import { failuresQuantile, percentile99 } from './quantiles.js';
import { referenceRetryPolicy } from './reference-policy.js';
import { referenceRetryFloorPerMinute, retriesCostMs, shopRetryAfterMs } from './reference-retry-cost.js';
import { windowedOrdersMs } from './windowed-orders.js';

/** Term 4 of the p99 bound and the per-order bounds it comes from, in ms. */
export interface OutageAllowance {
  /** The p99 of the orders' bounds with the windows they meet, less 1.3 × the ideal p99 (at least 0). */
  outageMs: number;
  /** Each order's bound with the windows it meets (windowed-orders.ts), in `arrivals` order. */
  windowedMs: number[];
}

/**
 * Term 4 of the p99 bound (p99-bound.ts): what the fault windows cost the orders they can meet
 * (windowed-orders.ts), with the reference's retry budget as it is — the calls it sends into an outage
 * and the hold after it (budget-hold.ts) — and the retries of the chance failures a brown-out forces.
 *
 * @param retryShare - The retries per first attempt the plan's chance failures ask for.
 */
export function outageAllowance(context: BoundContext, retryShare: number): OutageAllowance {
  const { arrivals, ideal, idealMs, load, callsPerOrder, idealConcurrency, orderTailChance, roundTripMs } =
    context;
  const { shop } = context.scenario;
  const slack = p99BoundSlack;
  const windowedMs = windowedOrdersMs(arrivals, ideal, idealMs, load, {
    slack,
    budgetWaitMs: (outage) =>
      budgetHoldMs(outage, {
        arrivals,
        idealMs,
        callsPerOrder,
        retriesPerFailure,
        chanceRetriesPerMinute: 2 * retryShare * 60 * shop.leakPerSecond,
      }),
    outageCalls: (outage) =>
      outageSentCalls(outage, {
        arrivals,
        idealMs,
        callsPerOrder,
        grantsPerWindow: Math.max(
          referenceRetryFloorPerMinute,
          idealConcurrency,
          defaultPipelineSettings.retryBudgetRatio * (shop.bucketSize + 60 * shop.leakPerSecond),
        ),
      }),
    budgetFloorPerMinute: Math.max(referenceRetryFloorPerMinute, idealConcurrency),
    retriesMs: (count, hang) =>
      retriesCostMs(
        count,
        hang ? referenceRetryPolicy.requestTimeoutMs : roundTripMs,
        load.injects429 ? shopRetryAfterMs : 0,
      ),
    failuresAllowed: (chance) => failuresQuantile(callsPerOrder, chance, orderTailChance),
    knockOnMs: context.knockOnMs,
  });
  const outageMs = Math.max(0, percentile99(windowedMs) - slack * percentile99(idealMs));
  return { outageMs, windowedMs };
}
