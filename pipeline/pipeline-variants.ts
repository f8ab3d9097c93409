/**
 * The guarantees of the reference pipeline that a naive baseline can drop, one each. They are options of
 * the one pipeline (reference-pipeline.ts), so a baseline differs from the reference in exactly the
 * guarantee it is named for and in nothing else.
 */
export interface PipelineGuarantees {
  /**
   * Claim the order's idempotency key (its source id) in the Store before creating it, so a second
   * delivery of the same order does nothing. Defaults to true.
   */
  claim: boolean;
  /**
   * After an **ambiguous** create (a timeout, a reset, a 5xx: it may have been applied), look the order up
   * by its source tag before creating it again. Defaults to true.
   */
  reconcile: boolean;
  /**
   * Do the customer's read-modify-write under a per-customer mutex in the Store, sending the lease's
   * fencing token with the write. Defaults to true.
   */
  customerLock: boolean;
  /** Full jitter in every backoff wait of the Shopify client and the workflow. Defaults to true. */
  jitter: boolean;
  /**
   * How calls are paced: `throttle`, the shared client-side leaky bucket (shared-throttle.ts); or
   * `fixed-sleep`, a fixed sleep after every call and no throttle. Defaults to `throttle`.
   */
  pacing: 'throttle' | 'fixed-sleep';
}

/** The reference pipeline's guarantees: all of them. */
export const referenceGuarantees: Readonly<PipelineGuarantees> = {
  claim: true,
  reconcile: true,
  customerLock: true,
  jitter: true,
  pacing: 'throttle',
};

/**
 * The pipelines a run can name: the reference, and the naive baselines — each the reference minus one
 * guarantee, and each with the defect it is named for (../shared/DESIGN.md, "naive baselines"):
 *
 * - `reference` — every guarantee;
 * - `no-idempotency` — no claim and no lookup: after an ambiguous create it creates again → duplicates;
 * - `no-reconcile` — claims, but creates again after an ambiguous create without looking the order up →
 *   duplicates (the claim stops a second delivery, not a retry of the first);
 * - `no-mutex` — the customer's read-modify-write without the lock or a fencing token → concurrent
 *   workers overwrite each other's totals: lost updates;
 * - `no-jitter` — backoff min(cap, base × 2^n) without jitter → clients that failed together retry
 *   together, in waves (the shared throttle still paces what reaches the shop);
 * - `fixed-sleep` — no throttle; each worker sleeps 600 ms after every call (the folklore) → with many
 *   workers a 429 storm and a slower drain.
 */
export const pipelineVariants = {
  reference: {},
  'no-idempotency': { claim: false, reconcile: false },
  'no-reconcile': { reconcile: false },
  'no-mutex': { customerLock: false },
  'no-jitter': { jitter: false },
  'fixed-sleep': { pacing: 'fixed-sleep' },
} as const satisfies Record<string, Partial<PipelineGuarantees>>;

/** The name of a pipeline variant (see {@link pipelineVariants}). */
export type PipelineVariantName = keyof typeof pipelineVariants;

/** The guarantees the variant `name` keeps. */
export function variantGuarantees(name: PipelineVariantName): PipelineGuarantees {
  return { ...referenceGuarantees, ...pipelineVariants[name] };
}
