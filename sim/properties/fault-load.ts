import type {
  FaultMatch,
  FaultPlan,
  FaultRoute,
  FaultRule,
  LatencyDistribution,
  RequestFaultRule,
} from '../../mocks/faults/fault-plan.js';
import type { NetworkPauses } from '../../scenarios/scenario-types.js';

/**
 * What a scenario's fault plan and network pauses cost the calls of a run, in the terms the p99 bound of
 * bounded-p99.ts adds up. Read from the scenario alone (the plan as data), never from the run.
 */
export interface FaultLoad {
  /**
   * The total length of the union of every window in which a rule may fail or slow calls (status, reset,
   * timeout, ambiguous, throttle, latency and limits rules with a `window` and a chance above 0), in ms.
   * A window with a chance below 1 (a brown-out) counts whole: conservative. A `limits` cut counts past
   * its end: the throttle reserves slots at the cut's rate while it lasts — up to one per worker waiting —
   * and those reservations outlast it, so its window is stretched by `concurrency` × the cut's interval.
   */
  outageMs: number;
  /** The windows counted in `outageMs`, `[from, to)` in ms, as the plan lists them (a limits cut stretched). */
  windowsMs: [number, number][];
  /**
   * The same windows with what they cover: for each of the order's calls (in `calls` order), whether the
   * window's rule matches it, and whether the rule can hold a call until the client's timeout (a timeout,
   * an ambiguous commit answered by silence, or a latency rule). Limits cuts are left out.
   */
  windows: FaultWindow[];
  /**
   * The chance that one call fails, averaged over an order's calls: for each, 1 − Π(1 − pᵢ) over the rules
   * without a window that cover it (each rule draws independently, as the injector does), latency beyond
   * the request timeout and pauses that outlast it included.
   */
  failureShare: number;
  /**
   * The chance that each of the order's calls fails (in `calls` order), as `failureShare` counts it before
   * averaging: a rule may match one call only (a timeout on the create), and that call then fails at
   * its own rate, not the average (the retry quantile of p99-bound.ts takes each call's).
   */
  callFailureShares: number[];
  /** Per call, the chance that it hangs until the client's timeout (`hangShare` before averaging). */
  callHangShares: number[];
  /**
   * The chance that one call hangs until the client's request timeout (timeout rules, ambiguous commits
   * answered by silence, latency or pauses that outlast the timeout): each costs its worker the timeout.
   */
  hangShare: number;
  /**
   * The mean server time latency rules and pauses without a window add to one call, in ms, each capped at
   * the request timeout (the client gives up then). An upper bound: the mean of the uncapped distribution.
   */
  addedLatencyMs: number;
  /**
   * One unlucky call's extra server time, in ms: the sum over the latency rules (without a window) that
   * match a call of the 99th percentile of each distribution, each capped at the request timeout — the most
   * of any of the order's calls.
   */
  latencyTailMs: number;
  /**
   * A busy call's extra server time, in ms: over the latency rules that match the call, the 90th
   * percentile of each distribution for a rule that fires on 10 % of calls or more (capped at the request
   * timeout), its mean share otherwise — the most of any of the order's calls after the create (those made
   * under the customer's lock). Where one customer's orders queue for its lock, the spread of their calls'
   * times, not their mean, sets the queue (bounded-p99, p99-bound.ts).
   */
  lockedLatencyMs: number;
  /** The chance that one call is held by a network pause (0 without pauses). */
  pauseShare: number;
  /** True when the plan can answer 429 itself: a `throttle` rule with a chance above 0, or a `limits` cut. */
  injects429: boolean;
  /** True when the plan has any rule that can fire, or the network pauses requests. */
  anyFault: boolean;
}

/** A fault window of {@link FaultLoad}: when it is open and which of an order's calls it fails or slows. */
export interface FaultWindow {
  /** From, in ms (inclusive). */
  fromMs: number;
  /** To, in ms (exclusive). */
  toMs: number;
  /** Per call of the order (`calls` order): true when the window's rule matches it. */
  covers: boolean[];
  /** True when a call inside it may hang until the client's timeout. */
  hangs: boolean;
  /** The chance a covered call inside it is hit: 1 for an outage, below 1 for a brown-out. */
  chance: number;
  /** For a latency rule, the most it slows one call, in ms (capped at the timeout); else absent. */
  latencyMaxMs?: number;
}

/** One call of an order, as a rule's `match` sees it. */
export interface CallTarget {
  /** The method, upper-case. */
  method: string;
  route: FaultRoute;
}

/**
 * The calls the ideal client makes for an order with `callsPerOrder` calls: the create, then the
 * customer's read and write (../shared/DESIGN.md, "One order's way through").
 */
