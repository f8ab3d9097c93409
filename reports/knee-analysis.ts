import { formatDuration } from './format-duration.js';
import { formatNumber } from './format-number.js';
import type {
  KneeAnalysis,
  KneeAssumptions,
  KneePlanAnalysis,
  KneePoint,
  KneeSweep,
  KneeSweepPlan,
  UslFit,
} from './knee-model.js';
import { kneedle } from './kneedle.js';
import { fitUsl } from './usl-fit.js';

/** The share of the target throughput a recommended point must reach: 95 %. */
export const recommendedThroughputShare = 0.95;
/** The most 429s (share of requests) a recommended point may see: 0.5 %. */
export const recommendedMax429Share = 0.005;
/** Throughput "still grows" at a sweep's end when its last point beats the one before by more than 2 %. */
const stillGrowingShare = 0.02;
/** p99 "grows" past the recommendation when it exceeds the recommended point's p99 by more than 10 %. */
const p99GrowthShare = 0.1;

/**
 * The points of one plan the analysis reads: those at the scenario's own arrival rate (rate scale 1), or at
 * the first rate scale swept when 1 was not, one per concurrency, by ascending concurrency.
 */
export function kneeCurve(plan: KneeSweepPlan): KneePoint[] {
  const rate = plan.points.some((p) => p.rateScale === 1) ? 1 : plan.points[0]?.rateScale;
  const byConcurrency = new Map<number, KneePoint>();
  for (const point of plan.points) {
    if (point.rateScale === rate && !byConcurrency.has(point.concurrency))
      byConcurrency.set(point.concurrency, point);
  }
  return [...byConcurrency.values()].sort((a, b) => a.concurrency - b.concurrency);
}

/**
 * Little's law at one point: the calls in flight, i.e. the workers busy on a call, = calls per second × the
 * time one call holds a worker. Near the point's concurrency the workers are the bottleneck; well below it
 * with calls per second at the leak rate, the plan's bucket is.
 */
export function callsInFlight(
  point: Pick<KneePoint, 'callsPerSecond'>,
  assumptions: Pick<KneeAssumptions, 'callHoldMs'>,
): number {
  return (point.callsPerSecond * assumptions.callHoldMs) / 1000;
}

/**
 * Little's law's analytical knee: the workers that keep the plan's leak rate busy when each call holds a
 * worker `callHoldMs`, ⌈leakPerSecond × callHoldMs / 1000⌉ (at least 1).
 */
export function littleKnee(leakPerSecond: number, callHoldMs: number): number {
  // Rounded to 1e-9 first so that 2 calls/s × 1,500 ms gives 3, not 4 through floating-point noise.
  const inFlight = Math.round(((leakPerSecond * callHoldMs) / 1000) * 1e9) / 1e9;
  return Math.max(1, Math.ceil(inFlight));
}

/** The mean drain time (first arrival to last completion) of a point's runs, in ms. */
export function meanDrainMs(point: KneePoint): number {
  if (point.runs.length === 0) return NaN;
  return point.runs.reduce((sum, run) => sum + run.drainMs, 0) / point.runs.length;
}

/**
 * Analyses one plan's sweep: the knee of throughput (orders/s) against concurrency by Kneedle (concave,
 * increasing, S = 1), a Universal Scalability Law fit, Little's law's analytical knee, and the recommended
 * concurrency — the smallest point reaching ≥ 95 % of the plan's ceiling (or of the best throughput seen when
 * the ceiling is out of reach) with ≤ 0.5 % 429s and no dead letters — with the recommendation in words.
 */
