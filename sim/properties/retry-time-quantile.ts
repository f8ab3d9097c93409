/** The grid the retry time's distribution is computed on, in ms: each wait is rounded up to it. */
const gridMs = 25;

/** What {@link retryTimeQuantileMs} needs besides the failure chance. */
export interface RetryTimeModel {
  /**
   * Each of the order's calls' chance to fail, on its own, per attempt: a call is retried until it
   * succeeds, so it meets a geometric number of failures at its own chance.
   */
  callFailureChances: readonly number[];
  /** The backoff ceiling before retry i + 1 (from 0), in ms; the wait is uniform below it (full jitter). */
  ceilingMs: (retry: number) => number;
  /** The least wait before a retry, in ms (a 429's Retry-After); 0 for none. */
  floorMs: number;
  /** What each failed attempt itself costs, in ms (its round trip). */
  attemptMs: number;
  /** The chance that a failed attempt hung until the client's timeout instead: 0 for none. */
  hangChance: number;
  /** What a hung attempt costs, in ms (the client's timeout). */
  hangMs: number;
  /**
   * The order's stages, each with its own backoff and its own share of failures that hang: the indices of
   * its calls in `callFailureChances`. Defaults to one stage of every call, at `hangChance`.
   */
  stages?: readonly RetryStage[];
}

/** Calls whose failures share one backoff (the reference's: one per stage, pipeline/workflow-backoff.ts). */
export interface RetryStage {
  /** Indices into `callFailureChances`. */
  calls: readonly number[];
  /** The chance that a failed attempt of the stage hung until the client's timeout. */
  hangChance: number;
}

/**
 * The upper `tailChance` quantile of the time an order's failures cost it, in ms: the least t with
 * P(T > t) ≤ `tailChance`, T = Σ over its K failed attempts of (the wait before the retry + the attempt).
 * K is the failures its calls meet before each succeeds, each call at its own chance (a sum of geometric
 * counts: a rule matching only the create fails the create at its full rate, which the chance averaged
 * over the calls understates); the k-th failure of the order waits max(floor, U × ceiling(k)), U uniform
 * in [0, 1) — the reference's capped exponential backoff with full jitter (pipeline/backoff.ts), its
 * exponent counted over the whole order (the reference starts again at each stage: this is the worse) —
 * and then costs a round trip, or the timeout with `hangChance`. Count, waits and hangs are taken
 * together: the K of a 10⁻⁷ tail does not also draw every wait at its ceiling and every failure as a hang,
 * which adding the ceilings of the K-quantile and the hangs' own quantile assumed (about twice this).
 * Computed exactly on a {@link gridMs} grid, every wait and attempt rounded up to it, so the result never
 * falls below the true quantile. Undefined when more than 64 failures keep more than a thousandth of
 * `tailChance` (the caller then falls back on ceilings).
 */
export function retryTimeQuantileMs(tailChance: number, model: RetryTimeModel): number | undefined {
  const { callFailureChances, hangChance } = model;
  if (!callFailureChances.some((p) => p > 0)) return 0;
  if (callFailureChances.some((p) => p >= 1)) return undefined;
  const stages = model.stages ?? [{ calls: callFailureChances.map((_, c) => c), hangChance }];
  // Each stage's cost on its own; the stages' failures are independent, so the cost is their sum.
  const pmfs: Float64Array[] = [];
  let left = 0;
  for (const stage of stages) {
    const chances = stage.calls.map((c) => callFailureChances[c] ?? 0);
    const cost = stageCostPmf(chances, stage.hangChance, tailChance / 1000 / stages.length, model);
    if (cost === undefined) return undefined;
    pmfs.push(cost.pmf);
    left += cost.left;
  }
  // The last stage is not convolved in: the sum's tail is read from its suffix sums (tailOfSumCell), in
  // n log n where the convolution of two stages of n cells each (tens of thousands at a 30 s cap) cost n²
  // and made the bound cost more than the run it judges.
  const last = pmfs.pop() ?? new Float64Array([1]);
  let rest: Float64Array = new Float64Array([1]);
  for (const pmf of pmfs) rest = convolve(rest, pmf);
  return tailOfSumCell(rest, last, Math.max(0, left), tailChance) * gridMs;
}

