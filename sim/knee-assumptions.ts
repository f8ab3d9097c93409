import type { LatencyDistribution } from '../mocks/faults/fault-plan.js';
import type { KneeAssumptions } from '../reports/knee-model.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { workflowCalls } from './properties/workflow-targets.js';

/**
 * The REST calls one order of the scenario's workflow costs on a clean run (sim/properties/workflow-
 * targets.ts `workflowCalls`): what the plan's REST bucket is spent on. A `metafields-set` step goes to
 * GraphQL, whose cost bucket is a separate limit, so it is not counted.
 */
export function restCallsPerOrder(scenario: Pick<Scenario, 'workflow'>): number {
  return workflowCalls(scenario.workflow).filter((call) => call.route !== 'graphql').length;
}

/**
 * The server time the scenario's fault plan adds to a typical call, in ms: every `latency` rule without a
 * window adds its typical sample (fixed: its `ms`; uniform: the middle; lognormal: the median; Pareto: the
 * minimum) times its probability — latency rules add up (mocks/faults/fault-plan.ts). 0 without any.
 */
export function serverLatencyMs(scenario: Pick<Scenario, 'faults'>): number {
  let total = 0;
  for (const rule of scenario.faults?.rules ?? []) {
    if (rule.kind !== 'latency' || rule.window !== undefined) continue;
    total += rule.probability * typicalMs(rule.latency);
  }
  return total;
}

function typicalMs(latency: LatencyDistribution): number {
  switch (latency.distribution) {
    case 'fixed':
      return latency.ms;
    case 'uniform':
      return (latency.minMs + latency.maxMs) / 2;
    case 'lognormal':
      return latency.medianMs;
    case 'pareto':
      return latency.scaleMs;
  }
}

/**
 * The assumptions a sweep of `scenario` rests on. The time one call holds a worker is the network's round
 * trip, plus its mean jitter (up to `jitterMs` each way, uniform: `jitterMs` in all), plus the server
 * latency, plus one Store round trip (the throttle takes each call's slot with one Store operation). The
 * Store's other operations (claim, lock, result) happen once per order, between calls, and are left out.
 */
export function kneeAssumptions(scenario: Scenario): KneeAssumptions {
  const roundTripMs = scenario.network.roundTripMs;
  const server = serverLatencyMs(scenario);
  const storeRoundTripMs = scenario.store?.roundTripMs ?? 0;
  return {
    roundTripMs,
    serverLatencyMs: round(server),
    storeRoundTripMs,
    callsPerOrder: restCallsPerOrder(scenario),
    callHoldMs: round(roundTripMs + scenario.network.jitterMs + server + storeRoundTripMs),
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
