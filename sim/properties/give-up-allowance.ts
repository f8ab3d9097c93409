import type { HistoryOperation } from '../history.js';
import { faultLoad, orderCalls } from './fault-load.js';
import { workflowCalls } from './workflow-targets.js';
import { defaultPipelineSettings } from '../../scenarios/scenario-types.js';
import { sizedConcurrency } from '../../scenarios/sized-concurrency.js';
import { referenceRetryFloorPerMinute } from './p99-bound.js';
import { binomialCdf, binomialQuantile } from './quantiles.js';
import { referenceRetryPolicy } from './reference-policy.js';
import type { GiveUp, RunEvidence } from './run-evidence.js';

/**
 * The chance that the give-ups no fault window explains exceed the allowance: 10⁻⁴, so that a correct
 * pipeline is judged wrongly about once in 10,000 runs at worst.
 */
const giveUpTailChance = 1e-4;

/** The stages of an order that each give up on their own: the create, and the customer update. */
const stagesPerOrder = 2;

/** How a run's give-ups stand against what its faults can explain. */
export interface GiveUpJudgement {
  /** Give-ups with a reason whose order met a failure inside a fault window (an outage outlasts retries). */
  inWindow: string[];
  /**
   * How many `inWindow` give-ups the windows explain: as many orders as the reference's retry budget lets
   * exhaust their retries while the windows last (see {@link judgeGiveUps}).
   */
  windowAllowed: number;
  /** The other give-ups with a reason, sorted: only chance failures can explain them. */
  byChance: string[];
  /** Give-ups with an empty reason: nobody could act on them; never explained. */
  withoutReason: string[];
  /**
   * How many `byChance` give-ups chance failures explain: the 1 − 10⁻⁴ quantile of the give-ups a
   * pipeline retrying like the reference would see (see {@link judgeGiveUps}).
   */
  allowed: number;
  /** The give-ups the faults explain: `inWindow`, and `byChance` when within `allowed`. */
  explained: Set<string>;
  /** The give-ups the faults do not explain (empty when all are). */
  unexplained: string[];
}

/**
 * Judges a run's give-ups (dead letters) against what its faults can explain (../shared/DESIGN.md,
 * "Properties": giving up is judged too). A give-up is explained by a failure the reference's retry policy
 * ({@link referenceRetryPolicy}: 8 attempts, jittered backoff) could not outlast:
 *
 * - **No faults** (no rule that can fire, no network pauses): nothing explains a give-up; a run that gives
 *   up on anything is wrong.
 * - **A window** (an outage, a brown-out, a limits cut): a give-up whose order had a failed request (`fail`
 *   or `info` in the history) overlapping a rule's window may be explained — a window can fail every
 *   attempt — but only as many as the reference would lose there: it gives a stage up after 7 retries,
 *   and its retry budget grants at most max(10, pool, 10 % of the 60 × leak first attempts the plan lets
 *   through) retries a 60 s window, shared by every order (pool: the run's workers, at least the pool the
 *   shop needs, scenarios/sized-concurrency.ts, and at most 64 — a budget floor no pool can raise further). A window
 *   of W ms lasts ⌈W / 60 s⌉ + 1 budget windows, so it can exhaust ⌊that grant × windows / 7⌋ orders.
 *   More give-ups in windows than that are unexplained: a pipeline that gives up sooner (one attempt)
 *   loses every order an outage touches, the reference a handful.
 * - **Chance failures** (rules without a window, pauses past the request timeout): the reference gives a
 *   stage up only after `maxAttempts` (8) requests, the create stage's lookups among them (after an
 *   ambiguous failure a retry is a lookup and a create), so with f the highest failure chance of any one
 *   call of an order (fault-load.ts), one stage gives up with chance at most P(Binomial(8, f) ≥ 4), one
 *   order's two stages with q = 1 − (1 − that)². Up to the least h with P(Binomial(orders, q) > h) ≤ 10⁻⁴
 *   give-ups are explained.
 *   A pipeline that gives up sooner (one attempt) gives up far more often and breaks this.
 * - **The retry budget** (DESIGN: retries ≤ 10 % of calls): when the faults need more retries than the
 *   reference's budget grants (p99-bound.ts, `claimed`), retries wait for it by design and may run out
 *   of time; every give-up with a reason is then explained.
 *
 * @param budgetHoldsBack - True when the faults need more retries than the reference's budget grants.
 */