/**
 * The greatest cell c with S(c) > `tailChance` (0 when none), S(c) = `left` + P(A + B ≥ c) for independent
 * costs A and B given as distributions in cells: the least t, in cells, whose tail with the leftover
 * counted beyond every t is within the chance. With A a single certain 0 (one stage), summed from the top
 * cell down exactly as a single distribution's tail; otherwise S(c) = left + Σᵢ A[i] × P(B ≥ c − i), a
 * non-increasing function of c, searched by bisection.
 */
export function tailOfSumCell(a: Float64Array, b: Float64Array, left: number, tailChance: number): number {
  if (a.length === 1 && a[0] === 1) {
    let tail = left;
    for (let cell = b.length - 1; cell >= 0; cell--) {
      if (tail + b[cell]! > tailChance) return cell;
      tail += b[cell]!;
    }
    return 0;
  }
  const bTail = suffixScratch(b.length + 1); // bTail[m] = P(B ≥ m), for m ≤ b.length
  bTail[b.length] = 0;
  for (let m = b.length - 1; m >= 0; m--) bTail[m] = bTail[m + 1]! + b[m]!;
  let lo = 0;
  let hi = a.length + b.length - 2;
  if (tailAt(a, bTail, b.length, left, hi) > tailChance) return hi;
  if (tailAt(a, bTail, b.length, left, lo) <= tailChance) return 0;
  // S(lo) > tailChance ≥ S(hi): the boundary lies between.
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (tailAt(a, bTail, b.length, left, mid) > tailChance) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * S(c) of {@link tailOfSumCell}, `bTail` B's suffix sums over `bCells` cells: a module function rather
 * than a closure made per call, whose optimized code V8 would drop with the closure.
 *
 * The terms are added in the order of i as Σᵢ A[i] × P(B ≥ c − i) reads, so the sum is the same to the
 * bit; but the loop runs only over the i whose term is not 0 by B's length (c − i < `bCells`), and in two
 * parts — c − i > 0, then c − i ≤ 0 (P(B ≥ 0)) — instead of testing both per cell. The single loop with a
 * skip and a `Math.max` per cell allocated a heap number per cell even when optimized (123 calls of 200
 * check runs: 115 MB, ~550 KB a run; 8 MB this way, and 2–4× faster).
 */
function tailAt(a: Float64Array, bTail: Float64Array, bCells: number, left: number, c: number): number {
  let sum = left;
  const cells = a.length;
  let i = Math.max(0, c - bCells + 1);
  const positive = Math.min(c, cells);
  for (; i < positive; i++) sum += a[i]! * bTail[c - i]!;
  if (i < cells) {
    const all = bTail[0]!;
    for (; i < cells; i++) sum += a[i]! * all;
  }
  return sum;
}

/**
 * A buffer of at least `cells` cells for {@link tailOfSumCell}'s suffix sums, reused from call to call
 * (grown when too small; only its first `cells` are meaningful) instead of a fresh one of 8 bytes a cell
 * per call (tens of thousands of cells at a 30 s backoff cap).
 */
function suffixScratch(cells: number): Float64Array {
  if (suffixBuffer.length < cells) suffixBuffer = new Float64Array(cells);
  return suffixBuffer;
}

let suffixBuffer = new Float64Array(0);

/**
 * The distribution, in grid cells, of what one stage's failures cost (its calls at `chances`, its backoff
 * from the first ceiling), followed until the chance of more failures is at most `leftChance`; `left` is
 * that chance, counted as beyond every cell. Undefined past {@link maxFailures}.
 */
function stageCostPmf(
  chances: readonly number[],
  hangChance: number,
  leftChance: number,
  model: RetryTimeModel,
): { pmf: Float64Array; left: number } | undefined {
  const { ceilingMs, floorMs, attemptMs, hangMs } = model;
  const attemptCells = Math.ceil(attemptMs / gridMs);
  const hangCells = Math.ceil(hangMs / gridMs);
  const countPmf = failureCountPmf(chances, maxFailures);
  let leftK = 1 - countPmf[0]!;
  let waits: Float64Array = new Float64Array([1]); // the distribution of the cost of k failures, in cells
  let total: Float64Array = new Float64Array(1);
  total[0] = countPmf[0]!;
  for (let k = 1; leftK > leftChance; k++) {
    if (k > maxFailures) return undefined;
    waits = withAttempt(withWait(waits, ceilingMs(k - 1), floorMs), attemptCells, hangCells, hangChance);
    const pmfK = countPmf[k]!;
    leftK -= pmfK;
    if (total.length < waits.length) {
      const grown = new Float64Array(waits.length);
      grown.set(total);
      total = grown;
    }
    for (let cell = 0; cell < waits.length; cell++) total[cell]! += pmfK * waits[cell]!;
  }
  return { pmf: total, left: Math.max(0, leftK) };
}

/** The distribution of the sum of two independent costs, in cells. */
function convolve(a: Float64Array, b: Float64Array): Float64Array {
  if (a.length === 1) return a[0] === 1 ? b : b.map((x) => x * a[0]!);
  const to = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) {
    const ai = a[i]!;
    if (ai === 0) continue;
    for (let j = 0; j < b.length; j++) to[i + j]! += ai * b[j]!;
  }
  return to;
}