export function orderCalls(callsPerOrder: number): CallTarget[] {
  const create: CallTarget = { method: 'POST', route: 'orders.create' };
  if (callsPerOrder <= 1) return [create];
  return [create, { method: 'GET', route: 'customers.get' }, { method: 'PUT', route: 'customers.update' }];
}

/**
 * Reads a fault plan and the network's pauses into a {@link FaultLoad}. Shares are averaged over the
 * order's calls, each counting the rules whose `match` covers its method and route (a `shop` match is
 * assumed to cover the run's shop).
 *
 * @param plan - The scenario's resolved `faults` (absent: none).
 * @param pauses - The scenario's `network.pauses` (absent: none).
 * @param requestTimeoutMs - The pipeline's per-request timeout, in ms (`pipeline.requestTimeoutMs`).
 * @param calls - An order's calls (see {@link orderCalls}). Defaults to the create, read and write.
 * @param concurrency - The pipeline's workers (`pipeline.concurrency`): how many slots a limits cut's slow
 *   rate can reserve ahead. Defaults to 1.
 */
export function faultLoad(
  plan: FaultPlan | undefined,
  pauses: NetworkPauses | undefined,
  requestTimeoutMs: number,
  calls: readonly CallTarget[] = orderCalls(3),
  concurrency = 1,
): FaultLoad {
  const windows: [number, number][] = [];
  const covered: FaultWindow[] = [];
  let injects429 = false;
  let anyFault = false;
  const rules: RequestFaultRule[] = [];
  for (const rule of plan?.rules ?? []) {
    if (!canFire(rule)) continue;
    anyFault = true;
    if (rule.kind === 'throttle' || rule.kind === 'limits') injects429 = true;
    const { window } = rule;
    if (window !== undefined) {
      const tailMs = rule.kind === 'limits' ? (concurrency * 1000) / rule.leakPerSecond : 0;
      windows.push([window.fromSeconds * 1000, window.toSeconds * 1000 + tailMs]);
      if (rule.kind !== 'limits')
        covered.push({
          fromMs: window.fromSeconds * 1000,
          toMs: window.toSeconds * 1000,
          covers: calls.map((call) => covers(rule.match, call)),
          hangs:
            rule.kind === 'timeout' ||
            rule.kind === 'latency' ||
            (rule.kind === 'ambiguous' && rule.then === 'timeout'),
          chance: rule.probability,
          ...(rule.kind === 'latency' && {
            latencyMaxMs: Math.min(requestTimeoutMs, maxMs(rule.latency)),
          }),
        });
    } else if (rule.kind !== 'limits') rules.push(rule);
  }
  const pauseShare = pauses === undefined ? 0 : pauses.probability;
  if (pauseShare > 0) anyFault = true;

  let failureShare = 0;
  let hangShare = 0;
  let addedLatencyMs = 0;
  let latencyTailMs = 0;
  let lockedLatencyMs = 0;
  const callFailureShares: number[] = [];
  const callHangShares: number[] = [];
  for (const call of calls) {
    let passes = 1;
    let hangPasses = 1;
    let tailMs = 0;
    let busyMs = 0;
    for (const rule of rules) {
      if (!covers(rule.match, call)) continue;
      const p = rule.probability;
      if (rule.kind === 'latency') {
        const beyond = p * chanceAtLeast(rule.latency, requestTimeoutMs);
        passes *= 1 - beyond;
        hangPasses *= 1 - beyond;
        addedLatencyMs += (p * Math.min(requestTimeoutMs, meanMs(rule.latency))) / calls.length;
        tailMs += Math.min(requestTimeoutMs, quantileMs(rule.latency, 0.99));
        busyMs +=
          p >= 0.1 ? Math.min(requestTimeoutMs, quantileMs(rule.latency, 0.9)) : p * meanMs(rule.latency);
        continue;
      }
      passes *= 1 - p;
      if (rule.kind === 'timeout' || (rule.kind === 'ambiguous' && rule.then === 'timeout'))
        hangPasses *= 1 - p;
    }
    if (pauses !== undefined && pauseShare > 0 && (pauses.route?.includes(call.route) ?? true)) {
      if (pauses.durationMs >= requestTimeoutMs) {
        passes *= 1 - pauseShare;
        hangPasses *= 1 - pauseShare;
      } else {
        addedLatencyMs += (pauseShare * pauses.durationMs) / calls.length;
        // Under a customer's lock a pause holds every order queued behind it: its mean counts there too.
        busyMs += pauseShare * pauses.durationMs;
      }
    }
    failureShare += (1 - passes) / calls.length;
    hangShare += (1 - hangPasses) / calls.length;
    callFailureShares.push(1 - passes);
    callHangShares.push(1 - hangPasses);
    latencyTailMs = Math.max(latencyTailMs, tailMs);
    if (call.route !== 'orders.create') lockedLatencyMs = Math.max(lockedLatencyMs, busyMs);
  }
  return {
    outageMs: unionLengthMs(windows),
    windowsMs: windows,
    windows: covered,
    failureShare,
    hangShare,
    callFailureShares,
    callHangShares,
    addedLatencyMs,
    latencyTailMs,
    lockedLatencyMs,
    pauseShare,
    injects429,
    anyFault,
  };
}