export function analyseKneePlan(plan: KneeSweepPlan, assumptions: KneeAssumptions): KneePlanAnalysis {
  const curve = kneeCurve(plan);
  const littleConcurrency = littleKnee(plan.leakPerSecond, assumptions.callHoldMs);
  if (curve.length === 0) {
    return {
      plan: plan.plan,
      littleConcurrency,
      text: `${plan.plan}: no points were measured, so there is nothing to recommend.`,
    };
  }
  const xs = curve.map((p) => p.concurrency);
  const kneeConcurrency =
    curve.length >= 3
      ? kneedle(
          xs,
          curve.map((p) => p.ordersPerSecond),
        ).kneeX
      : undefined;
  const usl = fitUslSafely(curve);
  const choice = recommend(plan, curve, littleConcurrency);
  const recommended =
    choice.point === undefined
      ? undefined
      : {
          concurrency: choice.point.concurrency,
          ceilingShare: choice.point.ceilingShare,
          p99Ms: choice.point.p99Ms,
          share429: choice.point.share429,
        };
  const evidence = [
    kneeConcurrency === undefined ? 'Kneedle finds no knee' : `knee by Kneedle at ${kneeConcurrency}`,
    `Little's law ${littleConcurrency} (${formatNumber(plan.leakPerSecond, 2)} calls/s × ${formatDuration(assumptions.callHoldMs)} a call)` +
      (choice.point === undefined
        ? ''
        : `, ${formatNumber(callsInFlight(choice.point, assumptions), 1)} calls in flight at ${workers(choice.point.concurrency)}`),
    ...(usl === undefined ? [] : [uslPhrase(usl)]),
  ].join('; ');
  const text = `${plan.plan}: ${choice.words}. Evidence: ${evidence}. ${assumptionsPhrase(assumptions)}.`;
  return {
    plan: plan.plan,
    ...(kneeConcurrency === undefined ? {} : { kneeConcurrency }),
    ...(usl === undefined ? {} : { usl }),
    littleConcurrency,
    ...(recommended === undefined ? {} : { recommended }),
    text,
  };
}

/**
 * Analyses a whole sweep: each plan by {@link analyseKneePlan}, and each plan's recommendation followed by
 * what the other plans do with the same launch ("on plus the same launch drains in 12 min at 16 workers").
 * The sensitivity rows are the sweep's to fill (they need more runs); they come back empty.
 */
export function analyseKnee(sweep: KneeSweep): KneeAnalysis {
  const plans = sweep.plans.map((plan) => analyseKneePlan(plan, sweep.assumptions));
  const drains = sweep.plans.map((plan, i) => {
    const concurrency = plans[i]?.recommended?.concurrency;
    const point = kneeCurve(plan).find((p) => p.concurrency === concurrency);
    return point === undefined
      ? undefined
      : { plan: plan.plan, concurrency: point.concurrency, drainMs: meanDrainMs(point) };
  });
  const withOthers = plans.map((analysis, i) => {
    const others = drains
      .filter((d, j) => j !== i && d !== undefined && Number.isFinite(d.drainMs))
      .map(
        (d) =>
          `on ${d?.plan} the same launch drains in ${formatDuration(d?.drainMs ?? NaN)} at ${workers(d?.concurrency ?? NaN)}`,
      );
    if (others.length === 0) return analysis;
    return { ...analysis, text: `${analysis.text} Compared: ${others.join('; ')}.` };
  });
  return { plans: withOthers, sensitivity: [] };
}

interface Choice {
  point?: KneePoint;
  words: string;
}

function recommend(plan: KneeSweepPlan, curve: KneePoint[], littleConcurrency: number): Choice {
  const best = Math.max(...curve.map((p) => p.ordersPerSecond));
  if (!(best > 0)) return { words: 'no concurrency to recommend: no point completed any orders' };
  const ceiling = plan.ceilingOrdersPerSecond;
  const ceilingInReach = ceiling > 0 && best >= recommendedThroughputShare * ceiling;
  const target = recommendedThroughputShare * (ceilingInReach ? ceiling : best);
  const fastEnough = curve.filter((p) => p.ordersPerSecond >= target);
  const clean = fastEnough.filter((p) => p.share429 <= recommendedMax429Share && p.deadLetters === 0);
  const point = clean[0];
  const of = ceilingInReach ? "the plan's ceiling" : 'the best throughput seen';
  if (point === undefined) return { words: nothingQualifies(fastEnough, of) };
  const share = ceilingInReach ? point.ceilingShare : point.ordersPerSecond / best;
  const head =
    `run ${workers(point.concurrency)}: ${percent(share)} of ${of}` +
    (ceilingInReach
      ? ''
      : ` (${percent(point.ceilingShare)} of the plan's ceiling of ${formatNumber(ceiling, 2)} orders/s, out of reach in this sweep)`) +
    `, p99 ${formatDuration(point.p99Ms)}, drains in ${formatDuration(meanDrainMs(point))}`;
  const words = `${head}; ${beyond(point, curve)}`;
  const last = curve[curve.length - 1];
  const beforeLast = curve[curve.length - 2];
  // Throughput still climbing at the sweep's last point, short of the ceiling: the knee lies beyond the sweep.
  const stillGrowing =
    !ceilingInReach &&
    last !== undefined &&
    beforeLast !== undefined &&
    last.ordersPerSecond > beforeLast.ordersPerSecond * (1 + stillGrowingShare);
  if (!stillGrowing) return { point, words };
  return {
    point,
    words:
      `${words}. Throughput still grows at ${workers(last.concurrency)}, the last swept: the knee lies beyond this ` +
      `sweep; sweep further (Little's law puts it at ${littleConcurrency})`,
  };
}