export function judgeGiveUps(
  evidence: RunEvidence,
  giveUps: readonly GiveUp[],
  budgetHoldsBack: boolean,
): GiveUpJudgement {
  const { scenario } = evidence;
  const keys = new Set<string>();
  const withoutReason = new Set<string>();
  for (const { key, reason } of giveUps) {
    if (reason.trim() === '') withoutReason.add(key);
    else keys.add(key);
  }
  for (const key of keys) withoutReason.delete(key);
  const load = faultLoad(scenario.faults, scenario.network.pauses, referenceRetryPolicy.requestTimeoutMs);
  const judgement: GiveUpJudgement = {
    inWindow: [],
    windowAllowed: 0,
    byChance: [],
    withoutReason: [...withoutReason].sort(),
    allowed: 0,
    explained: new Set(),
    unexplained: [],
  };
  if (!load.anyFault) {
    judgement.byChance = [...keys].sort();
    judgement.unexplained = [...judgement.byChance, ...judgement.withoutReason];
    return judgement;
  }
  const failedIn = failedSpans(evidence.history, keys);
  for (const key of [...keys].sort()) {
    const spans = failedIn.get(key) ?? [];
    const met = spans.some(([from, to]) => load.windowsMs.some(([start, end]) => from < end && to >= start));
    (met ? judgement.inWindow : judgement.byChance).push(key);
  }
  const worstCall = Math.max(
    0,
    ...[
      ...(scenario.workflow ? workflowCalls(scenario.workflow) : orderCalls(3)),
      { method: 'GET', route: 'orders.list' as const },
    ].map(
      (call) =>
        faultLoad(scenario.faults, scenario.network.pauses, referenceRetryPolicy.requestTimeoutMs, [call])
          .failureShare,
    ),
  );
  // The create stage counts its lookups among its attempts: after an ambiguous failure each retry is a
  // lookup and a create, so 8 attempts run out after 4 failed creates (seed 2, run 3,772: 5 timeouts at
  // 4.2 % in 8 requests), not 8. A stage gives up at most as often as half its attempts or more fail.
  const { maxAttempts } = referenceRetryPolicy;
  const stageGivesUp = 1 - binomialCdf(maxAttempts, worstCall, Math.ceil(maxAttempts / 2) - 1);
  const orderGivesUp = 1 - (1 - stageGivesUp) ** stagesPerOrder;
  judgement.allowed = budgetHoldsBack
    ? judgement.byChance.length
    : orderGivesUp > 0
      ? binomialQuantile(evidence.orders.length, orderGivesUp, giveUpTailChance)
      : 0;
  judgement.windowAllowed = windowGiveUps(
    load.windowsMs,
    scenario.shop,
    Math.max(
      sizedConcurrency(scenario.shop, scenario.network),
      Math.min(scenario.pipeline.concurrency, maxBudgetPool),
    ),
  );
  if (judgement.inWindow.length <= judgement.windowAllowed)
    for (const key of judgement.inWindow) judgement.explained.add(key);
  else judgement.unexplained = judgement.unexplained.concat(judgement.inWindow);
  if (judgement.byChance.length <= judgement.allowed)
    for (const key of judgement.byChance) judgement.explained.add(key);
  else judgement.unexplained = judgement.unexplained.concat(judgement.byChance);
  // concat, not push(...list): a long run's dead letters can pass the engine's argument limit.
  judgement.unexplained = judgement.unexplained.concat(judgement.withoutReason);
  return judgement;
}

/**
 * The most workers whose retry-budget floor (one retry each a window) counts toward the give-ups a window
 * explains: the largest pool the scenario generator draws. A pipeline cannot buy more explained give-ups
 * with a bigger pool than that.
 */
const maxBudgetPool = 64;

/** The give-ups the fault windows can explain (see {@link judgeGiveUps}, "A window"). */
function windowGiveUps(
  windowsMs: readonly (readonly [number, number])[],
  shop: { bucketSize: number; leakPerSecond: number },
  pool: number,
): number {
  const budgetWindowMs = 60_000;
  const perWindow = Math.max(
    referenceRetryFloorPerMinute,
    pool,
    defaultPipelineSettings.retryBudgetRatio * 60 * shop.leakPerSecond,
  );
  let retries = 0;
  for (const [fromMs, toMs] of windowsMs)
    retries += perWindow * (Math.ceil((toMs - fromMs) / budgetWindowMs) + 1);
  return Math.floor(retries / (referenceRetryPolicy.maxAttempts - 1));
}

/** For each order in `keys`, the spans [invoke, complete] of its requests that failed or are unknown. */
function failedSpans(
  history: Iterable<HistoryOperation>,
  keys: ReadonlySet<string>,
): Map<string, [number, number][]> {
  const spans = new Map<string, [number, number][]>();
  // Most runs give nothing up: then no need to walk the history (a view per request).
  if (keys.size === 0) return spans;
  for (const op of history) {
    if (op.sourceOrderId === undefined || !keys.has(op.sourceOrderId)) continue;
    if (op.type === 'ok') continue;
    const list = spans.get(op.sourceOrderId) ?? [];
    list.push([op.invokeMs, op.completeMs ?? Infinity]);
    spans.set(op.sourceOrderId, list);
  }
  return spans;
}