/** True when a rule's `match` covers the call (an absent field matches anything). */
function covers(match: FaultMatch | undefined, call: CallTarget): boolean {
  if (match === undefined) return true;
  if (match.method !== undefined && !match.method.includes(call.method)) return false;
  return match.route === undefined || match.route.includes(call.route);
}

function canFire(rule: FaultRule): boolean {
  return rule.kind === 'limits' || rule.probability > 0;
}

/** The total length of the union of `[from, to)` intervals, in ms. */
export function unionLengthMs(windows: readonly (readonly [number, number])[]): number {
  const sorted = [...windows].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let open: number | undefined;
  let close = 0;
  for (const [from, to] of sorted) {
    if (open === undefined || from > close) {
      if (open !== undefined) total += close - open;
      open = from;
      close = to;
    } else {
      close = Math.max(close, to);
    }
  }
  if (open !== undefined) total += close - open;
  return total;
}

/** The mean of the distribution without its cap (an upper bound on the capped mean), in ms. */
function meanMs(latency: LatencyDistribution): number {
  switch (latency.distribution) {
    case 'fixed':
      return latency.ms;
    case 'uniform':
      return (latency.minMs + latency.maxMs) / 2;
    case 'lognormal':
      return Math.min(latency.capMs, latency.medianMs * Math.exp((latency.sigma * latency.sigma) / 2));
    case 'pareto':
      // The Pareto mean x_m·α/(α − 1) exists only for α > 1; below, the cap is the only bound.
      return latency.shape > 1
        ? Math.min(latency.capMs, (latency.scaleMs * latency.shape) / (latency.shape - 1))
        : latency.capMs;
  }
}

/** The most one sample of the (capped) distribution can be, in ms. */
function maxMs(latency: LatencyDistribution): number {
  switch (latency.distribution) {
    case 'fixed':
      return latency.ms;
    case 'uniform':
      return latency.maxMs;
    case 'lognormal':
    case 'pareto':
      return latency.capMs;
  }
}

/** The `q` quantile (0.9 or 0.99) of one sample of the (capped) distribution, in ms. */
function quantileMs(latency: LatencyDistribution, q: 0.9 | 0.99): number {
  // z such that P(Z ≤ z) = q for a standard normal Z.
  const z = q === 0.99 ? 2.3263 : 1.2816;
  switch (latency.distribution) {
    case 'fixed':
      return latency.ms;
    case 'uniform':
      return latency.minMs + q * (latency.maxMs - latency.minMs);
    case 'lognormal':
      return Math.min(latency.capMs, latency.medianMs * Math.exp(latency.sigma * z));
    case 'pareto':
      // F(x) = 1 − (x_m / x)^α = q at x = x_m · (1 − q)^(−1/α).
      return Math.min(latency.capMs, latency.scaleMs * (1 - q) ** (-1 / latency.shape));
  }
}

/** P(X ≥ thresholdMs) for one sample of the (capped) distribution. */
function chanceAtLeast(latency: LatencyDistribution, thresholdMs: number): number {
  switch (latency.distribution) {
    case 'fixed':
      return latency.ms >= thresholdMs ? 1 : 0;
    case 'uniform': {
      if (latency.maxMs <= latency.minMs) return latency.minMs >= thresholdMs ? 1 : 0;
      const share = (latency.maxMs - thresholdMs) / (latency.maxMs - latency.minMs);
      return Math.min(1, Math.max(0, share));
    }
    case 'lognormal':
      if (latency.capMs < thresholdMs) return 0;
      return normalTail(Math.log(thresholdMs / latency.medianMs) / latency.sigma);
    case 'pareto':
      if (latency.capMs < thresholdMs) return 0;
      return thresholdMs <= latency.scaleMs ? 1 : (latency.scaleMs / thresholdMs) ** latency.shape;
  }
}

/**
 * P(Z ≥ z) for a standard normal Z, from the complementary error function by Abramowitz and Stegun's
 * 7.1.26 (absolute error below 1.5 × 10⁻⁷, ample for a bound).
 */
function normalTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}