function nothingQualifies(fastEnough: KneePoint[], of: string): string {
  const reasons = fastEnough.map((p) => {
    const why = [
      ...(p.share429 > recommendedMax429Share ? [`${percent(p.share429, 1)} 429s`] : []),
      ...(p.deadLetters > 0 ? [`${formatNumber(p.deadLetters, 1)} dead letters`] : []),
    ];
    return `${workers(p.concurrency)}: ${why.join(', ')}`;
  });
  return (
    `no concurrency to recommend: every point reaching ${percent(recommendedThroughputShare)} of ${of} sees more than ` +
    `${percent(recommendedMax429Share, 1)} 429s or dead letters (${reasons.join('; ')}); look at the retry policy and the faults before adding workers`
  );
}

/** What happens past the recommended point: where p99 starts to grow and where 429s appear. */
function beyond(point: KneePoint, curve: KneePoint[]): string {
  const after = curve.filter((p) => p.concurrency > point.concurrency);
  if (after.length === 0) return `no larger concurrency was swept`;
  const lastBefore = (index: number): number =>
    index <= 0 ? point.concurrency : (after[index - 1]?.concurrency ?? point.concurrency);
  const p99At = after.findIndex((p) => p.p99Ms > point.p99Ms * (1 + p99GrowthShare));
  const at429 = after.findIndex((p) => p.share429 > recommendedMax429Share || p.deadLetters > 0);
  const events: { from: number; what: string }[] = [];
  if (p99At >= 0) events.push({ from: lastBefore(p99At), what: 'p99 grows' });
  if (at429 >= 0) events.push({ from: lastBefore(at429), what: '429s appear' });
  const top = after[after.length - 1];
  const gain =
    top === undefined || point.ordersPerSecond <= 0 ? 0 : top.ordersPerSecond / point.ordersPerSecond - 1;
  const more = `${workers(top?.concurrency ?? point.concurrency)} give ${percent(Math.max(0, gain))} more throughput`;
  if (events.length === 0) return `${more}, and p99 does not grow`;
  events.sort((a, b) => a.from - b.from);
  const first = events[0];
  const second = events[1];
  const phrases =
    second === undefined || first === undefined
      ? [`beyond ${first?.from}, ${first?.what}`]
      : second.from === first.from
        ? [`beyond ${first.from}, ${first.what} and ${second.what}`]
        : [`beyond ${first.from}, ${first.what}`, `beyond ${second.from}, ${second.what}`];
  return `${phrases.join('; ')}; ${more}`;
}

function fitUslSafely(curve: KneePoint[]): UslFit | undefined {
  const points = curve
    .filter((p) => p.concurrency >= 1)
    .map((p) => ({ concurrency: p.concurrency, throughput: p.ordersPerSecond }));
  if (points.length < 3 || points.every((p) => p.throughput <= 0)) return undefined;
  return fitUsl(points);
}

function uslPhrase(usl: UslFit): string {
  const peak = usl.peakConcurrency === undefined ? 'no peak (κ = 0)' : `peak at N* = ${usl.peakConcurrency}`;
  return `USL σ ${formatNumber(usl.sigma, 4)}, κ ${formatNumber(usl.kappa, 6)}, ${peak}, R² ${formatNumber(usl.rSquared, 3)}`;
}

/** The assumptions that drive the answer, in words. */
export function assumptionsPhrase(a: KneeAssumptions): string {
  const ms = (value: number, what: string): string =>
    value > 0 ? `${formatDuration(value)} ${what}` : `no ${what}`;
  return (
    `Assumes ${ms(a.roundTripMs, 'round trip')}, ${ms(a.serverLatencyMs, 'server latency')}, ` +
    `${ms(a.storeRoundTripMs, 'Store round trip')} and ${formatNumber(a.callsPerOrder, 2)} calls per order ` +
    `(a call holds a worker ${formatDuration(a.callHoldMs)})`
  );
}

function percent(fraction: number, decimals = 0): string {
  return `${formatNumber(fraction * 100, decimals)} %`;
}

/** "1 worker", "6 workers". */
function workers(count: number): string {
  return count === 1 ? '1 worker' : `${count} workers`;
}
