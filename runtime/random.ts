/**
 * The Random seam: every random choice in the deterministic core draws from a stream forked from the
 * run's seed. One seed, one stream per actor: `fork(label)` derives a child from the parent's seed and the
 * label alone, so adding an actor never reshuffles the others (../shared/STYLE.md rule 2).
 */
export interface Random {
  /** The seed this stream was made from (a 32-bit unsigned integer). */
  readonly seed: number;
  /** The stream's label path from the root, e.g. `root/workers/3`. */
  readonly path: string;
  /** A uniform double in [0, 1). */
  next(): number;
  /** A uniform integer in [minInclusive, maxInclusive]. */
  int(minInclusive: number, maxInclusive: number): number;
  /** A child stream for the actor named `label`, independent of this stream's position. */
  fork(label: string): Random;
}
