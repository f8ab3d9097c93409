import type { FaultPlan, FaultRule, LatencyDistribution } from '../mocks/faults/fault-plan.js';
import type { KneeSeedResult } from '../reports/knee-model.js';
import type { Scenario } from '../scenarios/scenario-types.js';

/**
 * The scenario a live knee point runs when its world runs `timeScale` times faster than the scenario says
 * (`knee --mode live --time-scale k`): the plan's leak rate × k on a custom plan of the same bucket size
 * (the bucket holds calls, not time), the fault plan's windows ÷ k, its latencies ÷ k and its `limits`
 * windows' leak × k. The arrivals are compressed by the worker (`funnelstorm work --time-scale k`), and the
 * figures scaled back by {@link inScenarioTime}, so a compressed point reads as the scenario's own.
 *
 * What is not compressed, and so weighs k times more: the real network's and Redis's round trips, the
 * processes' own CPU time, the pipeline's own timings (request timeout, backoff, lock lifetimes) and
 * Shopify's `Retry-After`. Keep k where those stay small beside a call's time.
 *
 * @param scenario - The point's resolved scenario (its plan, seed and concurrency already applied).
 * @param timeScale - Above 0; 1 returns the scenario as it is.
 */
export function compressLiveWorld(scenario: Scenario, timeScale: number): Scenario {
  if (timeScale === 1) return scenario;
  const { bucketSize, leakPerSecond } = scenario.shop;
  return {
    ...scenario,
    shop: { ...scenario.shop, plan: 'custom', bucketSize, leakPerSecond: leakPerSecond * timeScale },
    ...(scenario.faults && { faults: compressFaults(scenario.faults, timeScale) }),
  };
}

/** A live point's figures, measured on a world `timeScale` times faster, in the scenario's own time. */
export function inScenarioTime(result: KneeSeedResult, timeScale: number): KneeSeedResult {
  if (timeScale === 1) return result;
  const slower = (ms: number) => round3(ms * timeScale);
  const fewer = (perSecond: number) => round3(perSecond / timeScale);
  return {
    ...result,
    ordersPerSecond: fewer(result.ordersPerSecond),
    callsPerSecond: fewer(result.callsPerSecond),
    p50Ms: slower(result.p50Ms),
    p99Ms: slower(result.p99Ms),
    queueWaitP99Ms: slower(result.queueWaitP99Ms),
    drainMs: slower(result.drainMs),
    ...(result.backlogMs !== undefined && { backlogMs: slower(result.backlogMs) }),
  };
}

function compressFaults(plan: FaultPlan, k: number): FaultPlan {
  const rules = plan.rules.map((rule): FaultRule => {
    const window =
      'window' in rule && rule.window !== undefined ? { window: compressWindow(rule.window, k) } : {};
    if (rule.kind === 'limits')
      return { ...rule, window: compressWindow(rule.window, k), leakPerSecond: rule.leakPerSecond * k };
    if (rule.kind === 'latency') return { ...rule, ...window, latency: compressLatency(rule.latency, k) };
    return { ...rule, ...window };
  });
  return { ...plan, rules };
}

function compressWindow(window: { fromSeconds: number; toSeconds: number }, k: number) {
  return { fromSeconds: window.fromSeconds / k, toSeconds: window.toSeconds / k };
}

function compressLatency(latency: LatencyDistribution, k: number): LatencyDistribution {
  switch (latency.distribution) {
    case 'fixed':
      return { ...latency, ms: latency.ms / k };
    case 'uniform':
      return { ...latency, minMs: latency.minMs / k, maxMs: latency.maxMs / k };
    case 'lognormal':
      return { ...latency, medianMs: latency.medianMs / k, capMs: latency.capMs / k };
    case 'pareto':
      return { ...latency, scaleMs: latency.scaleMs / k, capMs: latency.capMs / k };
  }
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
