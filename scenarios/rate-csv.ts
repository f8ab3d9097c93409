import { FunnelstormError } from '../runtime/errors.js';
import { readCsvRecord } from './csv-record.js';
import { LineReader } from './line-reader.js';
import type { RateFunction } from './thinned-poisson.js';

/** The most rows a rate file may have: it describes a curve, not the orders. */
export const maxRateRows = 100_000;

/**
 * Reads a rate curve: CSV rows of `seconds,ratePerSecond` (an optional header row of non-numbers first),
 * times from the phase's start strictly increasing, rates ≥ 0. Returns the rate function: linear between
 * rows, the first row's rate before it and the last row's after it. Throws `SCENARIO_INVALID` naming the
 * file and line of the first bad row.
 *
 * @param path - The CSV file.
 * @example
 * // 0,2 / 600,20 / 1200,5: from 2 orders/s up to 20 at ten minutes, down to 5 at twenty.
 * const shape = readRateCsv('scenarios/traces/rates.csv');
 */
export function readRateCsv(path: string): RateFunction & { points: readonly [number, number][] } {
  const reader = new LineReader(path);
  const points: [number, number][] = [];
  const fail = (line: number, message: string): FunnelstormError =>
    new FunnelstormError('SCENARIO_INVALID', `${path} line ${line}: ${message}`);
  for (let record = readCsvRecord(reader); record; record = readCsvRecord(reader)) {
    const [time = '', rate = ''] = record.fields.map((field) => field.trim());
    const [t, r] = [Number(time), Number(rate)];
    if (points.length === 0 && record.line === 1 && Number.isNaN(t)) continue;
    if (
      record.fields.length !== 2 ||
      time === '' ||
      rate === '' ||
      !Number.isFinite(t) ||
      !Number.isFinite(r)
    )
      throw fail(
        record.line,
        `must be "seconds,ratePerSecond", two numbers (got ${JSON.stringify(record.fields.join(','))})`,
      );
    if (t < 0 || r < 0) throw fail(record.line, `times and rates must be ≥ 0 (got ${t}, ${r})`);
    const last = points[points.length - 1];
    if (last && t <= last[0]) throw fail(record.line, `times must increase (got ${t} after ${last[0]})`);
    if (points.length >= maxRateRows) throw fail(record.line, `a rate file has at most ${maxRateRows} rows`);
    points.push([t, r]);
  }
  if (points.length === 0) throw fail(reader.lineNumber, 'has no rows of "seconds,ratePerSecond"');
  const max = Math.max(...points.map(([, r]) => r));
  return { points, rate: (t) => interpolate(points, t), bound: () => max };
}

/** The rate at t: linear between the rows around it (binary search), flat outside them. */
function interpolate(points: readonly [number, number][], t: number): number {
  let [lo, hi] = [0, points.length - 1];
  const [t0, r0] = points[lo]!;
  const [tn, rn] = points[hi]!;
  if (t <= t0) return r0;
  if (t >= tn) return rn;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid]![0] <= t) lo = mid;
    else hi = mid;
  }
  const [ta, ra] = points[lo]!;
  const [tb, rb] = points[hi]!;
  return ra + ((rb - ra) * (t - ta)) / (tb - ta);
}

/**
 * The expected number of orders of a rate curve over [0, durationSeconds]: the integral of the rate
 * (trapezoids between rows, rectangles outside them).
 */
export function rateCurveOrders(points: readonly [number, number][], durationSeconds: number): number {
  let total = 0;
  let previous: [number, number] = [0, points[0]?.[1] ?? 0];
  for (const point of [...points, [Infinity, points[points.length - 1]?.[1] ?? 0] as [number, number]]) {
    const end = Math.min(point[0], durationSeconds);
    if (end > previous[0]) {
      const rateAtEnd =
        point[0] === Infinity
          ? point[1]
          : previous[1] + ((point[1] - previous[1]) * (end - previous[0])) / (point[0] - previous[0]);
      total += ((previous[1] + rateAtEnd) / 2) * (end - previous[0]);
    }
    if (point[0] >= durationSeconds) break;
    previous = point;
  }
  return total;
}