/** The most failures {@link retryTimeQuantileMs} follows. */
const maxFailures = 64;

/**
 * P(K = k), k = 0 … `max`, K the sum over the calls of each one's failures before it succeeds (geometric:
 * P(j) = (1 − p) p^j).
 */
function failureCountPmf(chances: readonly number[], max: number): Float64Array {
  let pmf = new Float64Array(max + 1);
  pmf[0] = 1;
  for (const p of chances) {
    if (p <= 0) continue;
    const next = new Float64Array(max + 1);
    for (let k = 0; k <= max; k++) {
      if (pmf[k] === 0) continue;
      let geometric = 1 - p;
      for (let j = 0; k + j <= max; j++, geometric *= p) next[k + j]! += pmf[k]! * geometric;
    }
    pmf = next;
  }
  return pmf;
}

/** The distribution of the sum plus one failed attempt: `attemptCells`, or `hangCells` with `hangChance`. */
function withAttempt(
  from: Float64Array,
  attemptCells: number,
  hangCells: number,
  hangChance: number,
): Float64Array {
  const to = new Float64Array(from.length + Math.max(attemptCells, hangChance > 0 ? hangCells : 0));
  for (let cell = 0; cell < from.length; cell++) {
    to[cell + attemptCells]! += (1 - hangChance) * from[cell]!;
    if (hangChance > 0) to[cell + hangCells]! += hangChance * from[cell]!;
  }
  return to;
}

/**
 * The distribution of the sum plus one wait max(floor, U × ceiling), in grid cells, the wait rounded up:
 * P(wait ≤ j cells) = G(j × grid), G(x) = 0 below the floor, min(1, x / ceiling) from it. Inside the
 * uniform part every cell has chance grid / ceiling, so the sum is a sliding window (prefix sums).
 */
function withWait(from: Float64Array, ceilingMs: number, floorMs: number): Float64Array {
  const waitCdf = (ms: number): number =>
    floorMs >= ceilingMs ? (ms >= floorMs ? 1 : 0) : ms < floorMs ? 0 : Math.min(1, ms / ceilingMs);
  const maxCells = Math.ceil(Math.max(ceilingMs, floorMs) / gridMs);
  const to = new Float64Array(from.length + maxCells);
  // Cells j in [low, high] are inside the uniform part: chance grid / ceiling each.
  const low = floorMs >= ceilingMs ? maxCells + 1 : Math.ceil(floorMs / gridMs) + 1;
  const high = floorMs >= ceilingMs ? maxCells : Math.floor(ceilingMs / gridMs);
  for (let j = 0; j <= maxCells; j++) {
    if (j >= low && j <= high) continue;
    const chance = waitCdf(j * gridMs) - (j > 0 ? waitCdf((j - 1) * gridMs) : 0);
    if (chance <= 0) continue;
    for (let cell = 0; cell < from.length; cell++) to[cell + j]! += chance * from[cell]!;
  }
  if (low <= high) {
    const each = gridMs / ceilingMs;
    const prefix = new Float64Array(from.length + 1);
    for (let cell = 0; cell < from.length; cell++) prefix[cell + 1] = prefix[cell]! + from[cell]!;
    for (let cell = 0; cell < to.length; cell++) {
      // to[cell] += each × Σ from[cell − j], j from low to high.
      const lo = Math.max(0, cell - high);
      const hi = Math.min(from.length - 1, cell - low);
      if (hi >= lo) to[cell]! += each * (prefix[hi + 1]! - prefix[lo]!);
    }
  }
  return to;
}
