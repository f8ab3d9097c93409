import type { Random } from '../../runtime/random.js';
import type { HttpRequest } from '../../runtime/transport.js';
import type { ShopLimits } from '../model-options.js';
import type {
  AmbiguousOutcome,
  FaultMatch,
  FaultPlan,
  FaultStatus,
  LimitsFaultRule,
  RequestFaultRule,
} from './fault-plan.js';
import { faultTargetOf, type FaultTarget } from './fault-route.js';
import { FaultStatsRecorder, type FaultStats } from './fault-stats.js';
import { sampleLatencyMs } from './latency-sampler.js';
import { LimitsSchedule, type LimitsTarget } from './limits-schedule.js';

/** A fault that answers instead of the model. */
export type PreRequestFault =
  { kind: 'throttle' } | { kind: 'status'; status: FaultStatus } | { kind: 'reset' } | { kind: 'timeout' };

/** What the plan decided for one request. */
export interface FaultDecision {
  /** The first pre-request fault that fired, in plan order; the model must not see the request. */
  pre: PreRequestFault | undefined;
  /** When no pre-request fault fired: the first ambiguous fault that did — the model handles, then this. */
  ambiguous: AmbiguousOutcome | undefined;
  /** Server time added by every latency rule that fired, in ms (0 when none). */
  delayMs: number;
}

/** Settings of {@link createFaultInjector}. */
export interface FaultInjectorOptions {
  /** A validated plan (`validateFaultPlan`). */
  plan: FaultPlan;
  /** The injector's stream; each rule forks its own from it (`<index>-<kind>`). */
  random: Random;
  /** Time 0 of the plan's windows, in the face's ms. Defaults to 0. */
  originMs?: number;
  /** When the plan is set, in the face's ms: parts of `limits` windows before it are skipped. Defaults to 0. */
  startMs?: number;
}

/** Decides, request by request, which faults of a plan fire. */
export interface FaultInjector {
  readonly plan: FaultPlan;
  /** Applies the `limits` windows started or ended up to `nowMs`. Call before {@link FaultInjector.decide}. */
  advanceLimits(nowMs: number, target: LimitsTarget): void;
  /** Draws every covering rule's decision for one request at `nowMs` and counts what takes effect. */
  decide(request: HttpRequest, nowMs: number): FaultDecision;
  /** An ambiguous fault hid a 2xx answer (the service tells, after the model answered). */
  noteCommitted(): void;
  /** Limits were set from outside during a window: restore those when it ends. */
  rebaseLimits(limits: ShopLimits): void;
  /** Ends a `limits` window in force at `nowMs`, restoring the limits (before the plan is replaced). */
  endLimits(nowMs: number, target: LimitsTarget): void;
  stats(): FaultStats;
  /** Zeroes the counts; decisions go on from where the streams are. */
  clearStats(): void;
}

interface ArmedRule {
  index: number;
  rule: RequestFaultRule;
  random: Random;
  fromMs: number;
  toMs: number;
}

/**
 * Creates the injector of a plan (the evaluation order is described in fault-plan.ts). Every rule draws
 * from its own stream, forked from `random` with the label `<index>-<kind>`, once per request it covers,
 * whether or not an earlier rule fired: a rule's decisions depend only on the requests it covers, so
 * appending a rule, or another rule firing, never changes them.
 *
 * @example
 * const injector = createFaultInjector({ plan: parseFaultPlan(text, 'faults.yaml'), random: root.fork('faults') });
 * injector.advanceLimits(nowMs, model);
 * const decision = injector.decide(request, nowMs);
 */
export function createFaultInjector(options: FaultInjectorOptions): FaultInjector {
  const { plan, random } = options;
  const originMs = options.originMs ?? 0;
  const stats = new FaultStatsRecorder(plan.rules);
  const armed: ArmedRule[] = [];
  const limitsRules: { index: number; rule: LimitsFaultRule }[] = [];
  plan.rules.forEach((rule, index) => {
    if (rule.kind === 'limits') {
      limitsRules.push({ index, rule });
      return;
    }
    const { window } = rule;
    armed.push({
      index,
      rule,
      random: random.fork(`${index}-${rule.kind}`),
      fromMs: window ? originMs + window.fromSeconds * 1000 : -Infinity,
      toMs: window ? originMs + window.toSeconds * 1000 : Infinity,
    });
  });
  const limits = new LimitsSchedule(limitsRules, originMs, options.startMs ?? 0, (index) =>
    stats.apply(index, true),
  );
  const needsTarget = armed.some(({ rule }) => rule.match !== undefined);

  return {
    plan,
    advanceLimits: (nowMs, target) => limits.advance(nowMs, target),
    decide(request, nowMs) {
      stats.request();
      const target = needsTarget ? faultTargetOf(request) : undefined;
      let pre: { index: number; fault: PreRequestFault } | undefined;
      let ambiguous: { index: number; then: AmbiguousOutcome } | undefined;
      let delayMs = 0;
      for (const { index, rule, random: stream, fromMs, toMs } of armed) {
        if (nowMs < fromMs || nowMs >= toMs) continue;
        if (rule.match !== undefined && target !== undefined && !matches(rule.match, target)) continue;
        if (!(stream.next() < rule.probability)) continue;
        stats.fire(index);
        switch (rule.kind) {
          case 'latency': {
            const ms = sampleLatencyMs(rule.latency, stream);
            delayMs += ms;
            stats.apply(index);
            break;
          }
          case 'ambiguous':
            ambiguous ??= { index, then: rule.then };
            break;
          case 'status':
            pre ??= { index, fault: { kind: 'status', status: rule.status } };
            break;
          default:
            pre ??= { index, fault: { kind: rule.kind } };
        }
      }
      if (pre !== undefined) stats.apply(pre.index);
      else if (ambiguous !== undefined) stats.apply(ambiguous.index);
      if (delayMs > 0) stats.latency(delayMs);
      return { pre: pre?.fault, ambiguous: pre === undefined ? ambiguous?.then : undefined, delayMs };
    },
    noteCommitted: () => stats.committed(),
    rebaseLimits: (next) => limits.rebase(next),
    endLimits: (nowMs, target) => limits.end(nowMs, target),
    stats: () => stats.snapshot(),
    clearStats: () => stats.clear(),
  };
}

function matches(match: FaultMatch, target: FaultTarget): boolean {
  if (match.method !== undefined && !match.method.includes(target.method)) return false;
  if (match.route !== undefined && (target.route === undefined || !match.route.includes(target.route)))
    return false;
  if (match.shop !== undefined && !match.shop.includes(target.shop)) return false;
  return true;
}
