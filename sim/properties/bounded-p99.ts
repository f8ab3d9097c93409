import { latencyByOrderMs } from './latency-by-order.js';
import { formatMs } from './format-ms.js';
import { orderIdList } from './order-id-list.js';
import { p99Bound } from './p99-bound.js';
import type { PropertyVerdict, RunEvidence } from './run-evidence.js';

/**
 * Property 5 of ../shared/DESIGN.md, **bounded p99**: the run's end-to-end p99
 * (`report.latencyMs.endToEnd.p99`, from each delivery to its order's end) is within the bound derived in
 * p99-bound.ts from the workload and the shop alone — 1.3 × the ideal pipeline's p99 (with the pool the
 * shop needs) and latency tail, plus an explicit allowance for the faults' own time — never from
 * the run's pipeline settings. The verdict carries `ratio`, p99 / bound.
 *
 * Does not apply to a run without orders, nor to a run whose fault plan is expected to need more retries
 * than the retry budget grants: the budget then holds retries back by design (latency traded for load,
 * Google SRE, "Handling Overload"), and no bound is claimed. When broken, it names the orders whose own
 * latency (from the history) exceeds the bound.
 *
 * @example
 * checkBoundedP99(evidence); // { holds: true, detail: 'p99 1,469.1 s ≤ bound 2,222.6 s = 1.5 × (ideal p99 1,480.3 s + …)' }
 */
export function checkBoundedP99(evidence: RunEvidence): PropertyVerdict {
  const p99Ms = evidence.report.latencyMs.endToEnd.p99;
  if (evidence.orders.length === 0) {
    return { property: 'bounded-p99', applies: false, holds: true, detail: 'no orders', orderIds: [] };
  }
  const bound = p99Bound(evidence);
  if (!bound.claimed && bound.retryShare <= bound.retryAllowance) {
    return {
      property: 'bounded-p99',
      applies: false,
      holds: true,
      detail:
        `p99 ${formatMs(p99Ms)}; no bound claimed under a limits cut: the shop never shows the leak ` +
        `rate, so recovering from the cut is a client's guess`,
      orderIds: [],
    };
  }
  if (!bound.claimed) {
    return {
      property: 'bounded-p99',
      applies: false,
      holds: true,
      detail:
        `p99 ${formatMs(p99Ms)}; no bound claimed: the fault plan is expected to need ` +
        `${bound.retryShare.toFixed(3)} retries per first attempt, more than the reference's retry ` +
        `budget grants (${bound.retryAllowance.toFixed(3)}), so the budget holds retries back by design`,
      orderIds: [],
    };
  }
  const workload = [
    `ideal p99 ${formatMs(bound.idealP99Ms)}`,
    ...(bound.latencyTailMs > 0 ? [`latency tail ${formatMs(bound.latencyTailMs)}`] : []),
  ];
  const faults = [
    ...(bound.outageMs > 0 ? [`outages ${formatMs(bound.outageMs)}`] : []),
    ...(bound.retryHorizonMs > 0 ? [`retries ${formatMs(bound.retryHorizonMs)}`] : []),
    ...(bound.pauseHeldMs > 0 ? [`pauses ${formatMs(bound.pauseHeldMs)}`] : []),
  ];
  const derivation =
    `bound ${formatMs(bound.boundMs)} = ${bound.slack} × (${workload.join(' + ')})` +
    (faults.length > 0 ? ` + faults (${faults.join(' + ')})` : '');
  const ratio = bound.boundMs > 0 ? Math.round((p99Ms / bound.boundMs) * 1e4) / 1e4 : 0;
  // The report's p99 comes from an HDR histogram of integer µs with 3 significant digits: up to 0.1 % and
  // 1 µs above the exact value, never below (reports/latency-recorder.ts). A p99 within that of the bound
  // is within it (seed 1: one order of 0 ms on a 0 ms network, reported as 0.001 ms, against a 0 ms bound).
  if (p99Ms <= bound.boundMs * (1 + histogramPrecision) + histogramResolutionMs) {
    return {
      property: 'bounded-p99',
      applies: true,
      holds: true,
      detail: `p99 ${formatMs(p99Ms)} ≤ ${derivation}`,
      orderIds: [],
      ratio,
    };
  }
  const slow = [...latencyByOrderMs(evidence)].filter(([, ms]) => ms > bound.boundMs).map(([id]) => id);
  return {
    property: 'bounded-p99',
    applies: true,
    holds: false,
    detail: `p99 ${formatMs(p99Ms)} > ${derivation}; ${slow.length} orders took longer than the bound`,
    orderIds: orderIdList(slow),
    ratio,
  };
}

/** The relative precision of the report's latency histograms (3 significant digits). */
const histogramPrecision = 0.001;

/** The report's latency resolution, in ms (integer µs). */
const histogramResolutionMs = 0.001;
