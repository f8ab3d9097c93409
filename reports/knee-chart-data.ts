import type { KneeAnalysis, KneeSweep } from './knee-model.js';
import { kneeCurve } from './knee-analysis.js';

/** One plan's knee chart: throughput and p99 against concurrency, the ceiling, the knee and the recommendation. */
export interface KneeChartData {
  plan: string;
  title: string;
  /** Concurrency of each point. */
  xs: number[];
  /** Mean orders per second of each point. */
  ordersPerSecond: number[];
  /** The plan's ceiling, in orders per second (drawn as a line). */
  ceilingOrdersPerSecond: number;
  /** p99 end-to-end of each point, in `p99Unit`. */
  p99: number[];
  p99Unit: 's' | 'min';
  /** The knee Kneedle found and the recommended concurrency, when there are. */
  kneeX?: number;
  recommendedX?: number;
  /** Whether the x axis is logarithmic (the sweep spans a factor of 16 or more). */
  logX: boolean;
}

/** What knee.html's script draws: one chart per plan. */
export function kneeChartData(sweep: KneeSweep, analysis: KneeAnalysis): KneeChartData[] {
  return sweep.plans.map((plan, i) => {
    const planAnalysis = analysis.plans.find((a) => a.plan === plan.plan) ?? analysis.plans[i];
    const curve = kneeCurve(plan);
    const xs = curve.map((p) => p.concurrency);
    const p99Ms = curve.map((p) => p.p99Ms);
    const p99Unit = Math.max(0, ...p99Ms) >= 120_000 ? 'min' : 's';
    const first = xs[0] ?? 1;
    const last = xs[xs.length - 1] ?? 1;
    return {
      plan: plan.plan,
      title: `${plan.plan}: throughput and p99 against concurrency`,
      xs,
      ordersPerSecond: curve.map((p) => round(p.ordersPerSecond)),
      ceilingOrdersPerSecond: round(plan.ceilingOrdersPerSecond),
      p99: p99Ms.map((ms) => round(ms / (p99Unit === 'min' ? 60_000 : 1000))),
      p99Unit,
      ...(planAnalysis?.kneeConcurrency === undefined ? {} : { kneeX: planAnalysis.kneeConcurrency }),
      ...(planAnalysis?.recommended === undefined
        ? {}
        : { recommendedX: planAnalysis.recommended.concurrency }),
      logX: first > 0 && last / first >= 16,
    };
  });
}

/** Six significant digits: enough for a chart, and a smaller page. */
function round(value: number): number {
  return Number(value.toPrecision(6));
}
