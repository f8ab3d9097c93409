import { FunnelstormError } from '../runtime/errors.js';

/** The shape of the curve Kneedle looks at: bending down (concave) or up (convex). */
export type KneedleCurve = 'concave' | 'convex';
/** Whether y grows or falls with x. */
export type KneedleDirection = 'increasing' | 'decreasing';

/** Options of {@link kneedle}; every field has a default in {@link defaultKneedleOptions}. */
export interface KneedleOptions {
  /** Concave (a knee: growth that flattens) or convex (an elbow). Defaults to `concave`. */
  curve: KneedleCurve;
  /** Defaults to `increasing`. */
  direction: KneedleDirection;
  /**
   * Sensitivity S: how many average x-steps of flatness the difference curve must show after a local
   * maximum before it is called a knee. Smaller finds knees sooner. Defaults to 1 (the paper's advice for
   * offline data).
   */
  sensitivity: number;
  /**
   * Online: keep going after the first knee and report the last one found (knees seen later may replace it,
   * as data keeps arriving). Offline (false, the default) reports the first.
   */
  online: boolean;
}

/** The defaults of {@link KneedleOptions}: concave, increasing, S = 1, offline. */
export const defaultKneedleOptions: KneedleOptions = {
  curve: 'concave',
  direction: 'increasing',
  sensitivity: 1,
  online: false,
};

/** What {@link kneedle} found. */
export interface KneedleResult {
  /** The knee's x (one of the input xs); undefined when the curve has none. */
  kneeX?: number;
  /** The input y at the knee. */
  kneeY?: number;
  /** The knee's x and y normalised to 0…1 over the input's range. */
  normKneeX?: number;
  normKneeY?: number;
  /** Every knee found, in the order found (offline: at most one). */
  allKneesX: number[];
  /**
   * The difference curve: for each input point, in input order, how far the curve (normalised and turned so
   * that its knee is a concave, increasing one) lies above the straight line from its first to its last point.
   */
  difference: number[];
}

/**
 * Finds the knee (or elbow) of a sampled curve by Kneedle: Satopää, Albrecht, Irwin and Raghavan, "Finding
 * a 'Kneedle' in a Haystack: Detecting Knee Points in System Behavior" (ICDCS workshops, 2011). Both axes are
 * normalised to 0…1; the curve is reflected so that its knee is that of a concave, increasing curve; the
 * difference curve (y − x) has a local maximum at each candidate; a candidate becomes a knee when the
 * difference curve falls below the maximum less S times the mean x-step before it rises to a new maximum
 * (a local minimum resets the threshold to 0). Options and answers follow the kneed package (curve,
 * direction, S, online) with its `interp1d` interpolation, i.e. the data as given, unsmoothed.
 *
 * @param xs - Strictly increasing x values (e.g. concurrency).
 * @param ys - One y per x (e.g. throughput).
 * @example
 * kneedle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [0, 60, 80, 85, 90, 95, 96, 97, 98, 99]).kneeX; // 2
 */
export function kneedle(
  xs: readonly number[],
  ys: readonly number[],
  options: Partial<KneedleOptions> = {},
): KneedleResult {
  const { curve, direction, sensitivity, online } = { ...defaultKneedleOptions, ...options };
  checkInput(xs, ys, sensitivity);
  const n = xs.length;
  const xMin = xs[0] ?? 0;
  const xSpan = (xs[n - 1] ?? 0) - xMin;
  const yMin = Math.min(...ys);
  const ySpan = Math.max(...ys) - yMin;
  const none: KneedleResult = { allKneesX: [], difference: xs.map(() => 0) };
  if (n < 3 || xSpan <= 0 || ySpan <= 0) return none;
  const xn = xs.map((x) => (x - xMin) / xSpan);
  const yn = ys.map((y) => (y - yMin) / ySpan);

  // Reflect the curve so its knee is a concave, increasing one: a decreasing concave curve is read from the
  // right (x → 1 − x), a convex decreasing one upside down (y → 1 − y), a convex increasing one both ways.
  const flipX = (curve === 'concave') !== (direction === 'increasing');
  const flipY = curve === 'convex';
  const original = (t: number): number => (flipX ? n - 1 - t : t);
  const tx: number[] = [];
  const diff: number[] = [];
  for (let t = 0; t < n; t += 1) {
    const i = original(t);
    const x = flipX ? 1 - (xn[i] ?? 0) : (xn[i] ?? 0);
    const y = flipY ? 1 - (yn[i] ?? 0) : (yn[i] ?? 0);
    tx.push(x);
    diff.push(y - x);
  }
  const difference = xs.map((_, i) => diff[original(i)] ?? 0);

  const at = (t: number): number => diff[Math.min(n - 1, Math.max(0, t))] ?? 0;
  const isMax = (t: number): boolean => at(t) >= at(t - 1) && at(t) >= at(t + 1);
  const isMin = (t: number): boolean => at(t) <= at(t - 1) && at(t) <= at(t + 1);
  const firstMax = diff.findIndex((_, t) => isMax(t));
  if (firstMax < 0) return { ...none, difference };
  // The paper's threshold step: S times the mean distance between consecutive normalised xs.
  const step = sensitivity * Math.abs(((tx[n - 1] ?? 0) - (tx[0] ?? 0)) / (n - 1));

  const knees: number[] = [];
  let threshold = 0;
  let thresholdAt = firstMax;
  for (let t = firstMax; t < n - 1; t += 1) {
    if (isMax(t)) {
      threshold = at(t) - step;
      thresholdAt = t;
    }
    if (isMin(t)) threshold = 0;
    if (at(t + 1) < threshold) {
      const i = original(thresholdAt);
      if (!knees.includes(i)) knees.push(i);
      if (!online) break;
    }
  }
  const last = knees[knees.length - 1];
  if (last === undefined) return { ...none, difference };
  return {
    kneeX: xs[last],
    kneeY: ys[last],
    normKneeX: xn[last],
    normKneeY: yn[last],
    allKneesX: knees.map((i) => xs[i] ?? 0),
    difference,
  };
}

function checkInput(xs: readonly number[], ys: readonly number[], sensitivity: number): void {
  if (xs.length !== ys.length) {
    throw new FunnelstormError('INTERNAL', `kneedle: ${xs.length} xs but ${ys.length} ys; give one y per x.`);
  }
  xs.forEach((x, i) => {
    if (!Number.isFinite(x) || !Number.isFinite(ys[i] ?? NaN)) {
      throw new FunnelstormError('INTERNAL', `kneedle: point ${i} (${x}, ${ys[i]}) is not a finite number.`);
    }
    if (i > 0 && x <= (xs[i - 1] ?? -Infinity)) {
      throw new FunnelstormError(
        'INTERNAL',
        `kneedle: xs must increase strictly; xs[${i}] = ${x} follows ${xs[i - 1]}.`,
      );
    }
  });
  if (!(sensitivity >= 0)) {
    throw new FunnelstormError('INTERNAL', `kneedle: sensitivity must be ≥ 0, got ${sensitivity}.`);
  }
}
